/**
 * `localhost` in a plain-http base URL is pinned to the loopback address it resolves to (issue 16):
 * a real server on 127.0.0.1 sees the request arrive for that address, and a resolver that names
 * another machine gets no request at all, so an http API key never leaves the machine.
 */
import { lookup } from 'node:dns/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { getJson } from '../../src/core/http.ts';
import { isLoopbackAddress, pinLocalhost, type LookupAll } from '../../src/core/loopback.ts';
import { PaymonError } from '../../src/shared/errors.ts';
import { sendJson, startServer, type TestServer } from '../helpers/http-server.ts';

const KEY = 'sk_test_loopback_0123456789';
let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const resolvesTo = (...addresses: string[]): LookupAll => async () => addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
const localIpv4 = (await lookup('localhost', { all: true }).catch(() => [])).some((a) => a.address.startsWith('127.'));

describe('isLoopbackAddress', () => {
  it.each([
    ['127.0.0.1', true], ['127.255.255.254', true], ['127.1.2.3', true], ['::1', true], ['0:0:0:0:0:0:0:1', true],
    ['::0001', true], ['::ffff:127.0.0.1', true],
    ['128.0.0.1', false], ['10.0.0.1', false], ['192.168.1.9', false], ['0.0.0.0', false], ['::', false], ['::2', false],
    ['fe80::1', false], ['::ffff:10.0.0.1', false], ['1::1', false], ['localhost', false], ['127.0.0.256', false], ['', false],
  ])('%s → %s', (address, loopback) => {
    expect(isLoopbackAddress(address)).toBe(loopback);
  });
});

describe('pinLocalhost', () => {
  it('replaces localhost with the IPv4 loopback address it resolves to, else ::1', async () => {
    const url = new URL('http://localhost:8080/api/v1?x=1');
    expect((await pinLocalhost(url, resolvesTo('::1', '127.0.0.1'))).href).toBe('http://127.0.0.1:8080/api/v1?x=1');
    expect((await pinLocalhost(url, resolvesTo('::1'))).href).toBe('http://[::1]:8080/api/v1?x=1');
  });

  it('refuses when localhost resolves to any address off this machine', async () => {
    const url = new URL('http://localhost:8080/');
    for (const lookupAll of [resolvesTo('10.9.8.7'), resolvesTo('127.0.0.1', '203.0.113.5'), resolvesTo()]) {
      await expect(pinLocalhost(url, lookupAll)).rejects.toMatchObject({ kind: 'network', message: expect.stringMatching(/not this machine's loopback/) });
    }
  });

  it('leaves https, IP addresses and other hosts alone, without resolving anything', async () => {
    let asked = 0;
    const counting: LookupAll = async () => ((asked += 1), []);
    for (const raw of ['https://localhost:8443/', 'http://127.0.0.1:1/', 'http://[::1]:1/', 'https://api.paycrypt.io/']) {
      expect((await pinLocalhost(new URL(raw), counting)).href).toBe(raw);
    }
    expect(asked).toBe(0);
  });
});

describe('getJson to http://localhost', () => {
  it.skipIf(!localIpv4)('connects to the resolved loopback address (a real server on 127.0.0.1; skipped: localhost has no IPv4 address here)', async () => {
    server = await startServer((_req, res) => sendJson(res, 200, { ok: true }));
    const port = new URL(server.url).port;
    const answer = await getJson(new URL(`http://localhost:${port}/thing`), { label: 'Test', apiKey: KEY });
    expect(answer.body).toEqual({ ok: true });
    // The request went to the pinned address, not to whatever "localhost" means at connect time.
    expect(server.requests.map((r) => r.headers.host)).toEqual([`127.0.0.1:${port}`]);
  });

  it('sends nothing when a hosts-file or DNS trick points localhost elsewhere', async () => {
    server = await startServer((_req, res) => sendJson(res, 200, { ok: true }));
    const port = new URL(server.url).port;
    const err = await getJson(new URL(`http://localhost:${port}/thing`), { label: 'Test', apiKey: KEY, lookupHost: resolvesTo('10.9.8.7') }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(PaymonError);
    expect((err as PaymonError).message).toMatch(/localhost resolves to 10\.9\.8\.7, which is not this machine's loopback/);
    expect((err as PaymonError).message).not.toContain(KEY);
    expect(server.requests).toEqual([]);
  });
});
