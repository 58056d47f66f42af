/**
 * When a provider's payments change (issue 11, follow-up): the hazard of a pending payment's first
 * change (a status change, or a PayCrypt deposit showing up) by its age, learned from the checks
 * the scheduler makes. The policy's own model (a hazard of 1/(age + τ)) is only a prior: it checks
 * a fresh payment at 3, 7, 12 and 19 s although card payments seldom complete in their first half
 * minute, and it keeps checking week-old abandoned checkouts as if they were as likely to move as
 * ten-minute-old ones. Per provider, a piecewise-constant hazard over log-spaced age bins:
 * - a check that finds the payment unchanged since the previous one adds the time between them,
 *   in each bin, to that bin's exposure;
 * - one that finds it changed adds one change, spread over the interval by the current hazard (an
 *   EM step: where the change most likely happened), and the exposure up to the middle of it;
 * - the prior adds PRIOR_PAYMENTS payments' worth of exposure with the prior's hazard, so a bin the
 *   data barely saw keeps the prior's view.
 * The estimate is used once MIN_CHANGES changes were seen; before that the prior rules alone.
 */

/** Bin edges, seconds of age (the last bin is open). */
const EDGES_S = [0, 5, 10, 15, 20, 25, 30, 40, 50, 60, 75, 90, 110, 135, 165, 200, 240, 300, 360, 450, 540, 660, 780, 960, 1200, 1500, 1800, 2400, 3000, 3600, 5400, 7200, 10_800, 14_400, 21_600, 43_200, 86_400];
const EDGES = EDGES_S.map((s) => s * 1000);
/** The prior weighs as much as this many payments seen through each bin without a change beyond the prior's. */
const PRIOR_PAYMENTS = 1;
/** Changes seen before the learned hazard replaces the prior. */
export const MIN_CHANGES = 30;

/** Where the policy reads the learned hazard (null: not learned yet, use the prior). */
export interface ChangeKnowledge {
  /**
   * The expected delay, ms, a check at age `toMs` finds accumulated since the last one at `fromMs`
   * (how long a change of a payment of `provider`, if it came in between, has waited), or null.
   */
  delayMs(provider: string, fromMs: number, toMs: number): number | null;
  /** Expected changes of a pending payment of `provider` between ages `fromMs` and `toMs`, or null. */
  cumulative(provider: string, fromMs: number, toMs: number): number | null;
}

/** One provider's bins. */
class Hazard {
  readonly exposure = new Float64Array(EDGES.length);
  readonly events = new Float64Array(EDGES.length);
  changes = 0;
  #rates: Float64Array | null = null;
  /** H at each edge (cumulative hazard from age 0). */
  #at: Float64Array | null = null;
  readonly #prior: Float64Array;

  constructor(prior: (ageMs: number) => number) {
    this.#prior = new Float64Array(EDGES.length);
    for (let b = 0; b < EDGES.length; b++) this.#prior[b] = prior((EDGES[b]! + (EDGES[b + 1] ?? 2 * EDGES[b]!)) / 2);
  }

  /** Hazard per ms in each bin, data and prior together. */
  rates(): Float64Array {
    if (this.#rates) return this.#rates;
    const r = new Float64Array(EDGES.length);
    for (let b = 0; b < EDGES.length; b++) {
      const width = (EDGES[b + 1] ?? 2 * EDGES[b]!) - EDGES[b]!;
      const priorExposure = PRIOR_PAYMENTS * width;
      r[b] = (this.events[b]! + priorExposure * this.#prior[b]!) / (this.exposure[b]! + priorExposure);
    }
    this.#rates = r;
    const at = new Float64Array(EDGES.length);
    for (let b = 1; b < EDGES.length; b++) at[b] = at[b - 1]! + r[b - 1]! * (EDGES[b]! - EDGES[b - 1]!);
    this.#at = at;
    return r;
  }

  /** Cumulative hazard from age 0 to `ageMs`. */
  cumulative(ageMs: number): number {
    const r = this.rates();
    const at = this.#at!;
    const a = Math.max(0, ageMs);
    const b = binOf(a);
    return at[b]! + r[b]! * (a - EDGES[b]!);
  }

  /**
   * The delay a check at age `to` would find accumulated since one at age `from`:
   * ∫ P(changed between from and t) dt over (from, to], ms (closed form per bin).
   */
  delay(from: number, to: number): number {
    const r = this.rates();
    let h0 = 0;
    let total = 0;
    Hazard.overlap(from, to, (b, ms) => {
      const rate = r[b]!;
      const x = rate * ms;
      total += rate > 0 ? ms - (Math.exp(-h0) * -Math.expm1(-x)) / rate : ms * -Math.expm1(-h0);
      h0 += x;
    });
    return total;
  }

  /** Adds `fn(bin, overlap ms)` over the bins (from, to]. */
  static overlap(from: number, to: number, fn: (bin: number, ms: number) => void): void {
    for (let b = binOf(from); b < EDGES.length && EDGES[b]! < to; b++) {
      const lo = Math.max(from, EDGES[b]!);
      const hi = Math.min(to, EDGES[b + 1] ?? Infinity);
      if (hi > lo) fn(b, hi - lo);
    }
  }

  observe(from: number, to: number, changed: boolean): void {
    if (!(to > from)) return;
    if (!changed) {
      Hazard.overlap(from, to, (b, ms) => add(this.exposure, b, ms));
    } else {
      // Where in (from, to] it most likely changed: by the current hazard.
      const r = this.rates();
      const weights: Array<[number, number]> = [];
      let total = 0;
      Hazard.overlap(from, to, (b, ms) => {
        const w = r[b]! * ms;
        weights.push([b, w]);
        total += w;
      });
      for (const [b, w] of weights) add(this.events, b, total > 0 ? w / total : 1 / weights.length);
      Hazard.overlap(from, from + (to - from) / 2, (b, ms) => add(this.exposure, b, ms));
      this.changes += 1;
    }
    this.#rates = null;
    this.#at = null;
  }
}

function add(a: Float64Array, i: number, x: number): void {
  a[i] = a[i]! + x;
}

function binOf(ageMs: number): number {
  let lo = 0;
  let hi = EDGES.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (EDGES[mid]! <= ageMs) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Learns, per provider, when pending payments change, from the checks it is shown. */
export class ChangeLearner implements ChangeKnowledge {
  readonly #byProvider = new Map<string, Hazard>();
  readonly #prior: (ageMs: number) => number;

  /** `prior`: the policy's hazard per ms at an age (used where the data are thin). */
  constructor(prior: (ageMs: number) => number) {
    this.#prior = prior;
  }

  /**
   * A check of a pending payment of `provider`: its age at the previous check and at this one,
   * and whether this one found it changed.
   */
  observe(provider: string, fromAgeMs: number, toAgeMs: number, changed: boolean): void {
    let h = this.#byProvider.get(provider);
    if (!h) {
      h = new Hazard(this.#prior);
      this.#byProvider.set(provider, h);
    }
    h.observe(Math.max(0, fromAgeMs), Math.max(0, toAgeMs), changed);
  }

  /** Changes seen for `provider` so far. */
  changesSeen(provider: string): number {
    return this.#byProvider.get(provider)?.changes ?? 0;
  }

  /** Expected changes of a pending payment of `provider` between ages `fromMs` and `toMs`, or null. */
  cumulative(provider: string, fromMs: number, toMs: number): number | null {
    const h = this.#learned(provider);
    return h ? Math.max(0, h.cumulative(toMs) - h.cumulative(fromMs)) : null;
  }

  delayMs(provider: string, fromMs: number, toMs: number): number | null {
    const h = this.#learned(provider);
    return h ? h.delay(Math.max(0, fromMs), Math.max(0, toMs)) : null;
  }

  #learned(provider: string): Hazard | null {
    const h = this.#byProvider.get(provider);
    return h && h.changes >= MIN_CHANGES ? h : null;
  }
}
