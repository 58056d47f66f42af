/**
 * One policy's simulated surroundings: a virtual clock, a SimWorld holding the
 * workload's scripts, an in-process fetch that logs every request, and the real
 * PaymentLookup (real provider clients) on top of it. Each policy gets its own,
 * so rate-limit windows and counters never mix.
 */
import { PaymentLookup, type LookupResult } from '../src/core/lookup.ts';
import { VirtualClock } from '../src/core/monitor/virtual-clock.ts';
import { MemoryStore } from '../src/core/secrets/memory-store.ts';
import type { PaymonStore } from '../src/core/store/index.ts';
import type { Provider } from '../src/shared/payment.ts';
import { refKey, type PaymentRef } from '../src/shared/refs.ts';
import { createSimFetch } from '../src/simulator/fetch.ts';
import { DEFAULT_KEYS, SimWorld } from '../src/simulator/world.ts';
import { refusal, type LimitGate } from './limits.ts';
import type { PlannedPayment, Workload } from './workload.ts';

/** One request as the simulated provider received it. */
export interface LoggedRequest {
  at: number;
  provider: Provider;
  status: number;
  /** The payment asked about. */
  id: string;
}

/** A policy's simulated world and the lookup that reaches it. */
export interface SimEnv {
  clock: VirtualClock;
  world: SimWorld;
  lookup: PaymentLookup;
  log: LoggedRequest[];
  /** Set while seeding: requests pass the scenario's limit gate uncounted. */
  bypassGate: boolean;
}

// Any loopback origin: the in-process fetch only reads the path.
const ORIGIN = 'http://127.0.0.1';

/** The reference a monitor watches for a planned payment. */
export function refOf(p: PlannedPayment): PaymentRef {
  return { provider: p.provider, kind: 'payment', value: p.id };
}

/** The key the engine and the store use for a planned payment. */
export function keyOf(p: PlannedPayment): string {
  return refKey(refOf(p));
}

function addScript(world: SimWorld, p: PlannedPayment): void {
  if (p.provider === 'card2crypto') {
    world.addCard2Crypto({ id: p.id, amount: p.amount, createdAt: p.createdAt, outcome: p.outcome, ...(p.refundAt === undefined ? {} : { refundAt: p.refundAt }) });
  } else {
    world.addPayCrypt({ id: p.id, amount: p.amount, network: p.network, createdAt: p.createdAt, outcome: p.outcome, ...(p.later === undefined ? {} : { later: p.later }) });
  }
}

/** The keys and base URLs that point a PaymentLookup at the in-process simulator. */
export function simLookupEnv(): Record<string, string> {
  return {
    CARD2CRYPTO_API_KEY: DEFAULT_KEYS.card2crypto,
    PAYCRYPT_API_KEY: DEFAULT_KEYS.paycrypt,
    PAYMON_CARD2CRYPTO_URL: `${ORIGIN}/card2crypto/api/v1`,
    PAYMON_PAYCRYPT_URL: `${ORIGIN}/paycrypt`,
  };
}

/**
 * Builds the world of `payments` on a fresh clock at `start`, rate-limited as the workload says,
 * or by `gate` in front of it (the scenarios' limit shapes; the world's own limiter is lifted).
 */
export function createSimEnv(workload: Workload, payments: readonly PlannedPayment[], opts: { gate?: LimitGate } = {}): SimEnv {
  const clock = new VirtualClock(workload.start);
  const rateLimit = opts.gate ? { ...workload.config.rateLimit, limit: Number.MAX_SAFE_INTEGER } : workload.config.rateLimit;
  const world = new SimWorld({ now: () => clock.now(), seed: workload.config.seed, rateLimit });
  for (const p of payments) addScript(world, p);
  const log: LoggedRequest[] = [];
  const simFetch = createSimFetch(world, { delay: () => Promise.resolve() });
  const gate = opts.gate;
  const logged: typeof globalThis.fetch = async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const provider: Provider = url.pathname.startsWith('/card2crypto') ? 'card2crypto' : 'paycrypt';
    const id = url.searchParams.get('payment_id') ?? url.pathname.slice(url.pathname.lastIndexOf('/') + 1);
    const verdict = env.bypassGate ? { ok: true as const } : (gate?.check(provider, clock.now()) ?? { ok: true as const });
    const extra = 'headers' in verdict ? verdict.headers : undefined;
    let res = verdict.ok ? await simFetch(input, init) : refusal(provider, verdict.retryAfterSeconds, extra);
    if (verdict.ok && extra) {
      const headers = new Headers(res.headers);
      for (const [k, v] of Object.entries(extra)) headers.set(k, v);
      res = new Response(await res.text(), { status: res.status, headers });
    }
    log.push({ at: clock.now(), provider, status: res.status, id });
    return res;
  };
  const lookup = new PaymentLookup({ env: simLookupEnv(), secrets: new MemoryStore(), fetch: logged });
  const env: SimEnv = { clock, world, lookup, log, bypassGate: false };
  return env;
}

/**
 * Puts payments into the store as an earlier session left them: watched, with one
 * observation (their current answer) seen at their `lastCheckedAt`. The answers are
 * fetched with the rate limit lifted, then the limiter, counters and log are reset,
 * so this set-up costs the measured run nothing.
 */
export async function seedStore(env: SimEnv, store: PaymonStore, payments: readonly PlannedPayment[]): Promise<void> {
  const { world } = env;
  const limit = world.limiter.config;
  world.setRateLimit({ limit: Number.MAX_SAFE_INTEGER });
  env.bypassGate = true;
  const answers: Array<{ p: PlannedPayment; result: Extract<LookupResult, { ok: true }> }> = [];
  for (const p of payments) {
    const result = await env.lookup.lookup(refOf(p));
    if (!result.ok) throw new Error(`seeding ${p.id}: ${result.error.message}`);
    answers.push({ p, result });
  }
  store.transaction(() => {
    for (const { p, result } of answers) {
      const seenAt = new Date(p.lastCheckedAt ?? env.clock.now()).toISOString();
      store.addWatch(refOf(p), { account: result.account, addedAt: new Date(p.createdAt).toISOString() });
      store.recordObservation(keyOf(p), { payment: result.payment, raw: result.raw, account: result.account, seenAt });
    }
  });
  env.bypassGate = false;
  world.setRateLimit(limit);
  world.limiter.reset();
  world.resetStats();
  env.log.length = 0;
}
