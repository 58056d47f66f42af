/**
 * One agent's share of the team's polling (issue 15): claim due payments under a lease, take a
 * token from the account's shared budget, ask the provider with this agent's own key, record the
 * answer for everyone, and release the lease with the time the payment is next due (the engine's
 * policy decides it, as for one person). Failed checks back off in the database, so whichever
 * agent comes next respects the same wait. Only providers this agent has a key for are claimed.
 */
import { KEY_PROBLEM_KINDS, toErrorInfo, type ErrorInfo } from '../../shared/errors.ts';
import type { Provider } from '../../shared/payment.ts';
import { providerSpecs } from '../../shared/providers/index.ts';
import type { PaymentRef } from '../../shared/refs.ts';
import type { LookupResult, PaymentLookup } from '../lookup.ts';
import { fullJitter, NOT_FOUND_RETRIES_MS } from '../monitor/backoff.ts';
import { stateFromRow } from '../monitor/engine.ts';
import { DEFAULT_POLICY, nextDueAt, type PolicyOptions } from '../monitor/policy.ts';
import { sleep, type SharedBudgets } from './budget.ts';
import { LeaseKeeper, type Leases } from './leases.ts';
import type { SharedWatchRow, WatchStoreAsync } from './types.ts';

/** What the poller reports of its own checks. */
export type PollerEvent =
  | { type: 'checked'; key: string; status: string; final: boolean }
  | { type: 'payment-error'; key: string; ref: PaymentRef; error: ErrorInfo; gaveUp: boolean }
  | { type: 'account-problem'; provider: Provider; account: string; error: ErrorInfo }
  /** The database failed; the poller retries with backoff. */
  | { type: 'database-problem'; error: ErrorInfo };

/** Poller settings. */
export interface PollerOptions {
  /** Where answers are recorded: the team store, through the interface both stores implement. */
  store: WatchStoreAsync;
  leases: Leases;
  budgets: SharedBudgets;
  lookup: PaymentLookup;
  /** Only these payments (the CLI's `watch`); all when absent. */
  keys?: readonly string[];
  policy?: PolicyOptions;
  notFoundRetriesMs?: readonly number[];
  /** Checks in flight at once (default 4). */
  concurrency?: number;
  /** How often to look for due payments when nothing woke the poller (default 500 ms). */
  idleMs?: number;
  onEvent?: (e: PollerEvent) => void;
}

/** Polls the team's due payments until stopped. */
export class TeamPoller {
  readonly #o: PollerOptions;
  readonly #keeper: LeaseKeeper;
  readonly #inFlight = new Set<Promise<void>>();
  readonly #firstAccount = new Map<Provider, string>();
  readonly #stop = new AbortController();
  #providers: Provider[] = [];
  #dbFailures = 0;
  #wake: (() => void) | null = null;
  #loop: Promise<void> | null = null;

  constructor(opts: PollerOptions) {
    this.#o = opts;
    this.#keeper = new LeaseKeeper(opts.leases);
  }

  /** Providers this agent can poll (it has a key); the rest are left to agents that do. */
  get providers(): readonly Provider[] {
    return this.#providers;
  }

  /** Resolves the agent's accounts, then polls in the background. */
  async start(): Promise<void> {
    for (const { id } of providerSpecs() as readonly { id: Provider }[]) {
      try {
        const first = (await this.#o.lookup.accounts(id))[0];
        if (first) {
          this.#firstAccount.set(id, first);
          this.#providers.push(id);
        }
      } catch {
        // No key for this provider here: another agent's job.
      }
    }
    this.#keeper.start();
    this.#loop = this.#run();
  }

  /** Looks for due payments now (a change arrived). */
  poke(): void {
    this.#wake?.();
  }

  /** Stops claiming, waits for checks in flight (their leases are released). */
  async stop(): Promise<void> {
    this.#stop.abort();
    this.poke();
    await this.#loop;
    await Promise.all(this.#inFlight);
    this.#keeper.stop();
  }

  #emit(e: PollerEvent): void {
    this.#o.onEvent?.(e);
  }

  async #run(): Promise<void> {
    const limit = this.#o.concurrency ?? 4;
    while (!this.#stop.signal.aborted) {
      let claimed: SharedWatchRow[] = [];
      const free = limit - this.#inFlight.size;
      if (free > 0) {
        try {
          claimed = await this.#o.leases.claimDue({ limit: free, providers: this.#providers, ...(this.#o.keys ? { keys: this.#o.keys } : {}) });
          this.#dbFailures = 0;
        } catch (err) {
          // Unreachable: say so, back off, keep what we have.
          this.#emit({ type: 'database-problem', error: toErrorInfo(err) });
          await sleep(fullJitter(++this.#dbFailures), this.#stop.signal);
          continue;
        }
      }
      for (const row of claimed) {
        const job: Promise<void> = this.#check(row).finally(() => {
          this.#inFlight.delete(job);
          this.poke();
        });
        this.#inFlight.add(job);
      }
      if (claimed.length === 0 || this.#inFlight.size >= limit) await this.#idle();
    }
  }

  #idle(): Promise<void> {
    return new Promise((resolve) => {
      let timer: NodeJS.Timeout | undefined = undefined;
      const done = (): void => {
        clearTimeout(timer);
        this.#wake = null;
        resolve();
      };
      timer = setTimeout(done, this.#o.idleMs ?? 500);
      this.#wake = done;
    });
  }

  async #check(row: SharedWatchRow): Promise<void> {
    const { key, ref } = row;
    this.#keeper.hold(key);
    const account = row.account ?? this.#firstAccount.get(ref.provider) ?? 'default';
    const accountId = `${ref.provider}:${account}`;
    let dueInMs: number | null = 0;
    try {
      // The token is taken while holding the lease (the keeper renews it), so nobody else asks meanwhile.
      if (!(await this.#o.budgets.takeWhenReady(accountId, this.#stop.signal))) return;
      const result = await this.#o.lookup.lookup(ref, {
        prefer: row.account,
        onResponse: (acct, answer) => void this.#o.budgets.observe(`${ref.provider}:${acct}`, answer.headers).catch(() => undefined),
      });
      // Our lease was taken over while we waited (we were paused past its expiry): the other agent's answer stands.
      if (this.#keeper.lost.has(key)) return;
      dueInMs = await this.#record(row, accountId, result);
    } catch (err) {
      this.#emit({ type: 'database-problem', error: toErrorInfo(err) });
      dueInMs = fullJitter(1);
    } finally {
      this.#keeper.drop(key);
      await this.#o.leases.release(key, dueInMs).catch(() => undefined);
    }
  }

  /** Records one answer; returns when the payment is next due (ms from now; null: never). */
  async #record(row: SharedWatchRow, accountId: string, result: LookupResult): Promise<number | null> {
    const { key, ref } = row;
    const at = new Date().toISOString();
    if (result.ok) {
      const { payment, raw, account } = result;
      const obs = await this.#o.store.recordObservation(key, { payment, raw, account, seenAt: at });
      if (!obs) return null;
      this.#emit({ type: 'checked', key, status: payment.status, final: payment.final });
      const fresh = await this.#o.store.getWatch(key);
      if (!fresh) return null;
      const next = nextDueAt(stateFromRow(fresh, `${ref.provider}:${account}`, false), this.#o.policy ?? DEFAULT_POLICY);
      return Number.isFinite(next) ? next - Date.now() : null;
    }
    const { error } = result;
    if (error.kind === 'rate_limited') {
      await this.#o.budgets.rateLimited(accountId, error.retryAfterSeconds);
      this.#emit({ type: 'account-problem', provider: ref.provider, account: accountId.slice(ref.provider.length + 1), error });
      return (error.retryAfterSeconds ?? 2) * 1000;
    }
    if (KEY_PROBLEM_KINDS.has(error.kind)) {
      await this.#o.store.recordError(key, error, at);
      this.#emit({ type: 'account-problem', provider: ref.provider, account: accountId.slice(ref.provider.length + 1), error });
      return 60_000;
    }
    const notFound = error.kind === 'not_found';
    const count = (await this.#o.store.recordError(key, error, at, { notFound })) ?? 0;
    if (notFound) {
      const delay = (this.#o.notFoundRetriesMs ?? NOT_FOUND_RETRIES_MS)[count - 1];
      this.#emit({ type: 'payment-error', key, ref, error, gaveUp: delay === undefined });
      return delay ?? null;
    }
    const transient = ['network', 'timeout', 'server', 'bad_response', 'internal'].includes(error.kind);
    this.#emit({ type: 'payment-error', key, ref, error, gaveUp: !transient });
    return transient ? fullJitter(1) : null;
  }
}
