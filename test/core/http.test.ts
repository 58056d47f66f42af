import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { getJson, joinUrl, validateBaseUrl } from '../../src/core/http.ts';
import { PaymonError } from '../../src/shared/errors.ts';
import { closedPortUrl, sendJson, startServer, type Handler, type TestServer } from '../helpers/http-server.ts';

const KEY = 'sk_test_SUPERSECRET_1234567890';
let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function serve(handler: Handler): Promise<URL> {
  server = await startServer(handler);
  return new URL(`${server.url}/thing`);
}

/** The PaymonError a promise rejects with; fails the test if it resolves or throws something else. */
async function failure(promise: Promise<unknown>): Promise<PaymonError> {
  const err = await promise.then(
    () => expect.fail('expected a rejection'),
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(PaymonError);
  const error = err as PaymonError;
  // Whatever went wrong, the key must not be in anything a user, log or IPC could see.
  expect(inspect(error, { depth: 10 })).not.toContain(KEY);
  expect(JSON.stringify(error.toInfo())).not.toContain(KEY);
  return error;
}

describe('validateBaseUrl', () => {
  it.each(['https://card2crypto.cc/api/v1', 'https://api.paycrypt.io/', 'http://127.0.0.1:8080', 'http://127.9.9.9', 'http://localhost:3000/x', 'http://[::1]:9/'])(
    'accepts %s',
    (raw) => {
      expect(validateBaseUrl(raw).href.startsWith(raw.replace(/\/$/, ''))).toBe(true);
    },
  );

  it.each([
    ['http://card2crypto.cc/api/v1', /plain http/],
    ['http://128.0.0.1', /plain http/],
    ['http://localhost.evil.com', /plain http/],
    ['ftp://card2crypto.cc', /https/],
    ['file:///etc/passwd', /https/],
    ['javascript:alert(1)', /https/],
    ['not a url', /not a valid URL/],
    ['', /not a valid URL/],
    ['https://user:hunter2@card2crypto.cc', /user name or password/],
    ['https://card2crypto.cc/api?x=1', /query/],
  ])('rejects %s', (raw, message) => {
    const run = () => validateBaseUrl(raw);
    expect(run).toThrow(message);
    try {
      run();
    } catch (err) {
      expect((err as PaymonError).kind).toBe('invalid_input');
      expect((err as PaymonError).message).not.toContain('hunter2');
    }
  });
});

describe('joinUrl', () => {
  it('keeps the base path with or without a trailing slash', () => {
    expect(joinUrl(new URL('https://h.io/api/v1'), ['payments', 'pay_1']).href).toBe('https://h.io/api/v1/payments/pay_1');
    expect(joinUrl(new URL('https://h.io/api/v1/'), ['payments', 'pay_1']).href).toBe('https://h.io/api/v1/payments/pay_1');
    expect(joinUrl(new URL('https://h.io'), ['payment', 'status'], { order_id: 'a:b&c=d' }).href).toBe(
      'https://h.io/payment/status?order_id=a%3Ab%26c%3Dd',
    );
  });

  it('encodes each segment and refuses dot segments', () => {
    expect(joinUrl(new URL('https://h.io/v1'), ['a/b?c#d%']).pathname).toBe('/v1/a%2Fb%3Fc%23d%25');
    for (const bad of ['..', '.', '%2e%2E', '']) {
      expect(() => joinUrl(new URL('https://h.io/v1'), [bad])).toThrow(PaymonError);
    }
  });
});

describe('getJson', () => {
  const opts = { label: 'Test', apiKey: KEY };

  it('sends the bearer key and returns parsed JSON', async () => {
    const url = await serve((_req, res) => sendJson(res, 200, { ok: 1 }));
    await expect(getJson(url, opts)).resolves.toEqual({ status: 200, body: { ok: 1 } });
    expect(server?.requests[0]?.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(server?.requests[0]?.method).toBe('GET');
  });

  it('times out on a server that never answers', async () => {
    const url = await serve(() => undefined);
    const err = await failure(getJson(url, { ...opts, timeoutMs: 200 }));
    expect(err.kind).toBe('timeout');
    expect(err.message).toMatch(/did not answer within 0.2 s/);
  });

  it('times out when headers arrive but the body stalls', async () => {
    const url = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"id":');
    });
    const started = Date.now();
    expect((await failure(getJson(url, { ...opts, timeoutMs: 200 }))).kind).toBe('timeout');
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('stops reading at the body cap, even without content-length', async () => {
    let written = 0;
    const url = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      const chunk = 'x'.repeat(64 * 1024);
      const pump = () => {
        // Keep writing until the client goes away: a body with no end.
        while (!res.destroyed && written < 64 * 1024 * 1024 && res.write(chunk)) written += chunk.length;
        if (!res.destroyed && written < 64 * 1024 * 1024) res.once('drain', pump);
      };
      pump();
    });
    const err = await failure(getJson(url, { ...opts, maxBodyBytes: 1000 }));
    expect(err.kind).toBe('bad_response');
    expect(err.message).toMatch(/larger than the 1000-byte limit/);
    expect(written).toBeLessThan(64 * 1024 * 1024);
  });

  it('rejects an oversized body announced by content-length', async () => {
    const url = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '5000' });
      res.write('{"pad":"');
    });
    expect((await failure(getJson(url, { ...opts, maxBodyBytes: 4096 }))).kind).toBe('bad_response');
  });

  it('reports a dropped connection as network', async () => {
    const url = await serve((req) => req.socket.destroy());
    const err = await failure(getJson(url, opts));
    expect(err.kind).toBe('network');
    expect(err.message).toMatch(/Could not reach Test at 127\.0\.0\.1:\d+: the connection was dropped/);
  });

  it('reports a body cut off mid-way as network', async () => {
    const url = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
      res.write('{"id":"pay_', () => res.socket?.destroy());
    });
    expect((await failure(getJson(url, opts))).kind).toBe('network');
  });

  it('reports a refused connection as network', async () => {
    const err = await failure(getJson(new URL(`${await closedPortUrl()}/x`), opts));
    expect(err.kind).toBe('network');
    expect(err.message).toMatch(/connection was refused/);
    expect(err.httpStatus).toBeUndefined();
  });

  it('does not follow redirects (the key must not travel)', async () => {
    let elsewhere = 0;
    const other = await startServer((_req, res) => {
      elsewhere++;
      sendJson(res, 200, {});
    });
    const url = await serve((_req, res) => {
      res.writeHead(302, { location: `${other.url}/steal` });
      res.end();
    });
    const err = await failure(getJson(url, opts));
    await other.close();
    expect(err.kind).toBe('bad_response');
    expect(err.httpStatus).toBe(302);
    expect(err.message).toMatch(/does not follow redirects/);
    expect(elsewhere).toBe(0);
  });

  it('cancels with the caller signal', async () => {
    const url = await serve(() => undefined);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const err = await failure(getJson(url, { ...opts, signal: controller.signal }));
    expect(err.message).toMatch(/cancelled/);
    expect(server?.requests).toHaveLength(1);
  });

  it('makes no request with an already-aborted signal or an unsendable key', async () => {
    const url = await serve((_req, res) => sendJson(res, 200, {}));
    expect((await failure(getJson(url, { ...opts, signal: AbortSignal.abort() }))).message).toMatch(/cancelled/);
    expect((await failure(getJson(url, { ...opts, apiKey: '' }))).kind).toBe('no_key');
    // fetch() would quote this header value in its own error; we must refuse it first.
    expect((await failure(getJson(url, { ...opts, apiKey: `${KEY}\n` }))).kind).toBe('invalid_input');
    expect(server?.requests).toHaveLength(0);
  });

  it('redacts the key when a provider echoes it', async () => {
    const url = await serve((_req, res) => sendJson(res, 500, { error: `Invalid API key ${KEY}` }));
    const err = await failure(getJson(url, opts));
    expect(err.message).toContain('Invalid API key [redacted]');
  });
});
