import { afterEach, describe, expect, it } from 'vitest';
import { createCard2CryptoClient } from '../../../src/core/providers/card2crypto.ts';
import { PaymonError } from '../../../src/shared/errors.ts';
import type { PaymentRef } from '../../../src/shared/refs.ts';
import { sendJson, startServer, type Handler, type TestServer } from '../../helpers/http-server.ts';

const KEY = 'c2c_live_TESTKEY_abcdef123456';
const ID = 'pay_abc123xyz789';

/** The spec's example `data` object (../shared/specs/card2crypto-get-payment.md). */
function specData(status: string, completedAt: string | null): Record<string, unknown> {
  return {
    id: ID,
    amount: 10000,
    currency: 'usd',
    status,
    checkout_url: `https://card2crypto.cc/checkout/${ID}`,
    customer_email: 'customer@example.com',
    customer_name: 'John Doe',
    metadata: { order_id: '1234', product: 'Premium Plan' },
    created_at: '2025-10-16T12:00:00Z',
    completed_at: completedAt,
  };
}

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function clientFor(handler: Handler, basePath = '/api/v1') {
  server = await startServer(handler);
  return createCard2CryptoClient({ baseUrl: `${server.url}${basePath}`, apiKey: KEY, timeoutMs: 2000 });
}

const ref = (value: string, kind: PaymentRef['kind'] = 'payment'): PaymentRef => ({ provider: 'card2crypto', kind, value });

describe('Card2Crypto client', () => {
  it.each([
    ['pending', null, false],
    ['completed', '2025-10-16T12:01:30Z', true],
    ['failed', null, true],
    ['refunded', '2025-10-16T12:01:30Z', true],
  ])('normalizes the spec example for status %s', async (status, completedAt, final) => {
    const body = { success: true, data: specData(status, completedAt) };
    const client = await clientFor((_req, res) => sendJson(res, 200, body));
    const { payment, raw } = await client.fetchPayment(ref(ID));
    expect(payment).toEqual({
      provider: 'card2crypto',
      id: ID,
      orderId: '1234',
      status,
      final,
      amountMinor: 10000,
      currency: 'USD',
      createdAt: '2025-10-16T12:00:00.000Z',
      completedAt: completedAt === null ? null : '2025-10-16T12:01:30.000Z',
      confirmedAt: null,
      updatedAt: null,
      customerEmail: 'customer@example.com',
      customerName: 'John Doe',
      metadata: { order_id: '1234', product: 'Premium Plan' },
      checkoutUrl: `https://card2crypto.cc/checkout/${ID}`,
    });
    expect(raw).toEqual(body);
    expect(server?.requests).toEqual([
      expect.objectContaining({ method: 'GET', url: `/api/v1/payments/${ID}` }),
    ]);
    expect(server?.requests[0]?.headers.authorization).toBe(`Bearer ${KEY}`);
  });

  it('keeps an unknown status (not final) and tolerates unknown and missing optional fields', async () => {
    const data = { id: ID, amount: 250, status: 'disputed', brand_new_field: { x: 1 }, metadata: { order_id: 77 } };
    const client = await clientFor((_req, res) => sendJson(res, 200, { success: true, data, request_id: 'r1' }));
    const { payment } = await client.fetchPayment(ref(ID));
    expect(payment).toMatchObject({ status: 'disputed', final: false, amountMinor: 250, currency: 'USD' });
    // order_id is used only when it is a string.
    expect(payment).toMatchObject({ orderId: null, checkoutUrl: null, customerEmail: null, createdAt: null });
  });

  it('works with a trailing slash on the base URL', async () => {
    const client = await clientFor((_req, res) => sendJson(res, 200, { success: true, data: specData('pending', null) }), '/api/v1/');
    await client.fetchPayment(ref(ID));
    expect(server?.requests[0]?.url).toBe(`/api/v1/payments/${ID}`);
  });

  it.each([
    ['success:false', { success: false, error: 'Something broke' }, /reported a failure: "Something broke"/],
    ['missing data', { success: true }, /does not understand \(data:/],
    ['amount as string', { success: true, data: { ...specData('pending', null), amount: '10000' } }, /data\.amount/],
    ['fractional amount', { success: true, data: { ...specData('pending', null), amount: 100.5 } }, /data\.amount/],
    ['missing status', { success: true, data: { id: ID, amount: 1 } }, /data\.status/],
    ['another payment', { success: true, data: { ...specData('pending', null), id: 'pay_other' } }, /pay_other instead/],
    ['a bare array', [1, 2], /does not understand/],
    // Issue 16: the spec says "usd" always; a free-form currency once made a 357-character notification title.
    ['a multi-line currency', { success: true, data: { ...specData('pending', null), currency: `usd\n${'x'.repeat(350)}` } }, /data\.currency: expected a three-letter currency code/],
    ['a bidi override in the currency', { success: true, data: { ...specData('pending', null), currency: '\u202Edsu' } }, /data\.currency: expected a three-letter/],
    ['currency as an object', { success: true, data: { ...specData('pending', null), currency: { code: 'usd' } } }, /data\.currency: expected a three-letter/],
  ])('rejects an off-schema 200 (%s) as bad_response', async (_name, body, message) => {
    const client = await clientFor((_req, res) => sendJson(res, 200, body));
    const err = (await client.fetchPayment(ref(ID)).catch((e: unknown) => e)) as PaymonError;
    expect(err).toBeInstanceOf(PaymonError);
    expect(err.kind).toBe('bad_response');
    expect(err.httpStatus).toBe(200);
    expect(err.message).toMatch(message);
  });

  it.each([
    ['an order ref', ref('1234', 'order'), /no order lookup/],
    ['a path traversal', ref('../../admin'), /not a payment ID/],
    ['traversal after a valid prefix', ref('pay_abc/../../admin'), /not a payment ID/],
    ['an encoded traversal', ref('pay_x%2F..%2Fadmin'), /not a payment ID/],
    ['a query smuggle', ref('pay_x?all=1'), /not a payment ID/],
    ['a PayCrypt ID', ref('9515b51e-0279-4294-805d-91f7762914c3'), /PayCrypt payment ID/],
  ])('refuses %s before any request', async (_name, badRef, message) => {
    const client = await clientFor((_req, res) => sendJson(res, 200, { success: true, data: specData('pending', null) }));
    const err = (await client.fetchPayment(badRef).catch((e: unknown) => e)) as PaymonError;
    expect(err.kind).toBe('invalid_input');
    expect(err.message).toMatch(message);
    expect(server?.requests).toHaveLength(0);
  });

  it('rejects a non-https remote base URL at construction', () => {
    expect(() => createCard2CryptoClient({ baseUrl: 'http://card2crypto.cc/api/v1', apiKey: KEY })).toThrow(/plain http/);
  });
});
