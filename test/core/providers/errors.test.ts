import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { createClient } from '../../../src/core/providers/index.ts';
import { PaymonError } from '../../../src/shared/errors.ts';
import type { Provider } from '../../../src/shared/payment.ts';
import type { PaymentRef } from '../../../src/shared/refs.ts';
import { closedPortUrl, sendJson, startServer, type Handler, type TestServer } from '../../helpers/http-server.ts';

const KEY = 'sk_live_NEVER_SHOW_ME_0123456789';
const NOW_DATE = new Date(Date.now() + 90_000).toUTCString();
const REFS: Record<Provider, PaymentRef> = {
  card2crypto: { provider: 'card2crypto', kind: 'payment', value: 'pay_abc123xyz789' },
  paycrypt: { provider: 'paycrypt', kind: 'payment', value: '9515b51e-0279-4294-805d-91f7762914c3' },
};

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** Run one lookup against `handler` and return the PaymonError, checking the key never leaks. */
async function failWith(provider: Provider, handler: Handler | string, timeoutMs = 2000): Promise<PaymonError> {
  let baseUrl: string;
  if (typeof handler === 'string') baseUrl = handler;
  else {
    server = await startServer(handler);
    baseUrl = `${server.url}/api/v1`;
  }
  const client = createClient(provider, { baseUrl, apiKey: KEY, timeoutMs });
  const err = await client.fetchPayment(REFS[provider]).then(
    () => expect.fail('expected the lookup to fail'),
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(PaymonError);
  const error = err as PaymonError;
  expect(error.message).not.toContain(KEY);
  expect(JSON.stringify(error.toInfo())).not.toContain(KEY);
  expect(inspect(error, { depth: 10 })).not.toContain(KEY);
  if (server) expect(server.requests.every((r) => r.headers.authorization === `Bearer ${KEY}`)).toBe(true);
  return error;
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}): Handler =>
  (_req, res) => sendJson(res, status, body, headers);
const text = (status: number, body: string, type = 'text/plain'): Handler =>
  (_req, res) => {
    res.writeHead(status, { 'content-type': type });
    res.end(body);
  };

const HTML = '<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>';

describe.each(['card2crypto', 'paycrypt'] as const)('%s errors', (provider) => {
  it.each([
    // Nothing of a 401/403 body is quoted: that is where a provider would echo the key (issue 16).
    ['401 JSON', json(401, { success: false, error: 'Invalid API key' }), 'auth', 401, /rejected the API key \(HTTP 401\)\. Check the key, or replace it/],
    ['403 empty', text(403, ''), 'auth', 403, /rejected the API key \(HTTP 403\)/],
    ['404 JSON', json(404, { success: false, error: 'Payment not found' }), 'not_found', 404, /"Payment not found".*another shop/],
    ['404 message field', json(404, { message: 'No such payment' }), 'not_found', 404, /"No such payment"/],
    ['404 detail field', json(404, { detail: 'gone' }), 'not_found', 404, /"gone"/],
    ['404 plain text', text(404, 'payment does not exist'), 'not_found', 404, /"payment does not exist"/],
    ['500 JSON', json(500, { error: 'boom' }), 'server', 500, /server error \(HTTP 500: "boom"\); try again later/],
    ['502 HTML page', text(502, HTML, 'text/html'), 'bad_response', 502, /HTML page \(status 502\) instead of JSON/],
    ['404 HTML page (wrong base URL)', text(404, HTML, 'text/html'), 'bad_response', 404, /HTML page \(status 404\).*base URL/],
    ['200 HTML page', text(200, HTML, 'text/html; charset=utf-8'), 'bad_response', 200, /HTML page \(status 200\) instead of JSON/],
    ['200 malformed JSON', text(200, '{"success":true,"data":{', 'application/json'), 'bad_response', 200, /malformed JSON/],
    ['200 empty body', text(200, '', 'application/json'), 'bad_response', 200, /empty answer/],
    ['418 other 4xx', json(418, { error: 'teapot' }), 'bad_response', 418, /unexpected HTTP status 418: "teapot"/],
    ['400', json(400, { error: 'bad id' }), 'invalid_input', 400, /HTTP 400: "bad id"/],
  ])('%s', async (_name, handler, kind, status, message) => {
    const err = await failWith(provider, handler);
    expect(err.kind).toBe(kind);
    expect(err.httpStatus).toBe(status);
    expect(err.message).toMatch(message);
    expect(server?.requests).toHaveLength(1);
  });

  it('429 with Retry-After seconds', async () => {
    const err = await failWith(provider, json(429, { error: 'Slow down' }, { 'retry-after': '12' }));
    expect(err.kind).toBe('rate_limited');
    expect(err.retryAfterSeconds).toBe(12);
    expect(err.toInfo()).toMatchObject({ kind: 'rate_limited', retryAfterSeconds: 12 });
    expect(err.message).toMatch(/try again in 12 s/);
  });

  it('429 with a Retry-After HTTP date', async () => {
    const err = await failWith(provider, json(429, {}, { 'retry-after': NOW_DATE }));
    expect(err.kind).toBe('rate_limited');
    // The date was 90 s ahead when the file loaded; allow for test run time and whole-second dates.
    expect(err.retryAfterSeconds).toBeGreaterThanOrEqual(60);
    expect(err.retryAfterSeconds).toBeLessThanOrEqual(90);
  });

  it('429 with the wait only in the message (the Card2Crypto spec)', async () => {
    const err = await failWith(provider, json(429, { success: false, error: 'Rate limit exceeded. Try again in 30 seconds.' }));
    expect(err.retryAfterSeconds).toBe(30);
    expect(err.message).toContain('Rate limit exceeded. Try again in 30 seconds.');
  });

  it('429 with a plain-text body and no hint', async () => {
    const err = await failWith(provider, text(429, 'Too many requests'));
    expect(err.kind).toBe('rate_limited');
    expect(err.retryAfterSeconds).toBeUndefined();
  });

  it('oversized 200 body', async () => {
    const big = 'x'.repeat(2 * 1024 * 1024);
    const err = await failWith(provider, json(200, { success: true, data: { pad: big } }));
    expect(err.kind).toBe('bad_response');
    expect(err.message).toMatch(/larger than the 1048576-byte limit/);
  });

  it('timeout on a stalled server', async () => {
    const err = await failWith(provider, () => undefined, 200);
    expect(err.kind).toBe('timeout');
  });

  it('connection dropped', async () => {
    expect((await failWith(provider, (req) => req.socket.destroy())).kind).toBe('network');
  });

  it('connection refused', async () => {
    const err = await failWith(provider, `${await closedPortUrl()}/api/v1`);
    expect(err.kind).toBe('network');
    expect(err.message).toMatch(/refused/);
  });

  it('a provider echoing the key is redacted', async () => {
    const err = await failWith(provider, json(400, { error: `Key ${KEY} is revoked` }));
    expect(err.message).toContain('Key [redacted] is revoked');
    expect((await failWith(provider, json(403, { error: `Key ${KEY} is revoked` }))).message).not.toContain('revoked');
  });
});
