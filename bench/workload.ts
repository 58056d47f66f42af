/**
 * The benchmark's workload, fixed by the issue: per provider, payments arriving at
 * Poisson times over the window with scripted outcomes, and old abandoned checkouts
 * that were on the watchlist before the window. Drawn from a seeded stream, so one
 * seed is one workload; both policies replay the very same one.
 */
import type { Provider } from '../src/shared/payment.ts';
import type { Card2CryptoOutcome, LaterChange } from '../src/simulator/card2crypto.ts';
import type { PayCryptNetwork, PayCryptOutcome } from '../src/simulator/paycrypt.ts';
import { Rng } from '../src/simulator/random.ts';
import type { RateLimitConfig } from '../src/simulator/rate-limit.ts';

/** Sizes of one benchmark run. */
export interface BenchConfig {
  seed: number;
  windowMs: number;
  /** New payments per provider, arriving over `arrivalSpanMs` (default the whole window). */
  arrivalsPerProvider: number;
  arrivalSpanMs?: number;
  /** Abandoned pending payments per provider, watched since before the window. */
  stalePerProvider: number;
  rateLimit: RateLimitConfig;
}

/** The workload. */
export const FULL_CONFIG: BenchConfig = {
  seed: 1,
  windowMs: 2 * 3600_000,
  arrivalsPerProvider: 1000,
  stalePerProvider: 2000,
  rateLimit: { limit: 60, windowMs: 60_000, blockSeconds: 30 },
};

/** Virtual start of the window (any fixed instant; times are epoch ms). */
export const T0 = Date.UTC(2026, 1, 20, 9, 0, 0);

const S = 1000;
const M = 60 * S;
const H = 60 * M;

/** One payment of the workload with its script. */
export type PlannedPayment = {
  id: string;
  createdAt: number;
  amount: number;
  /** Stale payments: when the earlier session last checked them (they start on the watchlist). */
  lastCheckedAt: number | null;
} & (
  | { provider: 'card2crypto'; outcome: Card2CryptoOutcome; /** A refund after completion (the soak's workload). */ refundAt?: number }
  | { provider: 'paycrypt'; network: PayCryptNetwork; outcome: PayCryptOutcome; /** Changes after the outcome: paid late, topped up (the soak's workload). */ later?: LaterChange[] }
);

/** Everything both policies are run on. */
export interface Workload {
  config: BenchConfig;
  start: number;
  end: number;
  /** Watched from the start (from the store of an earlier session). */
  stale: PlannedPayment[];
  /** Added to the watchlist at their creation time, in time order. */
  arrivals: PlannedPayment[];
}

/**
 * The workload's outcome distributions, one place for the generator below and for the bound
 * (bound.ts), which knows them but not the drawn outcomes.
 */
export const DISTRIBUTIONS = {
  card2crypto: {
    /** Share completing, and the lognormal of the time to completion. */
    complete: { share: 0.7, medianMs: 90 * S, sigma: 1 },
    fail: { share: 0.1, medianMs: 60 * S, sigma: 1 },
  },
  paycrypt: {
    /** Share paying (exactly, under, over), the deposit uniform over the first `depositWithinMs`. */
    exact: 0.6,
    under: 0.05,
    over: 0.05,
    depositWithinMs: 20 * M,
    /** The rest expire at the simulator's default expires_at. */
    expiresAfterMs: 30 * M,
  },
} as const;

/** A lognormal draw with the given median and sigma (Box–Muller). */
function lognormal(rng: Rng, medianMs: number, sigma: number): number {
  const u = 1 - rng.next();
  const normal = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.next());
  return medianMs * Math.exp(sigma * normal);
}

function card2crypto(rng: Rng, id: string, createdAt: number): PlannedPayment {
  const roll = rng.next();
  // 70% complete (median 90 s), 10% fail (median 60 s), 20% stay pending.
  const { complete, fail } = DISTRIBUTIONS.card2crypto;
  const outcome: Card2CryptoOutcome =
    roll < complete.share
      ? { complete: Math.round(createdAt + lognormal(rng, complete.medianMs, complete.sigma)) }
      : roll < complete.share + fail.share
        ? { fail: Math.round(createdAt + lognormal(rng, fail.medianMs, fail.sigma)) }
        : 'pending';
  return { provider: 'card2crypto', id, createdAt, amount: rng.int(500, 20_000), lastCheckedAt: null, outcome };
}

function paycrypt(rng: Rng, id: string, createdAt: number): PlannedPayment {
  const amount = rng.int(10, 500);
  const network: PayCryptNetwork = rng.next() < 0.5 ? 'ethereum' : 'tron';
  const roll = rng.next();
  // 60% paid exactly, 5% under, 5% over, all deposited in the first 20 minutes; 30% expire.
  // Confirmations and block times are the simulator's network defaults (12 × 12 s, 19 × 3 s).
  const d = DISTRIBUTIONS.paycrypt;
  const received = roll < d.exact ? amount : roll < d.exact + d.under ? amount - 5 : roll < d.exact + d.under + d.over ? amount + 5 : null;
  const depositAt = Math.round(createdAt + rng.next() * d.depositWithinMs);
  const outcome: PayCryptOutcome = received === null ? 'expire' : { depositAt, amountReceived: received };
  return { provider: 'paycrypt', id, createdAt, amount, network, lastCheckedAt: null, outcome };
}

/** An abandoned checkout: created 1–48 h before the window, checked a few minutes before it, never changes. */
function stale(rng: Rng, provider: Provider, id: string, start: number): PlannedPayment {
  const createdAt = Math.round(start - H - rng.next() * 47 * H);
  const lastCheckedAt = Math.round(start - 2 * M - rng.next() * 8 * M);
  const amount = provider === 'card2crypto' ? rng.int(500, 20_000) : rng.int(10, 500);
  // A PayCrypt one keeps its 30-minute expires_at, long past: the provider simply never moved it.
  return provider === 'card2crypto'
    ? { provider, id, createdAt, amount, lastCheckedAt, outcome: 'pending' }
    : { provider, id, createdAt, amount, network: 'ethereum', lastCheckedAt, outcome: 'pending' };
}

/** Draws the workload of `config` (the same config always gives the same workload). */
export function planWorkload(config: BenchConfig, start = T0): Workload {
  const rng = new Rng(config.seed);
  const ids = new Set<string>();
  const freshId = (provider: Provider): string => {
    for (;;) {
      const id = provider === 'card2crypto' ? `pay_${rng.alnum(16)}` : rng.uuid();
      if (!ids.has(id)) {
        ids.add(id);
        return id;
      }
    }
  };
  const staleList: PlannedPayment[] = [];
  const arrivals: PlannedPayment[] = [];
  const span = config.arrivalSpanMs ?? config.windowMs;
  for (const provider of ['card2crypto', 'paycrypt'] as const) {
    for (let i = 0; i < config.stalePerProvider; i++) staleList.push(stale(rng, provider, freshId(provider), start));
    // A Poisson process with a known count: its arrival times are that many uniform draws, sorted.
    const times = Array.from({ length: config.arrivalsPerProvider }, () => start + Math.floor(rng.next() * span)).sort((a, b) => a - b);
    for (const t of times) {
      const id = freshId(provider);
      arrivals.push(provider === 'card2crypto' ? card2crypto(rng, id, t) : paycrypt(rng, id, t));
    }
  }
  arrivals.sort((a, b) => a.createdAt - b.createdAt);
  return { config, start, end: start + config.windowMs, stale: staleList, arrivals };
}
