import { describe, expect, it } from 'vitest';
import type { Provider } from '../../src/shared/payment.ts';
import { seedDemo } from '../../src/simulator/scenario.ts';
import { DEFAULT_KEYS, SimWorld, type SimWorldOptions } from '../../src/simulator/world.ts';

const T0 = Date.parse('2026-01-01T00:00:00Z');
const S = 1000;
const C2C_429 = '{"success":false,"error":"Rate limit exceeded. Try again in 30 seconds."}';

function setup(opts: SimWorldOptions = {}) {
  const clock = { t: T0 };
  const world = new SimWorld({ now: () => clock.t, seed: 3, ...opts });
  const c2c = world.addCard2Crypto({ amount: 100, createdAt: T0, outcome: 'pending' });
  const pc = world.addPayCrypt({ amount: 1, createdAt: T0, outcome: 'pending' });
  const ask = (provider: Provider = 'card2crypto', key = DEFAULT_KEYS[provider]) =>
    world.handle({
      method: 'GET',
      path: provider === 'card2crypto' ? `/card2crypto/api/v1/payments/${c2c}` : '/paycrypt/payment/status',
      query: new URLSearchParams(provider === 'paycrypt' ? { payment_id: pc } : {}),
      authorization: `Bearer ${key}`,
    });
  return { clock, world, ask };
}

describe('rate limiting', () => {
  it('answers the 61st request in a minute with the exact 429, blocks 30 s, then recovers', () => {
    const { clock, world, ask } = setup();
    for (let i = 0; i < 60; i++) expect(ask().status).toBe(200);
    const limited = ask();
    expect(limited.status).toBe(429);
    expect(limited.body).toBe(C2C_429);
    clock.t = T0 + 30 * S - 1;
    expect(ask().status).toBe(429);
    clock.t = T0 + 30 * S;
    expect(ask().status).toBe(200);
    expect(world.stats()[DEFAULT_KEYS.card2crypto]).toEqual({ requests: 63, rateLimited: 2, faults: 0 });
  });

  it('slides the window instead of resetting it on the minute', () => {
    const { clock, ask } = setup();
    for (let i = 0; i < 30; i++) expect(ask().status).toBe(200);
    clock.t = T0 + 40 * S;
    for (let i = 0; i < 30; i++) expect(ask().status).toBe(200);
    clock.t = T0 + 59 * S;
    expect(ask().status).toBe(429);
    const { clock: c2, ask: ask2 } = setup();
    for (let i = 0; i < 30; i++) ask2();
    c2.t = T0 + 40 * S;
    for (let i = 0; i < 30; i++) ask2();
    // The first 30 left the window at T0+60s; 30 slots are free again.
    c2.t = T0 + 60 * S;
    for (let i = 0; i < 30; i++) expect(ask2().status).toBe(200);
    expect(ask2().status).toBe(429);
  });

  it('limits each key separately and gives PayCrypt a Retry-After', () => {
    const { clock, world, ask } = setup({ rateLimit: { limit: 2, blockSeconds: 20 } });
    ask('paycrypt');
    ask('paycrypt');
    const first = ask('paycrypt');
    expect(first.status).toBe(429);
    expect(first.headers['retry-after']).toBe('20');
    expect(JSON.parse(first.body)).toEqual({ error: 'rate_limited', message: 'Too many requests' });
    clock.t = T0 + 5 * S;
    expect(ask('paycrypt').headers['retry-after']).toBe('15');
    expect(ask('card2crypto').status).toBe(200);
    world.addKey('paycrypt', 'sk_test_second');
    world.addPayCrypt({ amount: 1, outcome: 'pending', key: 'sk_test_second' });
    expect(ask('paycrypt', 'sk_test_second').status).toBe(404);
    expect(world.stats()[DEFAULT_KEYS.paycrypt]?.rateLimited).toBe(2);
  });

  it('puts the configured block in the Card2Crypto message', () => {
    const { ask } = setup({ rateLimit: { limit: 1, blockSeconds: 5 } });
    ask();
    expect(JSON.parse(ask().body)).toEqual({ success: false, error: 'Rate limit exceeded. Try again in 5 seconds.' });
  });
});

describe('fault injection', () => {
  it('serves queued faults to the next N requests, then answers normally', () => {
    const { world, ask } = setup();
    world.injectFaults('server_error', 2);
    for (let i = 0; i < 2; i++) {
      const res = ask();
      expect([500, 503]).toContain(res.status);
      expect(JSON.parse(res.body)).toMatchObject({ success: false });
    }
    expect(ask().status).toBe(200);
    expect(world.stats()[DEFAULT_KEYS.card2crypto]?.faults).toBe(2);
  });

  it('makes each kind of fault', () => {
    const { world, ask } = setup({ faults: { slowMs: 1234 } });
    const good = ask('paycrypt').body;
    world.injectFaults('html');
    const html = ask('paycrypt');
    expect(html.status).toBe(502);
    expect(html.headers['content-type']).toMatch(/text\/html/);
    expect(html.body).toContain('<title>502 Bad Gateway</title>');
    world.injectFaults('malformed');
    const cut = ask('paycrypt');
    expect(cut.status).toBe(200);
    expect(() => JSON.parse(cut.body) as unknown).toThrow(SyntaxError);
    expect(good.startsWith(cut.body)).toBe(true);
    world.injectFaults('drop');
    expect(ask('paycrypt')).toMatchObject({ fault: 'drop' });
    world.injectFaults('slow');
    expect(ask('paycrypt')).toMatchObject({ fault: 'slow', delayMs: 1234, status: 200, body: good });
    world.injectFaults('rate_limit');
    expect(ask()).toMatchObject({ status: 429, body: C2C_429 });
    expect(ask().status).toBe(200);
  });

  it('draws random faults at about the configured rates', () => {
    const { world, ask } = setup({ rateLimit: { limit: 1e9 }, faults: { serverError: 0.2, drop: 0.1 } });
    const counts = { server: 0, drop: 0, ok: 0 };
    for (let i = 0; i < 2000; i++) {
      const res = ask();
      if (res.fault === 'drop') counts.drop++;
      else if (res.status >= 500) counts.server++;
      else if (res.status === 200) counts.ok++;
    }
    expect(counts.server).toBeGreaterThan(320);
    expect(counts.server).toBeLessThan(480);
    expect(counts.drop).toBeGreaterThan(140);
    expect(counts.drop).toBeLessThan(260);
    expect(counts.ok + counts.server + counts.drop).toBe(2000);
    world.setFaults({ serverError: 0, drop: 0 });
    expect(ask().status).toBe(200);
  });
});

describe('determinism', () => {
  function run(seed: number) {
    const world = new SimWorld({ now: () => T0, seed, rateLimit: { limit: 1e9 }, faults: { serverError: 0.3, htmlError: 0.2 } });
    const ids = seedDemo(world, { now: T0, count: 8 });
    const c2c = ids.card2crypto[0] ?? '';
    const statuses = Array.from({ length: 50 }, () =>
      world.handle({ method: 'GET', path: `/card2crypto/api/v1/payments/${c2c}`, query: new URLSearchParams(), authorization: `Bearer ${DEFAULT_KEYS.card2crypto}` }).status,
    );
    const later = world.list().map((p) => world.statusAt(p.id, T0 + 60 * S));
    return { ids, statuses, later, list: world.list() };
  }

  it('replays the same IDs and fault sequence for the same seed, and differs for another', () => {
    expect(run(11)).toEqual(run(11));
    const other = run(12);
    expect(other.ids).not.toEqual(run(11).ids);
    expect(other.statuses).not.toEqual(run(11).statuses);
  });
});

describe('demo scenario', () => {
  it('mixes every status of both providers, all moving within about two minutes', () => {
    const world = new SimWorld({ now: () => T0, seed: 5 });
    const ids = seedDemo(world, { now: T0 });
    expect(ids.card2crypto).toHaveLength(8);
    expect(ids.paycrypt).toHaveLength(8);
    const all = [...ids.card2crypto, ...ids.paycrypt];
    const later = new Set(all.map((id) => world.statusAt(id, T0 + 2 * 60 * S)));
    for (const s of ['pending', 'completed', 'failed', 'refunded', 'confirmed', 'underpaid', 'overpaid', 'expired']) {
      expect(later).toContain(s);
    }
    const moving = all.filter((id) => world.changeTimes(id).some((c) => c.at > T0 && c.at <= T0 + 2 * 60 * S));
    expect(moving.length).toBeGreaterThanOrEqual(10);
    for (const id of all) expect(world.changeTimes(id).every((c) => c.at <= T0 + 2 * 60 * S)).toBe(true);
    for (const id of all) expect(world.statusAt(id, T0)).not.toBeNull();
  });
});
