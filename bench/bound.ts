/**
 * The bound (issue 11): the lowest mean detection delay any policy could reach on the workload
 * with the scenario's budget, knowing the workload's outcome distributions but not the outcomes.
 *
 * The policies it stands for check each payment when it is added (the app shows a new payment's
 * status at once): that check finds nothing (every change comes after creation) and costs one
 * request. After it, per payment, a schedule of checks; a check finds the change if it came
 * before it, and a check after the change is found is never made (so it costs nothing). A PayCrypt
 * deposit is visible for its confirmation time before it is final, and a check in that window
 * tells the exact final time: such a deposit costs no delay, but one more check, at that time
 * (the final status is only known from an answer that shows it). The cost of a schedule is its
 * expected delay (an undetected change counts until the end of the window, as in metrics.ts),
 * plus λ per expected check. Dynamic programming over a time grid finds the best schedule for
 * each λ; Lagrangian duality turns that into a bound: for every λ ≥ 0, Σ_i min(cost_i + λ·checks_i)
 * − λ·B is at most the total delay of any policy that makes B checks (B: the requests the limit
 * allows over the window, per account; a relaxation of "per window", so still a lower bound).
 * The best λ is kept. The grid is a relaxation too: a check anywhere in grid bin (t_{m−1}, t_m]
 * counts as made at t_{m−1}, so a change in an earlier bin (t_{j−1}, t_j] found by it costs
 * t_{m−1} − u for its time u (at most the true delay; the mean of u over the bin is taken from
 * above, per eighth of the bin), a change in bin m counts as found by it, and a follow-up check is
 * charged only for deposits surely still confirming at the check (t_{j−1} ≥ t_m − lead), so the
 * bound stays a lower bound. The grid is 0.5 s in the first 2 minutes, then 1 s, 2.5 s and 5 s
 * (from 5 and 15 minutes): each halving of it raised the bound (1 s / 2 / 5 / 10 s steps and u
 * counted at its bin's end gave 3.2 s where this gives 4.0 s at 2 per s, seed 1).
 */
import { blockTimeMs, requiredConfirmations } from '../src/core/monitor/policy.ts';
import type { Provider } from '../src/shared/payment.ts';
import { DISTRIBUTIONS, type PlannedPayment } from './workload.ts';

/** Mass of a payment's change (or deposit) up to t ms after creation, and how long it shows before it counts. */
export interface ChangePart {
  cdf: (t: number) => number;
  /** Visible this long before the counted change (PayCrypt: the confirmations); 0 for others. */
  leadMs: number;
}

/** One kind of payment: the parts of its change distribution (the rest never changes). */
export interface ChangeModel {
  name: string;
  parts: ChangePart[];
  /** Times that must be grid points (point masses such as expiry). */
  atoms: number[];
}

/** What the DP found for one payment kind, horizon and λ. */
export interface DpValue {
  /** Expected delay, ms·probability, plus λ per expected check. */
  value: number;
  delay: number;
  checks: number;
  /** Probability that the change counts (happens inside the horizon). */
  counted: number;
  /** The schedule's check times, ms after creation (while nothing was found). */
  schedule: number[];
}

/** erf by Abramowitz–Stegun 7.1.26 (|error| < 1.5e-7). */
function erf(x: number): number {
  const s = Math.sign(x);
  const a = Math.abs(x);
  const t = 1 / (1 + 0.3275911 * a);
  const y = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-a * a);
  return s * y;
}

function lognormalCdf(t: number, medianMs: number, sigma: number): number {
  if (t <= 0) return 0;
  return 0.5 * (1 + erf(Math.log(t / medianMs) / (sigma * Math.SQRT2)));
}

/** Sub-bins per grid bin for the first moment of a change inside it. */
const MOMENT_STEPS = 8;

/**
 * ∫ u dF(u) over the bin (a, b], from above: each of MOMENT_STEPS sub-bins' mass at its upper end.
 * A change in the bin is found at least (check time − u) late, and the bound subtracts this moment,
 * so taking it from above keeps the bound a lower bound; it is within (b − a)/MOMENT_STEPS of the
 * true moment per unit mass, where counting the whole mass at b (as before) was up to a bin off.
 */
function upperMoment(cdf: (t: number) => number, a: number, b: number): number {
  let q = 0;
  let prev = cdf(a);
  for (let k = 1; k <= MOMENT_STEPS; k++) {
    const s = a + ((b - a) * k) / MOMENT_STEPS;
    const f = cdf(s);
    q += (f - prev) * s;
    prev = f;
  }
  return q;
}

/** The change models of the benchmark's workload. */
export function workloadModel(p: PlannedPayment): ChangeModel {
  if (p.provider === 'card2crypto') {
    const { complete, fail } = DISTRIBUTIONS.card2crypto;
    return {
      name: 'card2crypto',
      parts: [{ cdf: (t) => complete.share * lognormalCdf(t, complete.medianMs, complete.sigma) + fail.share * lognormalCdf(t, fail.medianMs, fail.sigma), leadMs: 0 }],
      atoms: [],
    };
  }
  const d = DISTRIBUTIONS.paycrypt;
  const paying = d.exact + d.under + d.over;
  // The simulator's confirmations and block times (the policy's table holds the same defaults).
  const lead = ((requiredConfirmations(p.network) ?? 1) - 1) * blockTimeMs(p.network);
  return {
    name: `paycrypt-${p.network}`,
    parts: [
      { cdf: (t) => paying * Math.min(1, Math.max(0, t / d.depositWithinMs)), leadMs: lead },
      { cdf: (t) => (t >= d.expiresAfterMs ? 1 - paying : 0), leadMs: 0 },
    ],
    atoms: [d.expiresAfterMs],
  };
}

/** Grid points after creation up to `horizon`: fine where changes are likely, coarser later. */
export function defaultGrid(horizon: number, atoms: readonly number[]): number[] {
  const pts = new Set<number>([0, horizon]);
  const steps: Array<[number, number]> = [[120_000, 500], [300_000, 1000], [900_000, 2500], [Infinity, 5000]];
  let t = 0;
  for (const [until, step] of steps) for (; t < Math.min(until, horizon); t += step) pts.add(t);
  for (const a of atoms) if (a <= horizon) pts.add(a);
  return [...pts].sort((a, b) => a - b);
}

/**
 * The best schedule's value for one payment kind over `[0, horizon]` (ms after creation), a check
 * costing `lambda` ms of delay. Changes after the horizon are not counted (outside the window).
 */
export function solveDp(model: ChangeModel, horizon: number, lambda: number, grid: readonly number[] = defaultGrid(horizon, model.atoms)): DpValue {
  const n = grid.length - 1;
  // Per part: bin masses (counted only when the change lands inside the horizon), prefix sums.
  const parts = model.parts.map((part) => {
    const P = new Float64Array(n + 1);
    const Q = new Float64Array(n + 1);
    let counted = 0;
    for (let j = 1; j <= n; j++) {
      const mass = part.cdf(grid[j]!) - part.cdf(grid[j - 1]!);
      const inside = grid[j]! + part.leadMs <= horizon;
      const p = inside ? mass : 0;
      counted += p;
      P[j] = P[j - 1]! + p;
      Q[j] = Q[j - 1]! + (inside ? upperMoment(part.cdf, grid[j - 1]!, grid[j]!) : 0);
    }
    // last[m]: the last bin j whose change is surely late for a check in bin m (t_j <= t_{m-1} - lead).
    const last = new Int32Array(n + 1);
    for (let m = 1, j = 0; m <= n; m++) {
      const limit = grid[m - 1]! - part.leadMs;
      while (j < n && grid[j + 1]! <= limit) j++;
      last[m] = j;
    }
    // confirming[m]: the first bin j whose deposit is surely still confirming at a check in bin m
    // (t_{j-1} >= t_m - lead: it came before the check, it turns final after it), so it needs one
    // more check, at its final time. (None for parts without a lead.)
    const confirming = new Int32Array(n + 1);
    for (let m = 1, j = 1; m <= n; m++) {
      if (part.leadMs <= 0) {
        confirming[m] = n + 1;
        continue;
      }
      const from = grid[m]! - part.leadMs;
      while (j < n && grid[j - 1]! < from) j++;
      confirming[m] = grid[j - 1]! >= from ? j : n + 1;
    }
    return { P, Q, lead: part.leadMs, last, confirming, counted, cdf: part.cdf };
  });
  // Mass not yet found after a check at grid[i] (never-changing payments included).
  const survive = (i: number): number => 1 - parts.reduce((a, part) => a + part.cdf(grid[i]!), 0);
  // Stopping after grid[i]: every later counted change waits until the end of the window.
  const stop = (i: number): number =>
    parts.reduce((a, part) => a + (horizon - part.lead) * (part.P[n]! - part.P[i]!) - (part.Q[n]! - part.Q[i]!), 0);
  const value = new Float64Array(n + 1);
  const delay = new Float64Array(n + 1);
  const checks = new Float64Array(n + 1);
  const next = new Int32Array(n + 1).fill(-1);
  for (let i = n; i >= 0; i--) {
    let best = stop(i);
    let bestDelay = best;
    let bestChecks = 0;
    const s = survive(i);
    for (let m = i + 1; m <= n; m++) {
      let c = 0;
      let followUps = 0;
      for (const part of parts) {
        const b = Math.min(m - 1, part.last[m]!);
        if (b > i) c += (grid[m - 1]! - part.lead) * (part.P[b]! - part.P[i]!) - (part.Q[b]! - part.Q[i]!);
        const f = Math.max(i + 1, part.confirming[m]!);
        if (f <= m - 1) followUps += part.P[m - 1]! - part.P[f - 1]!;
      }
      const v = lambda * (s + followUps) + c + value[m]!;
      if (v < best) {
        best = v;
        bestDelay = c + delay[m]!;
        bestChecks = s + followUps + checks[m]!;
        next[i] = m;
      }
    }
    value[i] = best;
    delay[i] = bestDelay;
    checks[i] = bestChecks;
  }
  const schedule: number[] = [];
  for (let i = next[0]!; i > 0; i = next[i]!) schedule.push(grid[i]!);
  return { value: value[0]!, delay: delay[0]!, checks: checks[0]!, counted: parts.reduce((a, p) => a + p.counted, 0), schedule };
}

/** λ values tried (ms of delay a check is worth), from nearly free to nearly unaffordable. */
export const LAMBDAS: readonly number[] = [0, ...Array.from({ length: 36 }, (_, i) => 10 * 10 ** (i / 5))];

/** Horizons are rounded down to this (a shorter horizon only lowers the bound), and capped. */
const HORIZON_STEP_MS = 60_000;
const HORIZON_CAP_MS = 50 * 60_000;

/**
 * Checks each payment gets when it is added, before any change can have happened: the app shows a
 * new payment's status at once ("newly added payments go first", issue 11), so every policy the
 * bound stands for spends one request per arrival that finds nothing.
 */
export const ARRIVAL_CHECKS = 1;

/** The bound of one account: its best λ and the mean-delay total it allows. */
export interface AccountBound {
  provider: Provider;
  budget: number;
  lambdaMs: number;
  /** Lowest total expected delay, ms (summed over payments). */
  totalDelayMs: number;
  expectedChanges: number;
  expectedChecks: number;
}

/** DP values per payment kind and horizon bucket, for every λ, computed once per workload. */
export class BoundTable {
  readonly #cache = new Map<string, DpValue[]>();
  readonly #models = new Map<string, ChangeModel>();

  /** The DP values of a payment (by kind and horizon) for each λ in LAMBDAS. */
  values(p: PlannedPayment, end: number): DpValue[] {
    const model = workloadModel(p);
    const raw = Math.max(0, end - p.createdAt);
    const horizon = raw >= HORIZON_CAP_MS ? HORIZON_CAP_MS : Math.floor(raw / HORIZON_STEP_MS) * HORIZON_STEP_MS;
    const key = `${model.name}@${horizon}`;
    let row = this.#cache.get(key);
    if (!row) {
      this.#models.set(model.name, model);
      row = horizon === 0 ? LAMBDAS.map(() => ({ value: 0, delay: 0, checks: 0, counted: 0, schedule: [] })) : LAMBDAS.map((l) => solveDp(model, horizon, l));
      this.#cache.set(key, row);
    }
    return row;
  }

  /** The bound of one account's payments with `budget` requests over the window. */
  account(provider: Provider, payments: readonly PlannedPayment[], end: number, budget: number): AccountBound {
    const rows = payments.map((p) => this.values(p, end));
    let best: AccountBound | null = null;
    LAMBDAS.forEach((lambda, k) => {
      let total = 0;
      let delay = 0;
      let checks = 0;
      let changes = 0;
      for (const row of rows) {
        total += row[k]!.value;
        delay += row[k]!.delay;
        checks += row[k]!.checks;
        changes += row[k]!.counted;
      }
      // Every payment's first check comes when it is added (ARRIVAL_CHECKS): λ each, found nothing.
      const dual = total + lambda * ARRIVAL_CHECKS * rows.length - lambda * budget;
      if (!best || dual > best.totalDelayMs) {
        best = { provider, budget, lambdaMs: lambda, totalDelayMs: Math.max(0, dual), expectedChanges: changes, expectedChecks: checks + ARRIVAL_CHECKS * rows.length };
      }
      void delay;
    });
    return best!;
  }
}
