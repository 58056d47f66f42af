/**
 * Spare budget spent where it is worth most (issue 11, follow-up). The scheduler's pacing used to
 * lower an account's threshold in 30-second steps when it sent below its limit; the benchmark showed
 * it leaving 14-24 % of the limit unused (per second, per 4 s, the halving limit) and, at its low
 * steps, checking payments a few seconds old every few seconds, when they seldom change. Here, whenever an account may send,
 * nobody is due and it sent less than its limit allows per minute, the young pending payment whose
 * check is worth most goes early (`earlyCheckValue`: the delay a change would have waited since its
 * last check, over what a check is worth). Checking the largest each time a
 * slot is free equalizes that delay across payments, the bound's Lagrangian rule (bench/bound.ts)
 * with the price the budget clears at, instead of one guessed by steps.
 */
import { earlyCheckValue, watchMode, type PolicyOptions, type WatchState } from './policy.ts';

/** Only payments younger than this are checked early (changes cluster early; old ones keep their schedule). */
export const SPARE_AGE_MS = 3600_000;
/** An early check must be worth at least this share of a due one (0.1 s of delay by default), so a lone payment is not polled every second. */
export const SPARE_MIN_SHARE = 0.01;

/** Whether a payment may be checked early with spare budget. */
export function spareEligible(s: WatchState, now: number, p: PolicyOptions): boolean {
  return (
    now - s.createdAt < SPARE_AGE_MS &&
    s.lastCheckedAt !== null &&
    !s.urgent &&
    s.failures === 0 &&
    s.retryAt === null &&
    watchMode(s, p) === 'pending'
  );
}

/** Per account, the payments that spare budget may check early. */
export class SpareChecks {
  readonly #byAccount = new Map<string, Set<string>>();

  /** Notes a payment's new state (eligible or not). */
  note(s: WatchState, now: number, p: PolicyOptions): void {
    if (spareEligible(s, now, p)) {
      let set = this.#byAccount.get(s.accountId);
      if (!set) {
        set = new Set();
        this.#byAccount.set(s.accountId, set);
      }
      set.add(s.key);
    } else {
      this.#byAccount.get(s.accountId)?.delete(s.key);
    }
  }

  /** Forgets a payment. */
  forget(key: string, accountId: string): void {
    this.#byAccount.get(accountId)?.delete(key);
  }

  /** Whether `accountId` has candidates. */
  has(accountId: string): boolean {
    return (this.#byAccount.get(accountId)?.size ?? 0) > 0;
  }

  /** Accounts with candidates. */
  accounts(): string[] {
    return [...this.#byAccount].filter(([, set]) => set.size > 0).map(([id]) => id);
  }

  /**
   * The candidate of `accountId` worth most now (`earlyCheckValue`, at least SPARE_MIN_SHARE), or null. Candidates no longer eligible are dropped on the way.
   */
  best(accountId: string, now: number, p: PolicyOptions, get: (key: string) => WatchState | undefined, busy: ReadonlySet<string>): string | null {
    const set = this.#byAccount.get(accountId);
    if (!set) return null;
    let best: string | null = null;
    let bestValue = SPARE_MIN_SHARE;
    for (const key of set) {
      const s = get(key);
      if (!s || s.accountId !== accountId || !spareEligible(s, now, p)) {
        set.delete(key);
        continue;
      }
      if (busy.has(key)) continue;
      const value = earlyCheckValue(s, now, p);
      if (value >= bestValue) [best, bestValue] = [key, value];
    }
    return best;
  }
}
