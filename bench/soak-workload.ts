/**
 * The soak's workload: payments of both providers arriving over most of the window with every
 * lifecycle the providers document — completions, failures, refunds, exact, short and over
 * deposits, expiries, payments that never move — and the reopenings of issue 14 (completed →
 * refunded, expired → paid late, underpaid → topped up), waves of payments finishing in the same
 * minute, payments the user muted, and the alert rules and quiet hours of the run. Drawn from a
 * seeded stream, so one seed is one run.
 */
import type { Card2CryptoOutcome } from '../src/simulator/card2crypto.ts';
import type { PayCryptNetwork, PayCryptOutcome } from '../src/simulator/paycrypt.ts';
import { Rng } from '../src/simulator/random.ts';
import type { AlertSettingsView } from '../src/shared/alert-rules.ts';
import type { Provider } from '../src/shared/payment.ts';
import { NOTIFIABLE_STATUSES } from '../src/shared/settings.ts';
import { keyOf } from './sim-env.ts';
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

/** The shops the run's keys belong to (the keychain's account names). */
export const SOAK_ACCOUNTS: Record<Provider, string> = { card2crypto: 'shop-main', paycrypt: 'crypto-desk' };

/**
 * Bursts: a wave of payments finishing within one minute (a demo, a sale), as fractions of the
 * window; the app is restarted in the middle of the first and last (while their alerts are being
 * claimed and grouped); the middle one falls in the quiet hours.
 */
export const SOAK_WAVES = [
  { at: 0.2, restartMidway: true },
  { at: 0.42, restartMidway: false },
  { at: 0.7, restartMidway: true },
] as const;

/** Quiet hours, as fractions of the window (whole local minutes), covering the second wave. */
export const SOAK_QUIET = { from: 0.39, to: 0.47 } as const;

/**
 * Stuck-pending thresholds of the run: Card2Crypto's late completions (15–40 min) fall either side;
 * PayCrypt deposits land up to 25 min in, expiries at 30.
 */
export const SOAK_STUCK_MINUTES: Record<Provider, number> = { card2crypto: 25, paycrypt: 20 };
/** "About to expire" this long before a PayCrypt payment's expires_at. */
export const SOAK_EXPIRING_MINUTES = 5;

/** Share of payments muted in their detail pane. */
const MUTED_SHARE = 0.04;

/** One wave: the minute it finishes in and the payments that finish then. */
export interface SoakWave {
  at: number;
  restartMidway: boolean;
  keys: string[];
}

/** The soak's workload with what the alert checks need. */
export interface SoakWorkload extends Workload {
  waves: SoakWave[];
  /** Keys of the payments muted as soon as they are added. */
  muted: Set<string>;
  /** The statuses that raise a desktop notification when no rule decides (settings). */
  notifyStatuses: string[];
  /** The rules and quiet hours saved before the run. */
  alertSettings: AlertSettingsView;
  /** The quiet hours in virtual time: alerts claimed in [from, to) are held. */
  quiet: { from: number; to: number };
}

function lognormal(rng: Rng, medianMs: number, sigma: number): number {
  const u = 1 - rng.next();
  return medianMs * Math.exp(sigma * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.next()));
}

function card2crypto(rng: Rng, id: string, createdAt: number, refundable: boolean): PlannedPayment {
  const roll = rng.next();
  const at = (median: number) => Math.round(createdAt + lognormal(rng, median, 0.8));
  const base = { provider: 'card2crypto' as const, id, createdAt, amount: rng.int(500, 20_000), lastCheckedAt: null };
  // 55% complete, 10% complete then refunded 5–30 min later, 15% fail, 10% complete late, 10% abandoned (never move).
  if (roll < 0.55) return { ...base, outcome: { complete: at(90 * S) } };
  if (roll < 0.65 && refundable) {
    const complete = at(90 * S);
    return { ...base, outcome: { complete }, refundAt: complete + 5 * M + Math.round(rng.next() * 25 * M) };
  }
  if (roll < 0.8) return { ...base, outcome: { fail: at(60 * S) } };
  // Half the rest complete late, 15–40 min after creation: either side of the stuck-pending threshold.
  if (roll < 0.9) return { ...base, outcome: { complete: createdAt + Math.round((15 + rng.next() * 25) * M) } };
  const outcome: Card2CryptoOutcome = 'pending';
  return { ...base, outcome };
}

/** The simulator's expiry of a PayCrypt payment (its default: 30 minutes after creation). */
const EXPIRY_MS = 30 * M;
/** The networks' confirmations and block times, as the simulator's defaults have them. */
const CHAIN: Record<'tron' | 'bsc' | 'polygon', { required: number; blockSeconds: number }> = {
  tron: { required: 19, blockSeconds: 3 },
  bsc: { required: 15, blockSeconds: 3 },
  polygon: { required: 30, blockSeconds: 2 },
};

function paycrypt(rng: Rng, id: string, createdAt: number, age: number): PlannedPayment {
  const amount = rng.int(10, 500);
  const network: PayCryptNetwork = rng.pick(['ethereum', 'tron', 'bsc', 'polygon']);
  const roll = rng.next();
  const base = { provider: 'paycrypt' as const, id, createdAt, amount, network, lastCheckedAt: null };
  // Deposits land within 25 minutes (expiry is at 30): 50% exact, 8% short, 7% over;
  // 25% expire, 5% fail, 5% stay pending past expiry (the provider never moves them).
  const depositAt = Math.round(createdAt + 30 * S + rng.next() * 25 * M);
  let outcome: PayCryptOutcome;
  if (roll < 0.5) outcome = { depositAt, amountReceived: amount };
  else if (roll < 0.58) {
    const short = amount - 1 - rng.int(0, 5);
    // Half of the early ones are topped up 8–14 min after the short deposit settled, before expiry
    // (an underpaid payment is watched for a top-up until it expires).
    if (age < 0.6 && rng.next() < 0.5) {
      const early = Math.round(createdAt + 30 * S + rng.next() * 8 * M);
      const topUp = early + 4 * M + Math.round((8 + rng.next() * 6) * M);
      return { ...base, outcome: { depositAt: early, amountReceived: short }, later: [{ at: topUp, status: 'confirmed', amountReceived: amount }] };
    }
    outcome = { depositAt, amountReceived: short };
  } else if (roll < 0.65) outcome = { depositAt, amountReceived: amount + 1 + rng.int(0, 5) };
  else if (roll < 0.9) {
    // Half of the early expiries are paid late, 5–40 min after expiry: the full amount at once.
    if (age < 0.4 && rng.next() < 0.5) {
      const late = createdAt + EXPIRY_MS + Math.round((5 + rng.next() * 35) * M);
      return { ...base, outcome: 'expire', later: [{ at: late, status: 'confirmed', amountReceived: amount, confirmations: 20 }] };
    }
    outcome = 'expire';
  } else if (roll < 0.95) outcome = { fail: Math.round(createdAt + lognormal(rng, 3 * M, 0.8)) };
  else outcome = 'pending';
  return { ...base, outcome };
}

/** A wave's payment: created 3–8 minutes before the wave, finished within its minute. */
function wavePayment(rng: Rng, id: string, provider: Provider, waveAt: number): PlannedPayment {
  const createdAt = waveAt - Math.round((3 + rng.next() * 5) * M);
  const finalAt = waveAt + Math.round(rng.next() * 55 * S);
  if (provider === 'card2crypto') return { provider, id, createdAt, amount: rng.int(500, 20_000), lastCheckedAt: null, outcome: { complete: finalAt } };
  const network = rng.pick(['tron', 'bsc', 'polygon'] as const);
  const { required, blockSeconds } = CHAIN[network];
  const amount = rng.int(10, 500);
  const depositAt = finalAt - (required - 1) * blockSeconds * S;
  return { provider, id, createdAt, amount, network, lastCheckedAt: null, outcome: { depositAt, amountReceived: amount, requiredConfirmations: required, blockSeconds } };
}

/** "HH:MM" of `ms` on the local clock (quiet hours are the user's wall clock). */
function localClock(ms: number): string {
  const d = new Date(ms);
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
}

/**
 * Draws the soak's workload. Arrivals span the first 7/9 of the window (all but the last 40
 * minutes of three hours), so most stories end inside it; payments that may be refunded arrive in
 * the first half, since a completed payment is re-checked for refunds only hourly, and those paid
 * after expiry in the first 40% (an expired one is re-checked hourly too). Each wave holds 2% of
 * the payments (12 at least, 30% of them at most), two thirds Card2Crypto completions, a third PayCrypt deposits.
 */
export function planSoak(config: SoakConfig, start = T0): SoakWorkload {
  const rng = new Rng(config.seed ^ 0x50a6);
  const ids = new Set<string>();
  const span = (config.windowMs * 7) / 9;
  const arrivals: PlannedPayment[] = [];
  const newId = (provider: Provider): string => {
    let id: string;
    do id = provider === 'card2crypto' ? `pay_${rng.alnum(16)}` : rng.uuid();
    while (ids.has(id));
    ids.add(id);
    return id;
  };
  // Never more than 30% of a small run.
  const perWave = Math.max(1, Math.min(Math.max(12, Math.round(config.payments * 0.02)), Math.floor((config.payments * 0.3) / SOAK_WAVES.length)));
  const waves: SoakWave[] = SOAK_WAVES.map((w) => ({ at: start + Math.round(w.at * config.windowMs), restartMidway: w.restartMidway, keys: [] }));
  for (const wave of waves) {
    for (let j = 0; j < perWave; j++) {
      const p = wavePayment(rng, newId(j % 3 === 2 ? 'paycrypt' : 'card2crypto'), j % 3 === 2 ? 'paycrypt' : 'card2crypto', wave.at);
      arrivals.push(p);
      wave.keys.push(keyOf(p));
    }
  }
  for (let i = arrivals.length; i < config.payments; i++) {
    const createdAt = start + Math.floor(rng.next() * span);
    const age = (createdAt - start) / config.windowMs;
    arrivals.push(i % 2 === 0 ? card2crypto(rng, newId('card2crypto'), createdAt, age < 0.5) : paycrypt(rng, newId('paycrypt'), createdAt, age));
  }
  arrivals.sort((a, b) => a.createdAt - b.createdAt);
  const muted = new Set(arrivals.filter(() => rng.next() < MUTED_SHARE).map(keyOf));
  const minuteAt = (fraction: number) => start + Math.round((fraction * config.windowMs) / M) * M;
  const quiet = { from: minuteAt(SOAK_QUIET.from), to: minuteAt(SOAK_QUIET.to) };
  const alertSettings: AlertSettingsView = {
    rules: [
      // The crypto desk's expiries are routine there: in the app's list only.
      { id: 'desk-expiries', name: 'Crypto desk expiries', enabled: true, providers: ['paycrypt'], accounts: [SOAK_ACCOUNTS.paycrypt], statuses: ['expired'], minAmount: {}, notify: false, sound: false },
    ],
    quietHours: { start: localClock(quiet.from), end: localClock(quiet.to) },
    // Watch alerts with their ground truth in soak-watch-truth.ts; no script stalls, so stalled is off.
    watch: { stuckPendingMinutes: SOAK_STUCK_MINUTES, expiringMinutes: SOAK_EXPIRING_MINUTES, stalled: false, milestones: { enabled: true, confirmations: 3 } },
  };
  const cards = arrivals.filter((p) => p.provider === 'card2crypto').length;
  const bench = { ...FULL_CONFIG, seed: config.seed, windowMs: config.windowMs, arrivalsPerProvider: Math.max(cards, arrivals.length - cards), stalePerProvider: 0 };
  return {
    config: bench,
    start,
    end: start + config.windowMs,
    stale: [],
    arrivals,
    waves,
    muted,
    // Failures raise no desktop notification in this run (the status choice in settings).
    notifyStatuses: NOTIFIABLE_STATUSES.filter((s) => s !== 'failed'),
    alertSettings,
    quiet,
  };
}
