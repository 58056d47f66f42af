/**
 * Drives one AccountBudget against the simulator's rate limiter in virtual time (issue 11): every
 * request the budget allows goes to the limiter, and its verdict comes back the way the HTTP client
 * would read it (headers, Retry-After, the "try again in N seconds" prose), with no network.
 */
import { AccountBudget, type BudgetOptions } from '../../src/core/monitor/budget.ts';
import { VirtualClock } from '../../src/core/monitor/virtual-clock.ts';
import { parseRetryAfter, retryAfterFromMessage } from '../../src/core/retry-after.ts';
import { RateLimiter, type RateLimitConfig } from '../../src/simulator/rate-limit.ts';
import { rateLimitHeaders, refusal } from '../../src/simulator/rate-limit-headers.ts';

/** What happened in a drive. */
export interface DriveResult {
  budget: AccountBudget;
  /** Send times of accepted and refused requests. */
  accepted: number[];
  refused: number[];
  /** Longest stretch without any request while demand was waiting, after the first 429. */
  longestGapAfterFirst429: number;
}

/** Options of a drive: the provider's limit, our budget, how long, and our demand (requests a second; default: all we may). */
export interface DriveOptions {
  provider: RateLimitConfig;
  budget?: BudgetOptions;
  durationMs: number;
  demandPerSecond?: number;
  start?: number;
}

/** Runs the budget against the limiter for `durationMs` of virtual time. */
export async function drive(opts: DriveOptions): Promise<DriveResult> {
  const start = opts.start ?? Date.UTC(2026, 1, 20, 9, 0, 0);
  const clock = new VirtualClock(start);
  const budget = new AccountBudget(start, opts.budget ?? { perMinute: 6000, burst: 5 });
  const limiter = new RateLimiter(opts.provider);
  const style = opts.provider.style ?? 'default';
  const accepted: number[] = [];
  const refused: number[] = [];
  const end = start + opts.durationMs;
  const every = opts.demandPerSecond ? 1000 / opts.demandPerSecond : 0;
  let demandAt = start;
  let last = start;
  let longest = 0;
  for (;;) {
    const wanted = Math.max(clock.now(), demandAt);
    const at = budget.nextAvailableAt(wanted);
    if (at > end) break;
    await clock.advanceTo(at);
    const t = clock.now();
    if (refused.length > 0) longest = Math.max(longest, t - last);
    last = t;
    budget.take(t);
    demandAt = every ? Math.max(demandAt + every, t - 5 * every) : t;
    const verdict = limiter.check('key', t);
    const headers = new Headers(rateLimitHeaders(style, verdict.usage, t));
    if (verdict.ok) {
      accepted.push(t);
      budget.observe(t, { status: 200, headers, sentAt: t });
      continue;
    }
    refused.push(t);
    const said = opts.provider.blockSeconds > 0 ? opts.provider.blockSeconds : verdict.retryAfterSeconds;
    const answer = refusal(style, 'card2crypto', verdict.retryAfterSeconds, said, t);
    for (const [name, value] of Object.entries(answer.headers)) headers.set(name, value);
    budget.observe(t, { status: 429, headers, sentAt: t });
    budget.rateLimited(t, parseRetryAfter(headers.get('retry-after'), t) ?? retryAfterFromMessage(answer.text));
  }
  return { budget, accepted, refused, longestGapAfterFirst429: longest };
}

/** Requests sent in [from, to). */
export function countIn(times: readonly number[], from: number, to: number): number {
  return times.filter((t) => t >= from && t < to).length;
}
