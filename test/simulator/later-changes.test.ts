/** Scripted changes after a payment's outcome (issue 14's reopenings), as the simulator answers them. */
import { describe, expect, it } from 'vitest';
import { SimWorld } from '../../src/simulator/world.ts';

const T0 = Date.UTC(2026, 1, 20, 9, 0, 0);
const M = 60_000;

describe('later changes', () => {
  it('moves a PayCrypt payment after expiry: a late deposit, then paid, in changes and in the body', () => {
    let now = T0;
    const world = new SimWorld({ now: () => now });
    const id = world.addPayCrypt({
      amount: 20,
      createdAt: T0,
      expiresAt: T0 + 10 * M,
      outcome: 'expire',
      later: [
        { at: T0 + 15 * M, status: 'pending', amountReceived: 20, confirmations: 1 },
        { at: T0 + 16 * M, status: 'confirmed', confirmations: 12 },
      ],
    });
    expect(world.changeTimes(id).map((c) => c.status)).toEqual(['pending', 'expired', 'pending', 'confirmed']);
    const body = (t: number) => {
      now = t;
      const res = world.handle({ method: 'GET', path: '/paycrypt/payment/status', query: new URLSearchParams({ payment_id: id }), authorization: `Bearer ${'sk_test_paymonsimulator0001'}` });
      return JSON.parse(res.body) as Record<string, unknown>;
    };
    expect(body(T0 + 12 * M)).toMatchObject({ status: 'expired', tx_hash: null, amount_received: 0 });
    expect(body(T0 + 15 * M)).toMatchObject({ status: 'pending', amount_received: 20, amount_received_usd: 20, confirmations: 1, confirmed_at: null });
    expect(body(T0 + 15 * M)['tx_hash']).toMatch(/^0x[0-9a-f]{64}$/);
    expect(body(T0 + 17 * M)).toMatchObject({ status: 'confirmed', confirmations: 12, confirmed_at: new Date(T0 + 16 * M).toISOString() });
  });

  it('refuses later changes that come before the outcome or out of order', () => {
    const world = new SimWorld({ now: () => T0 });
    expect(() => world.addCard2Crypto({ amount: 100, createdAt: T0, outcome: { complete: T0 + M }, later: [{ at: T0, status: 'disputed' }] })).toThrow(RangeError);
    expect(() =>
      world.addPayCrypt({ amount: 1, createdAt: T0, outcome: 'expire', later: [{ at: T0 + 40 * M, status: 'pending' }, { at: T0 + 35 * M, status: 'confirmed' }] }),
    ).toThrow(/time order/);
  });
});
