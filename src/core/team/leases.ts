/**
 * One poller per payment (issue 15): an agent claims due payments with FOR UPDATE SKIP LOCKED,
 * holding each under a lease (holder + expiry, in seconds of the server's clock) that it renews
 * while it is alive. A dead or paused agent stops renewing; once its lease expires another agent
 * takes the payment over. Releasing sets when the payment is next due, for whoever comes then.
 */
import type { Provider } from '../../shared/payment.ts';
import { toWatchRow, type Row } from '../store/rows.ts';
import type { PgRunner } from './pg-runner.ts';
import { sharedFields } from './pg-store.ts';
import type { SharedWatchRow } from './types.ts';

/** Default lease length: long enough for a slow provider answer, short enough for a quick takeover. */
export const DEFAULT_LEASE_SECONDS = 15;

/** Who holds a payment, as the server sees it. */
export interface LeaseInfo {
  holder: string | null;
  /** Seconds left (negative: expired); null when nobody holds it. */
  secondsLeft: number | null;
  /** Milliseconds until the payment is due (0 or less: due). */
  dueInMs: number;
}

/** The leases of one agent. */
export class Leases {
  readonly #db: PgRunner;
  readonly seconds: number;

  constructor(db: PgRunner, opts: { seconds?: number } = {}) {
    this.#db = db;
    this.seconds = opts.seconds ?? DEFAULT_LEASE_SECONDS;
  }

  /**
   * Claims up to `limit` due, unpaused, non-final payments nobody holds (or whose lease expired),
   * of `providers` only (an agent polls only what it has a key for), of `keys` only when given.
   * Rows other agents are claiming at the same moment are skipped, not waited for.
   */
  async claimDue(opts: { limit: number; providers: readonly Provider[]; keys?: readonly string[] }): Promise<SharedWatchRow[]> {
    if (opts.providers.length === 0 || opts.limit < 1) return [];
    const rows = await this.#db.query(
      `WITH due AS (
         SELECT key FROM watches
         WHERE final = 0 AND paused = 0 AND due_at <= now() AND provider = ANY($2)
           AND ($4::text[] IS NULL OR key = ANY($4))
           AND (lease_until IS NULL OR lease_until < now())
         ORDER BY due_at, key LIMIT $3
         FOR UPDATE SKIP LOCKED)
       UPDATE watches w SET lease_holder = $1, lease_until = now() + make_interval(secs => $5), hinted_at = NULL
       FROM due WHERE w.key = due.key
       RETURNING w.*`,
      [this.#db.agent, opts.providers, opts.limit, opts.keys ?? null, this.seconds],
    );
    return rows.map((row) => ({ ...toWatchRow(row as Row), ...sharedFields(row) }));
  }

  /** Extends this agent's leases on `keys`; returns the keys it still holds (a lost one was taken over). */
  async renew(keys: readonly string[]): Promise<string[]> {
    if (keys.length === 0) return [];
    const rows = await this.#db.query<{ key: string }>(
      `UPDATE watches SET lease_until = now() + make_interval(secs => $3)
       WHERE key = ANY($1) AND lease_holder = $2 RETURNING key`,
      [keys, this.#db.agent, this.seconds],
    );
    return rows.map((r) => r.key);
  }

  /** Gives `key` up, due again in `dueInMs` (null: never, e.g. final). False when the lease was lost. */
  async release(key: string, dueInMs: number | null): Promise<boolean> {
    // A payment that needs no more checks is due far away; final ones are skipped by claimDue anyway.
    // A hint (`paymon ingest`) that arrived while this check was in flight makes it due again now:
    // the webhook may tell of a change this check's answer came too early to see.
    const ms = dueInMs === null ? 365 * 86_400_000 : Math.max(0, Math.round(dueInMs));
    const rows = await this.#db.query(
      `UPDATE watches SET lease_holder = NULL, lease_until = NULL,
         due_at = CASE WHEN hinted_at IS NULL THEN now() + make_interval(secs => $3 / 1000.0) ELSE now() END
       WHERE key = $1 AND lease_holder = $2 RETURNING 1 AS yes`,
      [key, this.#db.agent, ms],
    );
    return rows.length === 1;
  }

  /** Makes `keys` due now (just added, or "refresh now"), whoever holds them. */
  async dueNow(keys: readonly string[]): Promise<void> {
    if (keys.length > 0) await this.#db.query('UPDATE watches SET due_at = now() WHERE key = ANY($1)', [keys]);
  }

  /** Who holds `key` and when it is due; null when it is not watched. */
  async info(key: string): Promise<LeaseInfo | null> {
    const [row] = await this.#db.query<{ holder: string | null; left: number | null; due: number }>(
      `SELECT lease_holder AS holder, extract(epoch FROM lease_until - now())::float8 AS left,
         (extract(epoch FROM due_at - now()) * 1000)::float8 AS due FROM watches WHERE key = $1`,
      [key],
    );
    return row ? { holder: row.holder, secondsLeft: row.left, dueInMs: row.due } : null;
  }
}

/**
 * Renews a set of held leases every third of their length while the agent is alive. A process that
 * is paused (SIGSTOP, a laptop lid) renews nothing, so its leases expire and others take over.
 */
export class LeaseKeeper {
  readonly #leases: Leases;
  readonly #held = new Set<string>();
  #timer: NodeJS.Timeout | undefined;
  /** Keys whose lease was taken over while held (the agent should drop its result). */
  readonly lost = new Set<string>();

  constructor(leases: Leases) {
    this.#leases = leases;
  }

  /** Starts renewing. */
  start(): void {
    if (this.#timer) return;
    this.#timer = setInterval(() => void this.#renew(), (this.#leases.seconds * 1000) / 3);
    this.#timer.unref();
  }

  hold(key: string): void {
    this.#held.add(key);
    this.lost.delete(key);
  }

  drop(key: string): void {
    this.#held.delete(key);
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  async #renew(): Promise<void> {
    const keys = [...this.#held];
    try {
      const still = new Set(await this.#leases.renew(keys));
      for (const key of keys) if (!still.has(key) && this.#held.has(key)) this.lost.add(key);
    } catch {
      // The database is unreachable: the next tick tries again; the lease may expire meanwhile.
    }
  }
}
