import { afterEach, describe, expect, it } from 'vitest';
import { BASE_URL_ENV, baseUrlFor, createClient, DEFAULT_BASE_URLS } from '../../../src/core/providers/index.ts';
import type { Provider } from '../../../src/shared/payment.ts';
import { sendJson, startServer, type TestServer } from '../../helpers/http-server.ts';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('baseUrlFor', () => {
  it('uses the documented defaults', () => {
    expect(DEFAULT_BASE_URLS).toEqual({ card2crypto: 'https://card2crypto.cc/api/v1', paycrypt: 'https://api.paycrypt.io' });
    expect(BASE_URL_ENV).toEqual({ card2crypto: 'PAYMON_CARD2CRYPTO_URL', paycrypt: 'PAYMON_PAYCRYPT_URL' });
    expect(baseUrlFor('card2crypto', {})).toBe('https://card2crypto.cc/api/v1');
    expect(baseUrlFor('paycrypt', { PAYMON_PAYCRYPT_URL: '  ' })).toBe('https://api.paycrypt.io/');
  });

  it('takes the environment override', () => {
    expect(baseUrlFor('card2crypto', { PAYMON_CARD2CRYPTO_URL: 'http://127.0.0.1:4010/api/v1' })).toBe('http://127.0.0.1:4010/api/v1');
    expect(baseUrlFor('paycrypt', { PAYMON_PAYCRYPT_URL: 'https://staging.example.com/pc/' })).toBe('https://staging.example.com/pc/');
  });

  it.each([
    ['card2crypto', 'http://card2crypto.cc/api/v1', /PAYMON_CARD2CRYPTO_URL.*plain http/],
    ['paycrypt', 'ftp://api.paycrypt.io', /PAYMON_PAYCRYPT_URL.*https/],
    ['paycrypt', '::garbage::', /PAYMON_PAYCRYPT_URL.*not a valid URL/],
  ] as const)('rejects %s override %s naming the variable', (provider: Provider, value, message) => {
    expect(() => baseUrlFor(provider, { [BASE_URL_ENV[provider]]: value })).toThrow(message);
  });
});

describe('createClient', () => {
  it('builds each provider client against its own path', async () => {
    server = await startServer((req, res) =>
      req.url?.startsWith('/c2c/')
        ? sendJson(res, 200, { success: true, data: { id: 'pay_1', amount: 1, status: 'pending' } })
        : sendJson(res, 200, { payment_id: '9515b51e-0279-4294-805d-91f7762914c3', amount: 1, status: 'pending' }),
    );
    const c2c = createClient('card2crypto', { baseUrl: `${server.url}/c2c`, apiKey: 'k1_abcdefgh' });
    const pc = createClient('paycrypt', { baseUrl: `${server.url}/pc/`, apiKey: 'k2_abcdefgh' });
    expect(c2c.provider).toBe('card2crypto');
    expect(pc.provider).toBe('paycrypt');
    await c2c.fetchPayment({ provider: 'card2crypto', kind: 'payment', value: 'pay_1' });
    await pc.fetchPayment({ provider: 'paycrypt', kind: 'payment', value: '9515B51E-0279-4294-805D-91F7762914C3' });
    expect(server.requests.map((r) => [r.url, r.headers.authorization])).toEqual([
      ['/c2c/payments/pay_1', 'Bearer k1_abcdefgh'],
      ['/pc/payment/status?payment_id=9515b51e-0279-4294-805d-91f7762914c3', 'Bearer k2_abcdefgh'],
    ]);
  });

  it('rejects an unknown provider and a bad base URL', () => {
    expect(() => createClient('stripe' as Provider, { baseUrl: 'https://x.io', apiKey: 'k' })).toThrow(/Unknown provider/);
    expect(() => createClient('paycrypt', { baseUrl: 'http://10.0.0.1', apiKey: 'k' })).toThrow(/plain http/);
  });
});
