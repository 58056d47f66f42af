/**
 * Learning a provider's limit from a 429 when it names none (issue 11). At the refused request
 * the provider's window was full, so for its true window W the requests it accepted in the last W
 * are its limit; and every request it accepted before says the limit at W was not lower than what
 * was in flight then. Each of our own windows ending at the 429 is a hypothesis "the limit is the
 * n requests accepted in the last w"; those contradicted by an earlier success are dropped, and of
 * the rest the one allowing most requests is kept: a lone 429 after a burst costs the burst, not
 * the minute. A hypothesis that proves too loose meets its own 429 and is replaced by a longer one.
 *
 * AWS's adaptive retry mode (botocore's ClientRateLimiter) measures a sending rate, takes 0.7 of it
 * on a throttle and regrows it on a cubic; it finds a rate but forgets the window, so against
 * "6 per 4 s" it throttles again every few seconds. Counting per window keeps what was learned.
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

/**
 * For windows of `w` ms ending at each accepted request: the most requests one held, and how
 * many of them held at least `n` (two pointers, one pass).
 */
export function windowStats(times: readonly number[], w: number, n: number): { most: number; atLeast: number } {
  let most = 0;
  let atLeast = 0;
  let first = 0;
  for (let last = 0; last < times.length; last++) {
    while (times[first]! <= times[last]! - w) first++;
    const count = last - first + 1;
    most = Math.max(most, count);
    if (count >= n) atLeast++;
  }
  return { most, atLeast };
}

/**
 * The limit a 429 at `t` reveals, given the times of the accepted requests before it (oldest
 * first); null when nothing was accepted. Requests before `evidenceFrom` (the previous 429) are
 * not used: the provider may have lowered its limit, or restarted its window with its block.
 *
 * Each accepted request is, in turn, supposed the oldest one in the provider's window. When the
 * 429 named a wait, that request leaves the window when the wait ends, which gives the window
 * (span + wait; a window that would also hold the request before is not this one); without one, the window is believed up to twice the span: long enough to pass
 * a window we had barely filled, short enough that a 429 after a quiet spell does not teach a
 * rate of a few a minute. Of the readings no earlier success contradicts, the one allowing most
 * requests wins; a reading that proves too loose meets its own 429 and is tightened.
 */
export function inferLimit(accepted: SendLog, t: number, retryAfterMs: number | undefined, evidenceFrom: number): InferredLimit | null {
  // Only the requests since the last 429: the provider may have restarted its window with its block.
  const times = accepted.toArray().filter((x) => x <= t && x >= evidenceFrom);
  const n = times.length;
  if (n === 0) return null;
  const evidence = times;
  const log = new SendLog();
  for (const x of times) log.push(x);
  let best: InferredLimit | null = null;
  let loosest: InferredLimit | null = null;
  const tried = new Set<number>();
  for (let i = n - 1; i >= Math.max(0, n - MAX_CANDIDATES); i--) {
    const span = t - times[i]!;
    const gap = i > 0 ? t - times[i - 1]! : Infinity;
    // With a wait named, the window is span + wait, which must not reach the request before.
    if (retryAfterMs !== undefined && span + retryAfterMs > gap) continue;
    const guess = retryAfterMs !== undefined ? span + retryAfterMs : Math.min(gap, 2 * span);
    const windowMs = Math.max(MIN_WINDOW_MS, guess);
    if (tried.has(windowMs)) continue;
    tried.add(windowMs);
    const limit = log.countAfter(t - windowMs);
    if (limit < 1) continue;
    const rate = limit / windowMs;
    const c = { limit, windowMs, consistent: windowStats(evidence, windowMs, limit).most <= limit };
    if (!loosest || rate > loosest.limit / loosest.windowMs) loosest = c;
    if (c.consistent && (!best || rate > best.limit / best.windowMs)) best = c;
  }
  return best ?? loosest;
}
