/** A per-key sliding-window rate limiter that runs on the world's (possibly virtual) clock. */

/** Requests allowed per key within `windowMs`; past that the key is blocked for `blockSeconds`. */
export interface RateLimitConfig {
  limit: number;
  windowMs: number;
  blockSeconds: number;
}

/** Card2Crypto's 429 says "Try again in 30 seconds"; 60 a minute is a conservative guess. */
export const DEFAULT_RATE_LIMIT: RateLimitConfig = { limit: 60, windowMs: 60_000, blockSeconds: 30 };

/** The verdict for one request: allowed, or blocked with the seconds left. */
export type RateVerdict = { ok: true } | { ok: false; retryAfterSeconds: number };

interface KeyState {
  /** Times of the accepted requests still inside the window, oldest first. */
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

  /** Count one request for `key` at time `now` and say whether it may be served. */
  check(key: string, now: number): RateVerdict {
    const state = this.#keys.get(key) ?? { hits: [], blockedUntil: 0 };
    this.#keys.set(key, state);
    if (now < state.blockedUntil) {
      // A retry during the block does not extend it: the 429 promised a time and we keep it.
      return { ok: false, retryAfterSeconds: Math.ceil((state.blockedUntil - now) / 1000) };
    }
    while (state.hits.length > 0 && (state.hits[0] ?? 0) <= now - this.config.windowMs) state.hits.shift();
    if (state.hits.length >= this.config.limit) {
      state.blockedUntil = now + this.config.blockSeconds * 1000;
      // The window restarts with the block, so "try again in N seconds" is true after N seconds.
      state.hits = [];
      return { ok: false, retryAfterSeconds: this.config.blockSeconds };
    }
    state.hits.push(now);
    return { ok: true };
  }

  /** Forget every key's history (tests, or a new benchmark round). */
  reset(): void {
    this.#keys.clear();
  }
}
