/**
 * The soak's workload: payments of both providers arriving over most of the window with every
 * lifecycle the providers document — completions, failures, refunds, exact, short and over
 * deposits, expiries, payments that never move — drawn from a seeded stream, so one seed is one run.
 */
import type { Card2CryptoOutcome } from '../src/simulator/card2crypto.ts';
import type { PayCryptNetwork, PayCryptOutcome } from '../src/simulator/paycrypt.ts';
import { Rng } from '../src/simulator/random.ts';
import { FULL_CONFIG, T0, type PlannedPayment, type Workload } from './workload.ts';

/** Sizes of one soak run. */
export interface SoakConfig {
  seed: number;
  /** Payments in all, half per provider. */
  payments: number;
  windowMs: number;
}

/** The soak: 2,000 payments over three virtual hours. */
export const SOAK_CONFIG: SoakConfig = { seed: 1, payments: 2000, windowMs: 3 * 3600_000 };

const S = 1000;
const M = 60 * S;

function lognormal(rng: Rng, medianMs: number, sigma: number): number {
  const u = 1 - rng.next();
  return medianMs * Math.exp(sigma * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.next()));
}

function card2crypto(rng: Rng, id: string, createdAt: number, refundable: boolean): PlannedPayment {
  const roll = rng.next();
  const at = (median: number) => Math.round(createdAt + lognormal(rng, median, 0.8));
  const base = { provider: 'card2crypto' as const, id, createdAt, amount: rng.int(500, 20_000), lastCheckedAt: null };
  // 55% complete, 10% complete then refunded 5–30 min later, 15% fail, 20% abandoned (never move).
  if (roll < 0.55) return { ...base, outcome: { complete: at(90 * S) } };
  if (roll < 0.65 && refundable) {
    const complete = at(90 * S);
    return { ...base, outcome: { complete }, refundAt: complete + 5 * M + Math.round(rng.next() * 25 * M) };
  }
  if (roll < 0.8) return { ...base, outcome: { fail: at(60 * S) } };
  const outcome: Card2CryptoOutcome = 'pending';
  return { ...base, outcome };
}

function paycrypt(rng: Rng, id: string, createdAt: number): PlannedPayment {
  const amount = rng.int(10, 500);
  const network: PayCryptNetwork = rng.pick(['ethereum', 'tron', 'bsc', 'polygon']);
  const roll = rng.next();
  // Deposits land within 25 minutes (expiry is at 30): 50% exact, 8% short, 7% over;
  // 25% expire, 5% fail, 5% stay pending past expiry (the provider never moves them).
  const depositAt = Math.round(createdAt + 30 * S + rng.next() * 25 * M);
  let outcome: PayCryptOutcome;
  if (roll < 0.5) outcome = { depositAt, amountReceived: amount };
  else if (roll < 0.58) outcome = { depositAt, amountReceived: amount - 1 - rng.int(0, 5) };
  else if (roll < 0.65) outcome = { depositAt, amountReceived: amount + 1 + rng.int(0, 5) };
  else if (roll < 0.9) outcome = 'expire';
  else if (roll < 0.95) outcome = { fail: Math.round(createdAt + lognormal(rng, 3 * M, 0.8)) };
  else outcome = 'pending';
  return { provider: 'paycrypt', id, createdAt, amount, network, lastCheckedAt: null, outcome };
}

/**
 * Draws the soak's workload. Arrivals span the first 7/9 of the window (all but the last 40
 * minutes of three hours), so most stories end inside it; payments that may be refunded arrive in the first half, since a completed
 * payment is re-checked for refunds only hourly.
 */
export function planSoak(config: SoakConfig, start = T0): Workload {
  const rng = new Rng(config.seed ^ 0x50a6);
  const ids = new Set<string>();
  const span = (config.windowMs * 7) / 9;
  const arrivals: PlannedPayment[] = [];
  for (let i = 0; i < config.payments; i++) {
    const createdAt = start + Math.floor(rng.next() * span);
    let id: string;
    do id = i % 2 === 0 ? `pay_${rng.alnum(16)}` : rng.uuid();
    while (ids.has(id));
    ids.add(id);
    const refundable = createdAt - start < config.windowMs / 2;
    arrivals.push(i % 2 === 0 ? card2crypto(rng, id, createdAt, refundable) : paycrypt(rng, id, createdAt));
  }
  arrivals.sort((a, b) => a.createdAt - b.createdAt);
  const bench = { ...FULL_CONFIG, seed: config.seed, windowMs: config.windowMs, arrivalsPerProvider: config.payments / 2, stalePerProvider: 0 };
  return { config: bench, start, end: start + config.windowMs, stale: [], arrivals };
}
