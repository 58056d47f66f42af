/**
 * Learning a provider's limit from a 429 when it names none (issue 11). At the refused request
 * the provider's window was full: for its true window W, the requests it accepted in the last W
 * are its limit; and every request it accepted before says no window of W held more. Each of our
 * accepted requests is, in turn, supposed the oldest in the provider's window, which gives a
 * hypothesis "n requests per w"; those an earlier success contradicts are dropped, and of the rest
 * the one allowing most requests is kept: a lone 429 after a burst costs that burst, not the minute.
 * A hypothesis that proves too loose meets its own 429, and the budget tightens it (budget.ts).
 *
 * AWS's adaptive retry mode (botocore's ClientRateLimiter) measures a sending rate, takes 0.7 of it
 * on a throttle and regrows it on a cubic towards and past the old maximum; it finds a rate but no
 * window, so against "6 per 4 s" it throttles again every few seconds, forever. Counting per window
 * keeps what was learned; 0.7 is used here only when every reading is contradicted (the limit fell).
 */
import { SendLog } from './window-limit.ts';

/** The shortest window we believe a provider counts in. */
export const MIN_WINDOW_MS = 1000;
/** At most this many of the newest accepted requests become hypotheses (a 429 is rare; this bounds its cost). */
const MAX_CANDIDATES = 2000;

/** A learned "at most `limit` per `windowMs`", and whether it agrees with all earlier successes. */
export interface InferredLimit {
  limit: number;
  windowMs: number;
  consistent: boolean;
}

/** The most requests that were ever inside one window of `w` ms (two pointers, one pass). */
export function maxInWindow(times: readonly number[], w: number): number {
  let most = 0;
  let first = 0;
  for (let last = 0; last < times.length; last++) {
    while (times[first]! <= times[last]! - w) first++;
    most = Math.max(most, last - first + 1);
  }
  return most;
}

/**
 * The limit a 429 at `t` reveals, given the times of the accepted requests before it (oldest
 * first); null when nothing was accepted. Requests before `evidenceFrom` (the previous 429) are
 * not used: the provider may have lowered its limit, or restarted its window with its block.
 *
 * When the 429 named a wait, the supposed oldest request leaves the window when the wait ends,
 * which gives the window (span + wait; one that would also hold the request before it is not
 * this one). A wait in whole seconds is rounded up by the provider, so the true one may be up to
 * a second shorter: against 2 a second ("Retry-After: 1" for a wait of 0.3 s) span + wait would
 * only fit after a quiet second and teach a long window (8 per 14 s); the window is instead the
 * longest in that second of doubt that no earlier success contradicts. Without a wait the window is believed up to twice the span: long enough to pass a
 * window we had barely filled, short enough that a 429 after a quiet spell does not teach a rate
 * of a few a minute. Of the readings no earlier success contradicts, the one allowing most
 * requests wins; when all are contradicted, the loosest.
 */
export function inferLimit(accepted: SendLog, t: number, retryAfterMs: number | undefined, evidenceFrom: number): InferredLimit | null {
  const times = accepted.toArray().filter((x) => x <= t && x >= evidenceFrom);
  const n = times.length;
  if (n === 0) return null;
  const log = new SendLog();
  for (const x of times) log.push(x);
  let best: InferredLimit | null = null;
  let loosest: InferredLimit | null = null;
  const tried = new Set<number>();
  for (let i = n - 1; i >= Math.max(0, n - MAX_CANDIDATES); i--) {
    const span = t - times[i]!;
    const gap = i > 0 ? t - times[i - 1]! : Infinity;
    // With a wait named, the window is span + wait, which must not reach the request before.
    const doubt = retryAfterMs !== undefined && retryAfterMs % 1000 === 0 ? Math.min(retryAfterMs, 1000) : 0;
    if (retryAfterMs !== undefined && span + retryAfterMs - doubt > gap) continue;
    const longest = Math.max(MIN_WINDOW_MS, retryAfterMs !== undefined ? Math.min(gap, span + retryAfterMs) : Math.min(gap, 2 * span));
    const shortest = Math.max(MIN_WINDOW_MS, retryAfterMs !== undefined ? span + retryAfterMs - doubt : longest);
    const windowMs = longestConsistent(times, t, shortest, longest);
    if (tried.has(windowMs)) continue;
    tried.add(windowMs);
    const limit = log.countAfter(t - windowMs);
    if (limit < 1) continue;
    const rate = limit / windowMs;
    const c = { limit, windowMs, consistent: maxInWindow(times, windowMs) <= limit };
    if (!loosest || rate > loosest.limit / loosest.windowMs) loosest = c;
    if (c.consistent && (!best || rate > best.limit / best.windowMs)) best = c;
  }
  return best ?? loosest;
}

/**
 * The longest window in [shortest, longest] that no earlier success contradicts (the count it
 * holds before `t` is not beaten by any earlier window of its length), or `longest` when none is
 * consistent. Both the count and the busiest earlier window grow with the window, so a few halvings find it.
 */
function longestConsistent(times: readonly number[], t: number, shortest: number, longest: number): number {
  const fits = (w: number): boolean => maxInWindow(times, w) <= times.filter((x) => x > t - w).length;
  if (longest <= shortest || fits(longest) || !fits(shortest)) return longest;
  let lo = shortest;
  let hi = longest;
  for (let i = 0; i < 8; i++) {
    const mid = (lo + hi) / 2;
    if (fits(mid)) lo = mid;
    else hi = mid;
  }
  return Math.round(lo);
}
