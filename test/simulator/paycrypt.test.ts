import { describe, expect, it } from 'vitest';
import { DEFAULT_KEYS, SimWorld } from '../../src/simulator/world.ts';

const T0 = Date.parse('2026-02-20T09:55:46.541Z');
const S = 1000;
const iso = (ms: number) => new Date(ms).toISOString();

function setup() {
  const clock = { t: T0 };
  const world = new SimWorld({ now: () => clock.t, seed: 7 });
  return { clock, world };
}

type Body = Record<string, unknown> & { events?: { event_type: string; description: string; occurred_at: string }[] };

function status(world: SimWorld, query: Record<string, string>, key: string | null = DEFAULT_KEYS.paycrypt) {
  const res = world.handle({
    method: 'GET',
    path: '/paycrypt/payment/status',
    query: new URLSearchParams(query),
    authorization: key === null ? null : `Bearer ${key}`,
  });
  return { status: res.status, headers: res.headers, body: JSON.parse(res.body) as Body };
}

const byId = (world: SimWorld, id: string) => status(world, { payment_id: id }).body;

describe('PayCrypt deposit scripts', () => {
  it('stalls a deposit: the count holds at the stall for its length, updated_at stays at the stalled block, and the rest follow late', () => {
    const { clock, world } = setup();
    const id = world.addPayCrypt({
      amount: 50,
      createdAt: T0,
      outcome: { depositAt: T0 + 10 * S, amountReceived: 50, requiredConfirmations: 4, blockSeconds: 10, stall: { atConfirmation: 2, forMs: 600 * S } },
    });
    clock.t = T0 + 20 * S;
    expect(byId(world, id)).toMatchObject({ status: 'pending', confirmations: 2, updated_at: iso(T0 + 20 * S) });
    // Block 3 was due at +30 s; it comes 600 s later.
    clock.t = T0 + 629 * S;
    expect(byId(world, id)).toMatchObject({ status: 'pending', confirmations: 2, updated_at: iso(T0 + 20 * S) });
    clock.t = T0 + 630 * S;
    expect(byId(world, id)).toMatchObject({ status: 'pending', confirmations: 3, updated_at: iso(T0 + 630 * S) });
    clock.t = T0 + 640 * S;
    expect(byId(world, id)).toMatchObject({ status: 'confirmed', confirmations: 4, confirmed_at: iso(T0 + 640 * S) });
    expect(world.changeTimes(id).map((c) => [c.status, c.at])).toEqual([
      ['pending', T0],
      ['confirmed', T0 + 640 * S],
    ]);
    const bad = { amount: 5, createdAt: T0, outcome: { depositAt: T0 + S, amountReceived: 5, requiredConfirmations: 3, stall: { atConfirmation: 3, forMs: S } } };
    expect(() => world.addPayCrypt(bad)).toThrow(RangeError);
  });

  it('stays pending while confirmations rise, then confirms at the required count', () => {
    const { clock, world } = setup();
    const id = world.addPayCrypt({
      amount: 50,
      createdAt: T0,
      outcome: { depositAt: T0 + 60 * S, amountReceived: 50, requiredConfirmations: 3, blockSeconds: 10 },
    });
    clock.t = T0 + 60 * S - 1;
    expect(byId(world, id)).toMatchObject({ status: 'pending', tx_hash: null, block_number: null, confirmations: 0, amount_received: 0 });
    expect(byId(world, id).events?.map((e) => e.event_type)).toEqual(['payment.created']);

    clock.t = T0 + 60 * S;
    const detected = byId(world, id);
    expect(detected).toMatchObject({ status: 'pending', confirmations: 1, amount_received: 50, amount_received_usd: 50, confirmed_at: null });
    expect(detected.tx_hash).toMatch(/^0x[0-9a-f]{64}$/);
    expect(detected.block_number).toMatch(/^\d+$/);
    expect(detected.updated_at).toBe(iso(T0 + 60 * S));
    expect(detected.events?.map((e) => e.event_type)).toEqual(['payment.created', 'payment.deposit_detected']);

    clock.t = T0 + 70 * S;
    expect(byId(world, id)).toMatchObject({ status: 'pending', confirmations: 2, updated_at: iso(T0 + 70 * S) });
    clock.t = T0 + 80 * S - 1;
    expect(byId(world, id)).toMatchObject({ status: 'pending', confirmations: 2 });

    clock.t = T0 + 80 * S;
    const done = byId(world, id);
    expect(done).toMatchObject({ status: 'confirmed', confirmations: 3, confirmed_at: iso(T0 + 80 * S), updated_at: iso(T0 + 80 * S) });
    expect(done.tx_hash).toBe(detected.tx_hash);
    expect(done.block_number).toBe(detected.block_number);
    expect(done.events).toEqual([
      { event_type: 'payment.created', description: 'Payment created.', occurred_at: iso(T0) },
      { event_type: 'payment.deposit_detected', description: expect.stringContaining('50 USDT'), occurred_at: iso(T0 + 60 * S) },
      { event_type: 'payment.confirmed', description: 'Payment confirmed (deposit received).', occurred_at: iso(T0 + 80 * S) },
    ]);
    // Final means frozen: an hour later (past expires_at) nothing changes.
    clock.t = T0 + 3600 * S;
    expect(byId(world, id)).toEqual(done);
    expect(world.changeTimes(id)).toEqual([
      { status: 'pending', at: T0 },
      { status: 'confirmed', at: T0 + 80 * S },
    ]);
  });

  it('raises confirmations one block at a time, never backwards', () => {
    const { clock, world } = setup();
    // 240 polls in two minutes would trip the default rate limit.
    world.setRateLimit({ limit: 10_000 });
    const id = world.addPayCrypt({
      amount: 20,
      network: 'tron',
      createdAt: T0,
      outcome: { depositAt: T0 + 5 * S, amountReceived: 20, requiredConfirmations: 19, blockSeconds: 3 },
    });
    const seen: number[] = [];
    for (let t = T0; t <= T0 + 120 * S; t += 500) {
      clock.t = t;
      seen.push(byId(world, id).confirmations as number);
    }
    for (let i = 1; i < seen.length; i++) expect(seen[i]! - seen[i - 1]!).toBeGreaterThanOrEqual(0);
    expect(new Set(seen)).toEqual(new Set(Array.from({ length: 20 }, (_, i) => i)));
    expect(world.changeTimes(id).at(-1)).toEqual({ status: 'confirmed', at: T0 + 5 * S + 18 * 3 * S });
  });

  it('ends underpaid or overpaid by the amount received', () => {
    const { clock, world } = setup();
    const deposit = (amountReceived: number | string) => ({ depositAt: T0 + S, amountReceived, requiredConfirmations: 1, blockSeconds: 12 });
    const under = world.addPayCrypt({ amount: 50, createdAt: T0, outcome: deposit(49.5) });
    const over = world.addPayCrypt({ amount: 50, createdAt: T0, outcome: deposit('50.02') });
    const exact = world.addPayCrypt({ amount: 99.99, createdAt: T0, outcome: deposit(99.99) });
    clock.t = T0 + S;
    expect(byId(world, under)).toMatchObject({ status: 'underpaid', amount_received: 49.5, amount_received_usd: 49.5 });
    expect(byId(world, under).events?.at(-1)?.event_type).toBe('payment.underpaid');
    expect(byId(world, over)).toMatchObject({ status: 'overpaid', amount_received: 50.02, amount_received_usd: 50.02 });
    expect(byId(world, over).events?.at(-1)?.event_type).toBe('payment.overpaid');
    expect(byId(world, exact)).toMatchObject({ status: 'confirmed', amount: 99.99 });
  });

  it('converts a non-dollar coin with usdRate', () => {
    const { clock, world } = setup();
    const id = world.addPayCrypt({
      amount: 100,
      coin: 'BTC',
      network: 'bitcoin',
      usdRate: 40_000,
      createdAt: T0,
      outcome: { depositAt: T0, amountReceived: '0.0025', requiredConfirmations: 2, blockSeconds: 600 },
    });
    clock.t = T0 + 600 * S;
    expect(byId(world, id)).toMatchObject({ status: 'confirmed', coin: 'BTC', amount_received: 0.0025, amount_received_usd: 100 });
    expect(byId(world, id).deposit_address).toMatch(/^bc1q[a-z0-9]{38}$/);
  });

  it('expires at expires_at (default 30 minutes) without a deposit', () => {
    const { clock, world } = setup();
    const id = world.addPayCrypt({ amount: 10, network: 'tron', createdAt: T0, outcome: 'expire' });
    const expiresAt = T0 + 30 * 60 * S;
    clock.t = expiresAt - 1;
    expect(byId(world, id)).toMatchObject({ status: 'pending', expires_at: iso(expiresAt) });
    clock.t = expiresAt;
    const body = byId(world, id);
    expect(body).toMatchObject({ status: 'expired', tx_hash: null, confirmations: 0, updated_at: iso(expiresAt) });
    expect(body.deposit_address).toMatch(/^T[1-9A-HJ-NP-Za-km-z]{33}$/);
    expect(body.events?.map((e) => e.event_type)).toEqual(['payment.created', 'payment.expired']);
  });

  it('fails at the scripted time, and a pending script never moves', () => {
    const { clock, world } = setup();
    const failed = world.addPayCrypt({ amount: 10, createdAt: T0, outcome: { fail: T0 + 9 * S } });
    const stuck = world.addPayCrypt({ amount: 10, createdAt: T0, outcome: 'pending' });
    clock.t = T0 + 9 * S - 1;
    expect(byId(world, failed).status).toBe('pending');
    clock.t = T0 + 9 * S;
    expect(byId(world, failed).events?.map((e) => e.event_type)).toEqual(['payment.created', 'payment.failed']);
    expect(byId(world, failed).status).toBe('failed');
    clock.t = T0 + 86_400 * S;
    expect(byId(world, stuck).status).toBe('pending');
  });

  it('answers with exactly the spec fields (plus undocumented ones) and generated IDs', () => {
    const { world } = setup();
    const id = world.addPayCrypt({ amount: 50, outcome: 'pending', metadata: { plan: 'pro' }, customerEmail: 'c@example.com' });
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const body = byId(world, id);
    expect(Object.keys(body)).toEqual([
      'payment_id', 'order_id', 'status', 'amount', 'amount_received', 'amount_received_usd', 'coin', 'network',
      'currency', 'deposit_address', 'expires_at', 'tx_hash', 'block_number', 'confirmations', 'confirmed_at',
      'created_at', 'updated_at', 'customer_email', 'customer_wallet', 'metadata', 'events', 'livemode',
    ]);
    expect(body).toMatchObject({ payment_id: id, coin: 'USDT', network: 'ethereum', currency: 'USD', customer_email: 'c@example.com', customer_wallet: null, metadata: { plan: 'pro' } });
    expect(body.deposit_address).toMatch(/^0x[0-9a-f]{40}$/);
    expect(body.order_id).toMatch(/^\d+$/);
  });

  it('rejects impossible scripts', () => {
    const { world } = setup();
    const late = { depositAt: T0 + 31 * 60 * S, amountReceived: 1 };
    expect(() => world.addPayCrypt({ amount: 1, createdAt: T0, outcome: late })).toThrow(RangeError);
    expect(() => world.addPayCrypt({ amount: 1, outcome: { depositAt: T0, amountReceived: 0 } })).toThrow(RangeError);
    expect(() => world.addPayCrypt({ amount: 1, outcome: { depositAt: T0, amountReceived: 1, requiredConfirmations: 0 } })).toThrow(RangeError);
    world.addPayCrypt({ amount: 1, orderId: 'A-1', outcome: 'pending' });
    expect(() => world.addPayCrypt({ amount: 1, orderId: 'A-1', outcome: 'pending' })).toThrow(/order_id/);
  });
});

describe('PayCrypt lookups and errors', () => {
  it('finds a payment by order_id, by upper-case payment_id, and by both when they agree', () => {
    const { world } = setup();
    const id = world.addPayCrypt({ amount: 5, orderId: 'ORD-9', outcome: 'pending' });
    const other = world.addPayCrypt({ amount: 5, outcome: 'pending' });
    const expected = byId(world, id);
    expect(status(world, { order_id: 'ORD-9' }).body).toEqual(expected);
    expect(status(world, { payment_id: id.toUpperCase() }).body).toEqual(expected);
    expect(status(world, { payment_id: id, order_id: 'ORD-9' }).body).toEqual(expected);
    expect(status(world, { payment_id: other, order_id: 'ORD-9' }).status).toBe(404);
  });

  it('answers 400 without payment_id or order_id, or with a payment_id that is not a UUID', () => {
    const { world } = setup();
    const queries: Record<string, string>[] = [{}, { payment_id: '' }, { order_id: '' }, { payment_id: 'pay_abc' }];
    for (const query of queries) {
      const res = status(world, query);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ error: 'bad_request' });
    }
  });

  it('answers 401 for a missing or unknown key and 404 for another merchant', () => {
    const { world } = setup();
    const mine = world.addPayCrypt({ amount: 5, outcome: 'pending' });
    const theirs = world.addPayCrypt({ amount: 5, outcome: 'pending', key: 'sk_test_othermerchant' });
    expect(status(world, { payment_id: mine }, null).status).toBe(401);
    expect(status(world, { payment_id: mine }, 'sk_test_unknown').status).toBe(401);
    expect(status(world, { payment_id: mine }, DEFAULT_KEYS.card2crypto).status).toBe(401);
    expect(status(world, { payment_id: theirs }).status).toBe(404);
    expect(status(world, { payment_id: mine }, 'sk_test_othermerchant').status).toBe(404);
    expect(status(world, { payment_id: theirs }, 'sk_test_othermerchant').status).toBe(200);
    expect(status(world, { payment_id: '00000000-0000-4000-8000-000000000000' })).toMatchObject({ status: 404, body: { error: 'not_found' } });
  });
});
