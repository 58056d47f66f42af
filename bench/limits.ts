/**
 * The provider limits of the benchmark's scenarios (issue 11), enforced by the bench's virtual
 * provider in front of the simulator: per account, a sliding window of the requests it accepted;
 * a request past the limit is refused with a 429 in the provider's usual words (Card2Crypto's
 * "Try again in N seconds.", PayCrypt's Retry-After), N being the true wait until a slot frees.
 * Refused requests do not count, as with real providers that count what they serve.
 */
import type { Provider } from '../src/shared/payment.ts';

/** One limit shape: `limit` requests per `windowMs`, optionally lowered for a while. */
export interface LimitShape {
  name: string;
  label: string;
  limit: number;
  windowMs: number;
  /** The limit is multiplied by `factor` from `fromMs` to `toMs` after the start of the window. */
  change?: { fromMs: number; toMs: number; factor: number };
  /** The provider names its limit in IETF `RateLimit-Policy` / `RateLimit` headers on every answer. */
  announced?: boolean;
}

const S = 1000;
const M = 60 * S;

/** The shapes; the halving one starts 60 minutes in (the middle of a 2-hour run). */
export function scenarioShapes(windowMs: number): LimitShape[] {
  const mid = Math.max(0, windowMs / 2 - 5 * M);
  return [
    { name: 'per-second', label: '2 per s', limit: 2, windowMs: S },
    { name: 'per-4s', label: '6 per 4 s', limit: 6, windowMs: 4 * S },
    { name: 'per-minute', label: '60 per min', limit: 60, windowMs: M },
    // Hourly limits come with headers in the wild (GitHub, Shopify): without them no client can
    // know not to spend the hour's 1,000 in its first minutes.
    { name: 'per-hour', label: '1,000 per h (headers)', limit: 1000, windowMs: 60 * M, announced: true },
    { name: 'halving', label: '120/min, 60 for 10 min', limit: 120, windowMs: M, change: { fromMs: mid, toMs: mid + 10 * M, factor: 0.5 } },
  ];
}

/** The limit in force at `at` (ms since the window start). */
export function limitAt(shape: LimitShape, at: number): number {
  const c = shape.change;
  return c && at >= c.fromMs && at < c.toMs ? Math.max(1, Math.floor(shape.limit * c.factor)) : shape.limit;
}

/**
 * At most how many requests a shape lets through over `[0, spanMs)` from a clean start (for the
 * bound's budget, so it must not be too low): every request of a window-long slice sits in one
 * window, so a slice holds at most the highest limit in force during it.
 */
export function allowedRequests(shape: LimitShape, spanMs: number): number {
  let total = 0;
  for (let t = 0; t < spanMs; t += shape.windowMs) {
    const c = shape.change;
    const lowered = c !== undefined && t >= c.fromMs && t + shape.windowMs <= c.toMs;
    total += lowered ? limitAt(shape, t) : shape.limit;
  }
  return total;
}

/** The answer of the gate: go on to the provider, or a 429 with the true wait; headers to add to the answer. */
export type GateVerdict = ({ ok: true } | { ok: false; retryAfterSeconds: number }) & { headers?: Record<string, string> };

/** A sliding-window gate per provider account. */
export class LimitGate {
  readonly #shape: LimitShape;
  readonly #start: number;
  readonly #accepted = new Map<Provider, number[]>();

  constructor(shape: LimitShape, start: number) {
    this.#shape = shape;
    this.#start = start;
  }

  /** Counts a request of `provider` at `now` if the limit allows it. */
  check(provider: Provider, now: number): GateVerdict {
    let hits = this.#accepted.get(provider);
    if (!hits) {
      hits = [];
      this.#accepted.set(provider, hits);
    }
    const w = this.#shape.windowMs;
    let first = 0;
    while (first < hits.length && hits[first]! <= now - w) first++;
    if (first > 0) hits.splice(0, first);
    const limit = limitAt(this.#shape, now - this.#start);
    if (hits.length >= limit) {
      const frees = hits[hits.length - limit]! + w;
      return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((frees - now) / 1000)), ...this.#announce(limit, 0, frees - now) };
    }
    hits.push(now);
    return { ok: true, ...this.#announce(limit, limit - hits.length, hits[0]! + w - now) };
  }

  #announce(limit: number, remaining: number, resetMs: number): { headers?: Record<string, string> } {
    if (!this.#shape.announced) return {};
    const w = Math.round(this.#shape.windowMs / 1000);
    return {
      headers: {
        'ratelimit-policy': `"default";q=${limit};w=${w}`,
        ratelimit: `"default";r=${remaining};t=${Math.max(0, Math.ceil(resetMs / 1000))}`,
      },
    };
  }
}

/** A 429 as each provider words it by default (plus any limit headers). */
export function refusal(provider: Provider, retryAfterSeconds: number, extra: Record<string, string> = {}): Response {
  const headers = { 'content-type': 'application/json', ...extra };
  return provider === 'card2crypto'
    ? new Response(JSON.stringify({ success: false, error: `Rate limit exceeded. Try again in ${retryAfterSeconds} seconds.` }), { status: 429, headers })
    : new Response(JSON.stringify({ error: 'rate_limited', message: 'Too many requests' }), {
        status: 429,
        headers: { ...headers, 'retry-after': String(retryAfterSeconds) },
      });
}
