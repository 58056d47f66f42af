import { describe, expect, it } from 'vitest';
import { DEFAULT_KEYS, SimWorld } from '../../src/simulator/world.ts';

const T0 = Date.parse('2025-10-16T12:00:00Z');
const S = 1000;

function setup() {
  const clock = { t: T0 };
  const world = new SimWorld({ now: () => clock.t, seed: 42 });
  return { clock, world };
}

function get(world: SimWorld, id: string, authorization: string | null = `Bearer ${DEFAULT_KEYS.card2crypto}`) {
  const res = world.handle({ method: 'GET', path: `/card2crypto/api/v1/payments/${id}`, query: new URLSearchParams(), authorization });
  return { status: res.status, body: JSON.parse(res.body) as { success: boolean; data?: Record<string, unknown>; error?: string } };
}

describe('Card2Crypto lifecycle scripts', () => {
  it('moves pending -> completed exactly at the scripted time, with the spec body', () => {
    const { clock, world } = setup();
    const id = world.addCard2Crypto({
      id: 'pay_abc123xyz789',
      amount: 10_000,
      customer: { email: 'customer@example.com', name: 'John Doe' },
      metadata: { order_id: '1234', product: 'Premium Plan' },
      createdAt: T0,
      outcome: { complete: T0 + 90 * S },
    });
    clock.t = T0 - 1;
    expect(get(world, id).status).toBe(404);
    clock.t = T0;
    expect(get(world, id).body).toEqual({
      success: true,
      data: {
        id: 'pay_abc123xyz789',
        amount: 10_000,
        currency: 'usd',
        status: 'pending',
        checkout_url: 'https://card2crypto.cc/checkout/pay_abc123xyz789',
        customer_email: 'customer@example.com',
        customer_name: 'John Doe',
        metadata: { order_id: '1234', product: 'Premium Plan' },
        created_at: '2025-10-16T12:00:00Z',
        completed_at: null,
        livemode: false,
      },
    });
    clock.t = T0 + 90 * S - 1;
    expect(get(world, id).body.data?.status).toBe('pending');
    clock.t = T0 + 90 * S;
    const done = get(world, id).body.data;
    expect(done?.status).toBe('completed');
    expect(done?.completed_at).toBe('2025-10-16T12:01:30Z');
    expect(world.changeTimes(id)).toEqual([
      { status: 'pending', at: T0 },
      { status: 'completed', at: T0 + 90 * S },
    ]);
  });

  it('refunds after completion and keeps completed_at', () => {
    const { clock, world } = setup();
    const id = world.addCard2Crypto({ amount: 500, createdAt: T0, outcome: { complete: T0 + 10 * S }, refundAt: T0 + 60 * S });
    clock.t = T0 + 60 * S - 1;
    expect(get(world, id).body.data?.status).toBe('completed');
    clock.t = T0 + 60 * S;
    expect(get(world, id).body.data).toMatchObject({ status: 'refunded', completed_at: '2025-10-16T12:00:10Z' });
    expect(world.changeTimes(id).map((c) => c.status)).toEqual(['pending', 'completed', 'refunded']);
  });

  it('fails with completed_at null, and a pending script never moves', () => {
    const { clock, world } = setup();
    const failed = world.addCard2Crypto({ amount: 500, createdAt: T0, outcome: { fail: T0 + 5 * S } });
    const stuck = world.addCard2Crypto({ amount: 500, createdAt: T0, outcome: 'pending' });
    clock.t = T0 + 4999;
    expect(get(world, failed).body.data?.status).toBe('pending');
    clock.t = T0 + 5 * S;
    expect(get(world, failed).body.data).toMatchObject({ status: 'failed', completed_at: null });
    clock.t = T0 + 365 * 86_400 * S;
    expect(get(world, stuck).body.data?.status).toBe('pending');
    expect(world.statusAt(stuck)).toBe('pending');
    expect(world.changeTimes(stuck)).toEqual([{ status: 'pending', at: T0 }]);
  });

  it('generates pay_ IDs and an order_id when missing', () => {
    const { world } = setup();
    const id = world.addCard2Crypto({ amount: 100, outcome: 'pending' });
    expect(id).toMatch(/^pay_[A-Za-z0-9]{16}$/);
    const data = get(world, id).body.data;
    expect(data?.metadata).toMatchObject({ order_id: expect.stringMatching(/^\d+$/) });
    expect(data?.created_at).toBe('2025-10-16T12:00:00Z');
  });

  it('rejects impossible scripts', () => {
    const { world } = setup();
    expect(() => world.addCard2Crypto({ amount: 100, outcome: { fail: T0 + S }, refundAt: T0 + 2 * S })).toThrow(RangeError);
    expect(() => world.addCard2Crypto({ amount: 100, outcome: { complete: T0 + 9 * S }, refundAt: T0 + S })).toThrow(RangeError);
    expect(() => world.addCard2Crypto({ amount: 100, createdAt: T0, outcome: { complete: T0 - 1 } })).toThrow(RangeError);
    expect(() => world.addCard2Crypto({ amount: 10.5, outcome: 'pending' })).toThrow(RangeError);
    world.addCard2Crypto({ id: 'pay_dup', amount: 100, outcome: 'pending' });
    expect(() => world.addCard2Crypto({ id: 'pay_dup', amount: 100, outcome: 'pending' })).toThrow(/already exists/);
  });
});

describe('Card2Crypto errors', () => {
  it('answers 401 with the spec body for a missing, unknown or wrong-provider key', () => {
    const { world } = setup();
    const id = world.addCard2Crypto({ amount: 100, outcome: 'pending' });
    for (const auth of [null, '', 'Bearer', 'Bearer c2c_test_nope', `Bearer ${DEFAULT_KEYS.paycrypt}`, `Basic ${DEFAULT_KEYS.card2crypto}`]) {
      expect(get(world, id, auth)).toEqual({ status: 401, body: { success: false, error: 'Invalid API key' } });
    }
  });

  it("answers 404 for an unknown payment and for another shop's payment", () => {
    const { world } = setup();
    world.addKey('card2crypto', 'c2c_test_othershop');
    const mine = world.addCard2Crypto({ amount: 100, outcome: 'pending' });
    const theirs = world.addCard2Crypto({ amount: 100, outcome: 'pending', key: 'c2c_test_othershop' });
    const notFound = { status: 404, body: { success: false, error: 'Payment not found' } };
    expect(get(world, 'pay_doesnotexist')).toEqual(notFound);
    expect(get(world, theirs)).toEqual(notFound);
    expect(get(world, mine, 'Bearer c2c_test_othershop')).toEqual(notFound);
    expect(get(world, theirs, 'Bearer c2c_test_othershop').status).toBe(200);
  });

  it('answers 405 to other methods and 404 to other paths', () => {
    const { world } = setup();
    const auth = `Bearer ${DEFAULT_KEYS.card2crypto}`;
    const post = world.handle({ method: 'POST', path: '/card2crypto/api/v1/payments/pay_x', query: new URLSearchParams(), authorization: auth });
    expect(post.status).toBe(405);
    expect(post.headers.allow).toBe('GET');
    const other = world.handle({ method: 'GET', path: '/card2crypto/api/v1/payments', query: new URLSearchParams(), authorization: auth });
    expect(other.status).toBe(404);
    expect(JSON.parse(other.body)).toMatchObject({ success: false });
  });
});
