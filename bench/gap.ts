/**
 * `npm run bench:gap -- [--seed N] [--minutes N] [--scenario NAME]`: where the engine's distance to the bound goes, per limit scenario (issue 11).
 * Runs the engine alone on one scenario (or all) and sorts every request it sent into what it
 * was for (a new payment's first check, a search of a pending payment that found nothing or found
 * its change, a confirming deposit, a final payment's refund or top-up watch, an old abandoned
 * checkout, a 429), beside the requests the limit allowed and the bound's own split; then the
 * ages at which Card2Crypto payments were searched, beside the bound's schedule at its price.
 */
import { parseArgs } from 'node:util';
import { BoundTable, solveDp, workloadModel } from './bound.ts';
import { allowedRequests, LimitGate, scenarioShapes } from './limits.ts';
import type { Detection } from './metrics.ts';
import { runAdaptive } from './policies.ts';
import { keyOf, type LoggedRequest } from './sim-env.ts';
import { SCENARIO_BUDGET, scenarioConfig } from './scenarios.ts';
import { FULL_CONFIG, planWorkload, type PlannedPayment } from './workload.ts';

const S = 1000;
const M = 60 * S;

/** What one request was for. */
type Use = 'arrival' | 'found' | 'search' | 'confirming' | 'final' | 'stale' | '429';
const USES: readonly Use[] = ['arrival', 'search', 'found', 'confirming', 'final', 'stale', '429'];

/** The age bins (s) of the placement histogram. */
const AGE_BINS_S = [0, 1, 10, 20, 30, 45, 60, 90, 120, 180, 300, 600, 1200, Infinity];

/** When a payment's change first counts (final for PayCrypt, any change for Card2Crypto) and when it shows. */
function changeOf(p: PlannedPayment): { showsAt: number; finalAt: number } | null {
  if (p.provider === 'card2crypto') {
    const o = p.outcome;
    if (o === 'pending') return null;
    const at = 'complete' in o ? o.complete : 'fail' in o ? o.fail : null;
    return at === null ? null : { showsAt: at, finalAt: at };
  }
  const o = p.outcome;
  if (o === 'expire') return { showsAt: p.createdAt + 30 * M, finalAt: p.createdAt + 30 * M };
  if (typeof o !== 'object' || !('depositAt' in o)) return null;
  const lead = p.network === 'ethereum' ? 11 * 12 * S : 18 * 3 * S;
  return { showsAt: o.depositAt, finalAt: o.depositAt + lead };
}

function histogram(ages: readonly number[], weight: (ageMs: number) => number = () => 1): number[] {
  const out = AGE_BINS_S.slice(1).map(() => 0);
  for (const a of ages) {
    const i = AGE_BINS_S.findIndex((edge, k) => a / S >= edge && a / S < AGE_BINS_S[k + 1]!);
    if (i >= 0) out[i]! += weight(a);
  }
  return out;
}

/**
 * Where PayCrypt's delay goes: expiries (checked past `expires_at`), deposits first seen while
 * still confirming (the follow-up's lateness), deposits first seen only once final (missed window).
 */
function paycryptSplit(arrivals: readonly PlannedPayment[], found: readonly Detection[], log: readonly LoggedRequest[], end: number): string {
  const checks = new Map<string, number[]>();
  for (const r of log) if (r.status !== 429) (checks.get(r.id) ?? checks.set(r.id, []).get(r.id)!).push(r.at);
  const byKey = new Map(found.map((d) => [d.key, d]));
  const parts = { expiry: [] as number[], confirming: [] as number[], missed: [] as number[] };
  let total = 0;
  for (const p of arrivals) {
    const d = byKey.get(keyOf(p));
    const c = changeOf(p);
    if (!d || !c || p.provider !== 'paycrypt') continue;
    const delay = ((d.detectedAt ?? end) - d.changedAt) / S;
    total += delay;
    if (p.outcome === 'expire') parts.expiry.push(delay);
    else if ((checks.get(p.id) ?? []).some((t) => t >= c.showsAt && t < c.finalAt)) parts.confirming.push(delay);
    else parts.missed.push(delay);
  }
  const n = found.length || 1;
  const line = (name: string, xs: number[]): string => {
    const sum = xs.reduce((a, x) => a + x, 0);
    return `${name} ${xs.length} (mean ${(sum / Math.max(1, xs.length)).toFixed(1)} s, ${(sum / n).toFixed(2)} s of the mean)`;
  };
  return `  delay split: ${line('expiry', parts.expiry)}; ${line('seen confirming', parts.confirming)}; ${line('seen only final', parts.missed)}; total ${(total / n).toFixed(2)} s\n`;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { seed: { type: 'string' }, minutes: { type: 'string' }, scenario: { type: 'string' } } });
  const minutes = Number(values.minutes ?? 60);
  const base = { ...FULL_CONFIG, seed: Number(values.seed ?? 1) };
  const config = scenarioConfig(base, minutes * M);
  const workload = planWorkload(config);
  const byId = new Map<string, { p: PlannedPayment; stale: boolean }>();
  for (const p of workload.stale) byId.set(p.id, { p, stale: true });
  for (const p of workload.arrivals) byId.set(p.id, { p, stale: false });
  const table = new BoundTable();
  for (const shape of scenarioShapes(config.windowMs)) {
    if (values.scenario && values.scenario !== shape.name) continue;
    const run = await runAdaptive(workload, { gate: () => new LimitGate(shape, workload.start), budget: SCENARIO_BUDGET });
    const allowed = allowedRequests(shape, config.windowMs);
    const uses = { card2crypto: new Map<Use, number>(), paycrypt: new Map<Use, number>() };
    const searchAges: number[] = [];
    const depositAges: number[] = [];
    const seen = new Map<string, number>();
    for (const r of run.env.log) {
      const { p, stale } = byId.get(r.id)!;
      const c = changeOf(p);
      const prev = seen.get(r.id);
      let use: Use;
      if (r.status === 429) use = '429';
      else if (stale) use = 'stale';
      else if (prev === undefined) use = 'arrival';
      else if (c && prev >= c.finalAt) use = 'final';
      else if (c && p.provider === 'paycrypt' && prev >= c.showsAt) use = 'confirming';
      else if (c && r.at >= c.showsAt) use = 'found';
      else use = 'search';
      if (r.status !== 429) seen.set(r.id, r.at);
      if (p.provider === 'card2crypto' && (use === 'search' || use === 'found')) searchAges.push(r.at - p.createdAt);
      if (p.provider === 'paycrypt' && (use === 'search' || use === 'found')) depositAges.push(r.at - p.createdAt);
      const m = uses[r.provider];
      m.set(use, (m.get(use) ?? 0) + 1);
    }
    const d = run.detections;
    const mean = d.reduce((a, x) => a + ((x.detectedAt ?? workload.end) - x.changedAt), 0) / Math.max(1, d.length) / S;
    process.stdout.write(`\n== ${shape.name} (${shape.label}), ${minutes} min, seed ${base.seed}: engine mean ${mean.toFixed(1)} s; allowed ${allowed} per account\n`);
    for (const provider of ['card2crypto', 'paycrypt'] as const) {
      const arrivals = workload.arrivals.filter((p) => p.provider === provider);
      const b = table.account(provider, arrivals, workload.end, allowed);
      const m = uses[provider];
      const sent = [...m.values()].reduce((a, x) => a + x, 0);
      const parts = USES.map((u) => `${u} ${m.get(u) ?? 0}`).join(', ');
      const mine = run.detections.filter((x) => x.provider === provider);
      const own = mine.reduce((a, x) => a + ((x.detectedAt ?? workload.end) - x.changedAt), 0) / Math.max(1, mine.length) / S;
      process.stdout.write(
        `${provider}: mean ${own.toFixed(1)} s; sent ${sent} (${((100 * sent) / allowed).toFixed(0)} % of allowed): ${parts}\n` +
          `  bound: λ ${(b.lambdaMs / S).toFixed(2)} s, checks ${b.expectedChecks.toFixed(0)} of ${allowed} (${arrivals.length} arrival checks), mean ${(b.totalDelayMs / b.expectedChanges / S).toFixed(1)} s\n`,
      );
      const perSlice = Array.from({ length: Math.ceil(minutes / 5) }, () => 0);
      for (const r of run.env.log) if (r.provider === provider) perSlice[Math.floor((r.at - workload.start) / (5 * M))]! += 1;
      process.stdout.write(`  sent per 5 min: ${perSlice.join(' ')}\n`);
      if (provider === 'paycrypt') {
        process.stdout.write(paycryptSplit(arrivals, mine, run.env.log, workload.end));
        const engine = histogram(depositAges).map((x) => (x / arrivals.length).toFixed(2));
        process.stdout.write(`  searches per payment by age (s) ${AGE_BINS_S.slice(0, -1).join('|')}+\n  engine ${engine.join(' ')}\n`);
      }
      if (provider === 'card2crypto') {
        // The bound's schedule for one payment at its λ (full horizon): the grid times the DP checks at.
        // The bound's schedule for one payment at its λ, with the longest horizon (the DP's argmin chain).
        // Weighted by the chance that nothing was found before (the bound stops checking then).
        const model = workloadModel(arrivals[0]!);
        const times = solveDp(model, Math.min(50 * M, config.windowMs), b.lambdaMs).schedule;
        const engine = histogram(searchAges).map((x) => (x / arrivals.length).toFixed(2));
        const bound = histogram(times, (t) => 1 - model.parts[0]!.cdf(t)).map((x) => x.toFixed(2));
        process.stdout.write(`  checks per payment by age (s) ${AGE_BINS_S.slice(0, -1).join('|')}+\n  engine ${engine.join(' ')}\n  bound  ${bound.join(' ')}\n`);
      }
    }
  }
}

await main();
