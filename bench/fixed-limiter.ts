/**
 * The naive baseline's limiter in the scenarios (issue 11): a plain poller at the user's budget,
 * evenly spaced (one request every 60/perMinute seconds), that waits out a 429's Retry-After and
 * learns nothing. It stays the same whatever the engine's budget learns.
 */
import type { RequestLimiter } from './aws-limiter.ts';

/** Evenly spaced requests at `perMinute`, paused while a 429 asks. */
export class FixedRateLimiter implements RequestLimiter {
  readonly #intervalMs: number;
  #nextAt: number;
  #blockedUntil = 0;

  constructor(now: number, perMinute: number) {
    this.#intervalMs = 60_000 / Math.max(1, perMinute);
    this.#nextAt = now;
  }

  nextAvailableAt(now: number): number {
    return Math.max(now, this.#nextAt, this.#blockedUntil);
  }

  take(now: number): void {
    this.#nextAt = Math.max(now, this.#nextAt) + this.#intervalMs;
  }

  rateLimited(now: number, retryAfterSeconds: number | undefined): void {
    this.#blockedUntil = Math.max(this.#blockedUntil, now + (retryAfterSeconds ?? 1) * 1000);
  }
}
