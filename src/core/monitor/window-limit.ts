/**
 * "At most q requests in any w milliseconds", kept two ways at once (issue 11): a sliding log of
 * our own sends guarantees the count in every window, whether the provider counts in sliding or
 * fixed windows; a GCRA (generic cell rate algorithm, RFC 2697's virtual scheduling) spreads the
 * requests at exactly q/w with a small burst, so checks are evenly spaced instead of clumped at
 * each window's start.
 */

/** Times of our sends, oldest first, for counting requests per window. */
export class SendLog {
  readonly #times: number[] = [];
  #start = 0;

  /** Records one send. */
  push(at: number): void {
    this.#times.push(at);
  }

  /** Forgets sends older than `before`, and keeps at most `max` (the newest). */
  prune(before: number, max: number): void {
    while (this.#start < this.#times.length && (this.#times[this.#start]! < before || this.#times.length - this.#start > max)) this.#start++;
    // Compact now and then, so pruning stays amortized O(1).
    if (this.#start > 1024 && this.#start * 2 > this.#times.length) {
      this.#times.splice(0, this.#start);
      this.#start = 0;
    }
  }

  /** Removes the newest send (it was refused with a 429, so the provider did not count it). */
  dropNewest(): void {
    if (this.#times.length > this.#start) this.#times.pop();
  }

  get length(): number {
    return this.#times.length - this.#start;
  }

  /** The i-th send from the oldest kept (0-based). */
  at(i: number): number {
    return this.#times[this.#start + i]!;
  }

  /** The sends after `after` (strictly). */
  countAfter(after: number): number {
    let lo = this.#start;
    let hi = this.#times.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.#times[mid]! > after) hi = mid;
      else lo = mid + 1;
    }
    return this.#times.length - lo;
  }

  /** A copy of the kept times, oldest first. */
  toArray(): number[] {
    return this.#times.slice(this.#start);
  }
}

/** Extra window that covers the jitter between our clock and the provider's arrival times. */
export function paddedWindow(windowMs: number): number {
  return windowMs + Math.max(50, windowMs * 0.02);
}

/** One limit of `limit` requests per `windowMs` (padded), paced by GCRA with a burst of `burst`. */
export class WindowLimit {
  readonly limit: number;
  readonly windowMs: number;
  readonly burst: number;
  /** Whether the window is padded for clock jitter (a provider's limit is; the user's own cap is not). */
  readonly padded: boolean;
  /** GCRA's theoretical arrival time of the next request. */
  #tat = -Infinity;

  constructor(limit: number, windowMs: number, opts: { burst?: number; padded?: boolean } = {}) {
    this.limit = Math.max(1, Math.floor(limit));
    this.windowMs = windowMs;
    this.burst = Math.max(1, Math.min(this.limit, Math.floor(opts.burst ?? defaultBurst(this.limit))));
    this.padded = opts.padded ?? true;
  }

  #window(): number {
    return this.padded ? paddedWindow(this.windowMs) : this.windowMs;
  }

  /** Milliseconds between requests at the limit's rate, window padding included. */
  get intervalMs(): number {
    return this.#window() / this.limit;
  }

  /** Requests per minute this limit allows in the long run. */
  get perMinute(): number {
    return 60_000 / this.intervalMs;
  }

  /** The earliest time (≥ now) a request keeps both the window count and the pacing. */
  nextAt(now: number, log: SendLog): number {
    const w = this.#window();
    let at = Math.max(now, this.#tat - (this.burst - 1) * this.intervalMs);
    // The window is full until its `limit`-th newest send leaves it.
    if (log.countAfter(now - w) >= this.limit) at = Math.max(at, log.at(log.length - this.limit) + w);
    return at;
  }

  /** Counts one request sent at `now` against the pacing. */
  take(now: number): void {
    this.#tat = Math.max(this.#tat, now) + this.intervalMs;
  }

  /** The same count over a new window (a rate changed finely even when the count is small), keeping the pacing state. */
  withWindow(windowMs: number): WindowLimit {
    const next = new WindowLimit(this.limit, windowMs, { padded: this.padded, burst: this.burst });
    next.#tat = this.#tat;
    return next;
  }

  /** The same limit with a new count (and burst), keeping the pacing state. */
  withLimit(limit: number, burst?: number): WindowLimit {
    const next = new WindowLimit(limit, this.windowMs, { padded: this.padded, ...(burst === undefined ? {} : { burst }) });
    next.#tat = this.#tat;
    return next;
  }
}

/**
 * A burst that lets "check now" and new payments go at once: a quarter of the count, so a long
 * window's allowance (200 an hour) serves a busy start instead of trickling out one every 18 s,
 * while the rest stays spread over the window.
 */
export function defaultBurst(limit: number): number {
  return Math.max(1, Math.ceil(limit / 4));
}
