/**
 * One budget per provider account for the whole team (issue 15): a token bucket in the database,
 * taken from in a transaction that locks its row, so all agents together stay within it. A 429
 * any agent meets blocks the account for everyone and lowers the learned limit; the provider's
 * rate-limit headers teach it too. Key material never enters the table: only the account's id.
 */
import type { HeaderReader } from '../monitor/rate-limit-headers.ts';
import { parseRateLimitHeaders } from '../monitor/rate-limit-headers.ts';
import type { PgRunner } from './pg-runner.ts';

/** An account's budget settings. */
export interface BucketConfig {
  /** Requests that may go out back to back. */
  capacity: number;
  /** Steady rate, requests per second. */
  perSecond: number;
}

/**
 * Defaults: a burst of 3, then 54 a minute, so that even the burst stays inside the 60 a minute
 * the providers are assumed to allow (src/simulator/rate-limit.ts): shared, so smaller than one agent's.
 */
export const DEFAULT_BUCKET: BucketConfig = { capacity: 3, perSecond: 0.9 };

/** The answer to a take. */
export interface TakeResult {
  granted: boolean;
  /** When not granted: how long until a token (or the block's end), ms. */
  waitMs: number;
}

/** The bucket's state, for the UI and tests. */
export interface BucketState {
  tokens: number;
  perSecond: number;
  learnedPerSecond: number | null;
  blockedForMs: number;
}

// A learned limit is kept a little under what the provider allows: clocks and windows differ.
const LEARN_MARGIN = 0.9;
const MIN_RATE = 0.02;

/** The shared budgets, as one agent uses them. */
export class SharedBudgets {
  readonly #db: PgRunner;
  readonly #config: (accountId: string) => BucketConfig;

  constructor(db: PgRunner, config: (accountId: string) => BucketConfig = () => DEFAULT_BUCKET) {
    this.#db = db;
    this.#config = config;
  }

  /** Takes one request's token for `accountId`, atomically across agents. */
  async take(accountId: string): Promise<TakeResult> {
    const c = this.#config(accountId);
    return this.#db.tx(async (q) => {
      await q.query(
        `INSERT INTO budgets (account_id, capacity, refill_per_second, tokens) VALUES ($1, $2, $3, $2) ON CONFLICT (account_id) DO NOTHING`,
        [accountId, c.capacity, c.perSecond],
      );
      const { rows } = await q.query<{ avail: number; rate: number; blocked_ms: number }>(
        `SELECT least(capacity, tokens + extract(epoch FROM now() - updated_at) * least(refill_per_second, coalesce(learned_per_second, refill_per_second)))::float8 AS avail,
           least(refill_per_second, coalesce(learned_per_second, refill_per_second))::float8 AS rate,
           greatest(0, extract(epoch FROM coalesce(blocked_until, now()) - now()) * 1000)::float8 AS blocked_ms
         FROM budgets WHERE account_id = $1 FOR UPDATE`,
        [accountId],
      );
      const { avail, rate, blocked_ms: blockedMs } = rows[0]!;
      const granted = blockedMs <= 0 && avail >= 1;
      await q.query('UPDATE budgets SET tokens = $2, updated_at = now() WHERE account_id = $1', [accountId, granted ? avail - 1 : avail]);
      if (granted) return { granted, waitMs: 0 };
      return { granted, waitMs: Math.max(blockedMs, Math.ceil(((1 - avail) / rate) * 1000), 1) };
    });
  }

  /** Takes a token, waiting as long as the budget says (rechecking, since others take too). */
  async takeWhenReady(accountId: string, signal?: AbortSignal): Promise<boolean> {
    for (;;) {
      if (signal?.aborted) return false;
      const r = await this.take(accountId);
      if (r.granted) return true;
      await sleep(Math.min(r.waitMs, 5_000), signal);
    }
  }

  /** A 429: nobody on the team asks this account again for `retryAfterSeconds`, and the rate is learned lower. */
  async rateLimited(accountId: string, retryAfterSeconds: number | undefined): Promise<void> {
    const seconds = retryAfterSeconds ?? 2;
    await this.#db.query(
      `UPDATE budgets SET tokens = 0, updated_at = now(),
         blocked_until = greatest(coalesce(blocked_until, now()), now() + make_interval(secs => $2)),
         learned_per_second = greatest($4, least(refill_per_second, coalesce(learned_per_second, refill_per_second)) * 0.75),
         learned_at = now(), learned_by = $3
       WHERE account_id = $1`,
      [accountId, seconds, this.#db.agent, MIN_RATE],
    );
  }

  /** What an answer's rate-limit headers say: the tightest named limit becomes the learned rate. */
  async observe(accountId: string, headers: HeaderReader): Promise<void> {
    const signal = parseRateLimitHeaders(headers, Date.now());
    const rates = signal.limits.map((l) => (l.limit / l.windowMs) * 1000);
    if (rates.length === 0) return;
    const rate = Math.max(MIN_RATE, Math.min(...rates) * LEARN_MARGIN);
    await this.#db.query(
      `UPDATE budgets SET learned_per_second = $2, learned_at = now(), learned_by = $3
       WHERE account_id = $1 AND learned_per_second IS DISTINCT FROM $2`,
      [accountId, rate, this.#db.agent],
    );
  }

  /** The bucket as the server sees it now; null before anyone used it. */
  async state(accountId: string): Promise<BucketState | null> {
    const [row] = await this.#db.query<{ tokens: number; rate: number; learned: number | null; blocked: number }>(
      `SELECT least(capacity, tokens + extract(epoch FROM now() - updated_at) * least(refill_per_second, coalesce(learned_per_second, refill_per_second)))::float8 AS tokens,
         refill_per_second AS rate, learned_per_second AS learned,
         greatest(0, extract(epoch FROM coalesce(blocked_until, now()) - now()) * 1000)::float8 AS blocked
       FROM budgets WHERE account_id = $1`,
      [accountId],
    );
    return row ? { tokens: row.tokens, perSecond: row.rate, learnedPerSecond: row.learned, blockedForMs: row.blocked } : null;
  }
}

/** Resolves after `ms`, or early when `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
