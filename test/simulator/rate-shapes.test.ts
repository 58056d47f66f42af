/** The simulator's limits of any shape and header style (issue 11). */
import { describe, expect, it } from 'vitest';
import type { Provider } from '../../src/shared/payment.ts';
import { parseRetryAfter, retryAfterFromMessage } from '../../src/core/retry-after.ts';
import { RATE_LIMIT_STYLES, RateLimiter } from '../../src/simulator/rate-limit.ts';
import { DEFAULT_KEYS, SimWorld, type SimWorldOptions } from '../../src/simulator/world.ts';

const T0 = Date.UTC(2026, 0, 1);
const S = 1000;

function setup(opts: SimWorldOptions = {}) {
  const clock = { t: T0 };
  const world = new SimWorld({ now: () => clock.t, seed: 3, ...opts });
  const c2c = world.addCard2Crypto({ amount: 100, createdAt: T0, outcome: 'pending' });
  const pc = world.addPayCrypt({ amount: 1, createdAt: T0, outcome: 'pending' });
  const ask = (provider: Provider = 'card2crypto') =>
    world.handle({
      method: 'GET',
      path: provider === 'card2crypto' ? `/card2crypto/api/v1/payments/${c2c}` : '/paycrypt/payment/status',
      query: new URLSearchParams(provider === 'paycrypt' ? { payment_id: pc } : {}),
      authorization: `Bearer ${DEFAULT_KEYS[provider]}`,
    });
  return { clock, world, ask };
}

describe('RateLimiter shapes', () => {
  it('enforces N per W for any W, refusing until a slot frees when there is no block', () => {
    const limiter = new RateLimiter({ limit: 6, windowMs: 4 * S, blockSeconds: 0 });
    for (let i = 0; i < 6; i++) expect(limiter.check('k', T0 + i * 100).ok).toBe(true);
    const refused = limiter.check('k', T0 + 1000);
    expect(refused).toMatchObject({ ok: false, retryAfterSeconds: 3 });
    // Refusals are not counted: the first slot frees 4 s after the first request.
    expect(limiter.check('k', T0 + 3999).ok).toBe(false);
    expect(limiter.check('k', T0 + 4000).ok).toBe(true);
    expect(limiter.check('k', T0 + 4000).ok).toBe(false);
  });

  it('enforces several windows at once', () => {
    const limiter = new RateLimiter({ limit: 2, windowMs: S, blockSeconds: 0, windows: [{ limit: 5, windowMs: 60 * S }] });
    let ok = 0;
    for (let t = T0; t < T0 + 60 * S; t += 250) if (limiter.check('k', t).ok) ok++;
    expect(ok).toBe(5);
    const capped = new RateLimiter({ limit: 2, windowMs: S, blockSeconds: 0, windows: [{ limit: 100, windowMs: 60 * S }] });
    ok = 0;
    for (let t = T0; t < T0 + 10 * S; t += 100) if (capped.check('k', t).ok) ok++;
    expect(ok).toBe(20);
  });

  it('changes its limit for a period, then restores it', () => {
    const limiter = new RateLimiter({ limit: 10, windowMs: 10 * S, blockSeconds: 0, changes: [{ from: T0 + 60 * S, until: T0 + 120 * S, factor: 0.5 }] });
    const served = (from: number) => {
      let n = 0;
      for (let t = from; t < from + 10 * S; t += 100) if (limiter.check('k', t).ok) n++;
      return n;
    };
    expect(served(T0)).toBe(10);
    expect(served(T0 + 70 * S)).toBe(5);
    expect(served(T0 + 130 * S)).toBe(10);
    expect(limiter.windowsAt(T0 + 61 * S)).toEqual([{ limit: 5, windowMs: 10 * S }]);
  });
});

describe('rate-limit styles over the handler', () => {
  const limited = (style: (typeof RATE_LIMIT_STYLES)[number], provider: Provider = 'card2crypto') => {
    const { ask, clock } = setup({ rateLimit: { limit: 2, windowMs: 4 * S, blockSeconds: 0, style } });
    const first = ask(provider);
    clock.t += 500;
    ask(provider);
    clock.t += 500;
    return { first, refused: ask(provider), now: clock.t };
  };

  it('none: a bare 429, nothing to say when to come back', () => {
    const { refused } = limited('none');
    expect(refused.status).toBe(429);
    expect(refused.headers['retry-after']).toBeUndefined();
    expect(retryAfterFromMessage(refused.body)).toBeUndefined();
  });

  it('retry-after in seconds and as an HTTP date, read back by the client to the same wait', () => {
    const secs = limited('retry-after', 'paycrypt');
    expect(secs.refused.headers['retry-after']).toBe('3');
    const date = limited('retry-after-date');
    expect(date.refused.headers['retry-after']).toMatch(/GMT$/);
    expect(parseRetryAfter(date.refused.headers['retry-after'], date.now)).toBe(3);
  });

  it('message: "Try again in N seconds" in either provider\'s body', () => {
    for (const provider of ['card2crypto', 'paycrypt'] as const) {
      const { refused } = limited('message', provider);
      expect(refused.headers['retry-after']).toBeUndefined();
      expect(retryAfterFromMessage(refused.body)).toBe(3);
    }
  });

  it('ietf: RateLimit-Policy names the window, RateLimit counts down on every answer', () => {
    const { first, refused } = limited('ietf');
    expect(first.headers['ratelimit-policy']).toBe('"w4";q=2;w=4');
    expect(first.headers.ratelimit).toBe('"w4";r=1;t=4');
    expect(refused.headers.ratelimit).toBe('"w4";r=0;t=3');
  });

  it('ietf-legacy and x-ratelimit: the triple, Reset in seconds or as epoch seconds', () => {
    const legacy = limited('ietf-legacy');
    expect(legacy.refused.headers).toMatchObject({ 'ratelimit-limit': '2', 'ratelimit-remaining': '0', 'ratelimit-reset': '3', 'ratelimit-policy': '2;w=4' });
    const x = limited('x-ratelimit');
    expect(x.first.headers).toMatchObject({ 'x-ratelimit-limit': '2', 'x-ratelimit-remaining': '1', 'x-ratelimit-reset': '4' });
    const epoch = limited('x-ratelimit-epoch');
    expect(epoch.refused.headers['x-ratelimit-reset']).toBe(String((T0 + 4000) / 1000));
  });

  it('default keeps each provider\'s usual answer: Card2Crypto\'s fixed prose, PayCrypt\'s Retry-After', () => {
    const { ask } = setup({ rateLimit: { limit: 1, blockSeconds: 30 } });
    ask();
    expect(JSON.parse(ask().body)).toEqual({ success: false, error: 'Rate limit exceeded. Try again in 30 seconds.' });
    expect(ask('paycrypt').headers['x-ratelimit-limit']).toBeUndefined();
  });
});
