/**
 * A per-key sliding-window rate limiter that runs on the world's (possibly virtual) clock.
 * Limits of any shape (issue 11): N per W for any W, several windows at once, and periods in
 * which every limit is scaled (a limit that halves mid-run). How a refusal is worded and which
 * rate-limit headers are sent is the `style` (rate-limit-headers.ts).
 */

/** How the simulated provider talks about its limit; see rate-limit-headers.ts. */
export const RATE_LIMIT_STYLES = [
  'default',
  'none',
  'retry-after',
  'retry-after-date',
  'message',
  'ietf',
  'ietf-legacy',
  'x-ratelimit',
  'x-ratelimit-epoch',
] as const;
export type RateLimitStyle = (typeof RATE_LIMIT_STYLES)[number];

/** "At most `limit` requests in any `windowMs`". */
export interface RateWindow {
  limit: number;
  windowMs: number;
}

/** From `from` until `until` (the world's clock, epoch ms) every window's limit is multiplied by `factor`. */
export interface RateLimitChange {
  from: number;
  until: number;
  factor: number;
}

/**
 * Requests allowed per key within `windowMs` (and within each of `windows`); past that the key is
 * blocked for `blockSeconds`, or with `blockSeconds: 0` only refused until a slot frees.
 */
export interface RateLimitConfig {
  limit: number;
  windowMs: number;
  blockSeconds: number;
  /** Further windows enforced at the same time (per second and per minute, say). */
  windows?: RateWindow[];
  /** Periods with a changed limit. */
  changes?: RateLimitChange[];
  /** How refusals are worded and which headers go out (default: each provider's usual way). */
  style?: RateLimitStyle;
}

/** Card2Crypto's 429 says "Try again in 30 seconds"; 60 a minute is a conservative guess. */
export const DEFAULT_RATE_LIMIT: RateLimitConfig = { limit: 60, windowMs: 60_000, blockSeconds: 30 };

/** One window's state as the headers report it. */
export interface WindowUsage {
  limit: number;
  windowMs: number;
  remaining: number;
  /** Milliseconds until a slot frees (the oldest counted request leaves), or the whole window when none is counted. */
  resetMs: number;
}

/** The verdict for one request: allowed, or refused with the seconds to wait; both with each window's usage. */
export type RateVerdict = { ok: true; usage: WindowUsage[] } | { ok: false; retryAfterSeconds: number; usage: WindowUsage[] };

interface KeyState {
  /** Times of the accepted requests still inside the longest window, oldest first. */
  hits: number[];
  blockedUntil: number;
}

/** Sliding-window limiter keyed by any string (the simulator uses provider + API key). */
export class RateLimiter {
  config: RateLimitConfig;
  readonly #keys = new Map<string, KeyState>();

  constructor(config: RateLimitConfig = DEFAULT_RATE_LIMIT) {
    this.config = config;
  }

  /** The windows in force at `now`, changes applied. */
  windowsAt(now: number): RateWindow[] {
    const factor = (this.config.changes ?? []).filter((c) => now >= c.from && now < c.until).reduce((f, c) => f * c.factor, 1);
    return [{ limit: this.config.limit, windowMs: this.config.windowMs }, ...(this.config.windows ?? [])].map((w) => ({
      limit: Math.max(1, Math.floor(w.limit * factor)),
      windowMs: w.windowMs,
    }));
  }

  /** Count one request for `key` at time `now` and say whether it may be served. */
  check(key: string, now: number): RateVerdict {
    const state = this.#keys.get(key) ?? { hits: [], blockedUntil: 0 };
    this.#keys.set(key, state);
    const windows = this.windowsAt(now);
    const longest = Math.max(...windows.map((w) => w.windowMs));
    while (state.hits.length > 0 && (state.hits[0] ?? 0) <= now - longest) state.hits.shift();
    if (now < state.blockedUntil) {
      // A retry during the block does not extend it: the 429 promised a time and we keep it.
      const wait = Math.ceil((state.blockedUntil - now) / 1000);
      return { ok: false, retryAfterSeconds: wait, usage: usage(state.hits, windows, now, state.blockedUntil - now) };
    }
    const full = windows.filter((w) => countAfter(state.hits, now - w.windowMs) >= w.limit);
    if (full.length > 0) {
      const block = this.config.blockSeconds;
      if (block > 0) {
        state.blockedUntil = now + block * 1000;
        // The window restarts with the block, so "try again in N seconds" is true after N seconds.
        state.hits = [];
        return { ok: false, retryAfterSeconds: block, usage: usage(state.hits, windows, now, block * 1000) };
      }
      // No penalty: the wait is until every full window has a free slot again.
      const freeAt = Math.max(...full.map((w) => state.hits[state.hits.length - w.limit]! + w.windowMs));
      return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((freeAt - now) / 1000)), usage: usage(state.hits, windows, now, 0) };
    }
    state.hits.push(now);
    return { ok: true, usage: usage(state.hits, windows, now, 0) };
  }

  /** Forget every key's history (tests, or a new benchmark round). */
  reset(): void {
    this.#keys.clear();
  }
}

/** Accepted requests after `after` (strictly). */
function countAfter(hits: readonly number[], after: number): number {
  let n = 0;
  for (let i = hits.length - 1; i >= 0 && hits[i]! > after; i--) n++;
  return n;
}

function usage(hits: readonly number[], windows: RateWindow[], now: number, blockedMs: number): WindowUsage[] {
  return windows.map((w) => {
    const used = blockedMs > 0 ? w.limit : countAfter(hits, now - w.windowMs);
    // The next slot frees when the oldest request that keeps the window full leaves it.
    const leaving = hits[hits.length - Math.min(used, w.limit)];
    const resetMs = blockedMs > 0 ? blockedMs : used === 0 || leaving === undefined ? w.windowMs : leaving + w.windowMs - now;
    return { limit: w.limit, windowMs: w.windowMs, remaining: Math.max(0, w.limit - used), resetMs };
  });
}
