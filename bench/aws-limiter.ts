/**
 * The strongest off-the-shelf baseline (issue 11): the AWS SDKs' "adaptive" retry mode, as
 * botocore's ClientRateLimiter does it, in front of the naive round-robin. A token bucket whose
 * rate follows a CUBIC curve: on a throttle the rate drops to 0.7 of the measured sending rate,
 * then regrows as 0.4·(t − k)³ + w_max, never above twice the measured rate. The measured rate is
 * smoothed (0.8) over half-second buckets. Unlike the SDK it starts enabled, at `startPerSecond`
 * (the SDK sends unthrottled until its first 429), and it waits out a 429's Retry-After, as the
 * round-robin does.
 */

const BETA = 0.7;
const SCALE = 0.4;
const SMOOTHING = 0.8;
const BUCKET_S = 0.5;
const MIN_RATE = 0.5;

/** A request limiter the round-robin can be fed through. */
export interface RequestLimiter {
  nextAvailableAt(now: number): number;
  take(now: number): void;
  rateLimited(now: number, retryAfterSeconds: number | undefined): void;
  succeeded?(now: number): void;
}

/** botocore's adaptive client rate limiter, on epoch-ms times. */
export class AwsAdaptiveLimiter implements RequestLimiter {
  /** Token bucket. */
  #rate: number;
  #tokens = 1;
  #filledAt: number;
  /** Measured sending rate (requests per second). */
  #measured = 0;
  #bucket = 0;
  #count = 0;
  /** Cubic state. */
  #wMax: number;
  #k = 0;
  #lastThrottle: number;
  #blockedUntil = 0;

  constructor(now: number, startPerSecond = 2) {
    this.#rate = startPerSecond;
    this.#wMax = startPerSecond;
    this.#filledAt = now;
    this.#lastThrottle = now / 1000;
    this.#bucket = Math.floor(now / 1000 / BUCKET_S) * BUCKET_S;
  }

  /** The bucket's current rate, requests per second. */
  get rate(): number {
    return this.#rate;
  }

  #refill(now: number): void {
    const capacity = Math.max(1, this.#rate);
    this.#tokens = Math.min(capacity, this.#tokens + ((now - this.#filledAt) / 1000) * this.#rate);
    this.#filledAt = now;
  }

  nextAvailableAt(now: number): number {
    this.#refill(now);
    const unblocked = Math.max(now, this.#blockedUntil);
    if (this.#tokens >= 1) return unblocked;
    return Math.max(unblocked, now + Math.ceil(((1 - this.#tokens) / this.#rate) * 1000));
  }

  take(now: number): void {
    this.#refill(now);
    this.#tokens -= 1;
  }

  /** Botocore's RateClocker: counts responses into half-second buckets, smoothed. */
  #record(now: number): number {
    const t = now / 1000;
    const bucket = Math.floor(t / BUCKET_S) * BUCKET_S;
    this.#count += 1;
    if (bucket > this.#bucket) {
      const current = this.#count / (bucket - this.#bucket);
      this.#measured = current * SMOOTHING + this.#measured * (1 - SMOOTHING);
      this.#count = 0;
      this.#bucket = bucket;
    }
    return this.#measured;
  }

  #setRate(now: number, rate: number, measured: number): void {
    this.#refill(now);
    this.#rate = Math.max(MIN_RATE, Math.min(rate, 2 * Math.max(measured, MIN_RATE)));
  }

  succeeded(now: number): void {
    const measured = this.#record(now);
    const dt = now / 1000 - this.#lastThrottle;
    this.#setRate(now, SCALE * (dt - this.#k) ** 3 + this.#wMax, measured);
  }

  rateLimited(now: number, retryAfterSeconds: number | undefined): void {
    const measured = this.#record(now);
    const current = Math.min(measured, this.#rate);
    this.#wMax = current;
    this.#k = Math.cbrt((current * (1 - BETA)) / SCALE);
    this.#lastThrottle = now / 1000;
    this.#setRate(now, current * BETA, measured);
    if (retryAfterSeconds !== undefined) this.#blockedUntil = Math.max(this.#blockedUntil, now + retryAfterSeconds * 1000);
  }
}
