/** The benchmark's human output: one aligned table per section, the targets, the cost. */
import type { Summary } from './metrics.ts';
import type { BenchResult } from './run.ts';

type Cell = string | number;

/** Aligns rows under a header: the first columns to the left, numbers to the right. */
function table(header: Cell[], rows: Cell[][], leftColumns: number): string[] {
  const all = [header, ...rows].map((r) => r.map(String));
  const widths = header.map((_, c) => Math.max(...all.map((r) => r[c]?.length ?? 0)));
  return all.map((r) => r.map((cell, c) => (c < leftColumns ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ').trimEnd());
}

const num = (n: number): string => n.toLocaleString('en-US');
const yes = (ok: boolean): string => (ok ? 'yes' : 'NO');

function row(policy: string, provider: string, s: Summary): Cell[] {
  return [
    policy,
    provider,
    s.changes,
    s.undetected,
    s.meanDetectionSeconds.toFixed(1),
    s.p50DetectionSeconds.toFixed(1),
    s.p95DetectionSeconds.toFixed(1),
    s.maxDetectionSeconds.toFixed(1),
    num(s.requests),
    s.rateLimited,
    s.maxRequestsPerMinute,
  ];
}

/** The report as lines of text. */
export function formatReport(r: BenchResult): string {
  const c = r.config;
  const lines = [
    `Paymon monitor benchmark · seed ${r.seed} · ${c.windowMinutes} min virtual window · per provider: ` +
      `${num(c.arrivalsPerProvider)} arrivals, ${num(c.stalePerProvider)} stale · limit ${c.rateLimit.limit} requests/${c.rateLimit.windowMs / 1000} s per account`,
    '',
    'Detection delay in seconds of the status changes inside the window',
  ];
  const rows: Cell[][] = [];
  for (const [name, p] of [['naive', r.naive], ['adaptive', r.adaptive]] as const) {
    rows.push(row(name, 'card2crypto', p.providers.card2crypto), row(name, 'paycrypt', p.providers.paycrypt), row(name, 'all', p));
  }
  lines.push(
    ...table(['policy', 'provider', 'changes', 'undetected', 'mean', 'p50', 'p95', 'max', 'requests', '429s', 'max/60s'], rows, 2),
    `Undetected: ${r.undetectedRule}.`,
    '',
    'Targets',
  );
  const t = r.targets;
  const n = r.naive;
  const a = r.adaptive;
  lines.push(
    ...table(
      ['', '', ''],
      [
        ['adaptive mean delay <= 1/5 of naive', yes(t.meanAtMostFifth), `${a.meanDetectionSeconds.toFixed(1)} s vs ${n.meanDetectionSeconds.toFixed(1)} s (x${t.meanRatio})`],
        ['aim: <= 1/10 of naive', yes(t.meanAtMostTenth), ''],
        ['no more requests than naive', yes(t.requestsNotAboveNaive), `${num(a.requests)} vs ${num(n.requests)}`],
        ['zero 429s', yes(t.zeroRateLimited), `${a.rateLimited}`],
      ],
      3,
    )
      .slice(1)
      .map((l) => `  ${l}`),
    t.met ? 'All required targets met.' : 'Some required targets are NOT met.',
    '',
  );
  const k = r.cost;
  lines.push(
    `Cost of watching ${num(k.payments)} idle payments for ${k.virtualMinutes} virtual minutes`,
    ...table(
      ['', ''],
      [
        ['engine.start() loading them', `${num(k.startMs)} ms`],
        ['CPU', `${k.cpuMsPerVirtualHour} ms per virtual hour (${num(k.requests)} checks came due)`],
        ['timers', `${num(k.timersSetLoading)} set while loading, ${num(k.timersSetRunning)} while running, ${k.timersPending} pending`],
        ['heap', `${k.heapUsedMb} MB in use, ${k.heapGrowthMb} MB of it the loaded engine`],
        ['rss peak', `${k.rssPeakMb} MB`],
      ],
      2,
    )
      .slice(1)
      .map((l) => `  ${l}`),
    '',
  );
  if (r.scenarios) lines.push(...formatScenarios(r.scenarios), '');
  lines.push(`Wall time ${r.wallSeconds} s`);
  return lines.join('\n');
}

/** The scenario table: per limit shape, the bound and the three policies. */
export function formatScenarios(sc: NonNullable<BenchResult['scenarios']>): string[] {
  const rows: Cell[][] = [];
  for (const s of sc.results) {
    rows.push([s.label, 'bound', s.bound.meanDetectionSeconds.toFixed(1), '', '', '', '', '', '', '', '']);
    for (const name of ['adaptive', 'naive', 'aws'] as const) {
      const p = s.policies[name];
      rows.push([
        '',
        name,
        p.meanDetectionSeconds.toFixed(1),
        p.p95DetectionSeconds.toFixed(1),
        p.maxDetectionSeconds.toFixed(1),
        `${p.longestUncheckedNewSeconds.toFixed(0)} / ${p.longestUncheckedSeconds.toFixed(0)}`,
        p.overStalenessBound,
        num(p.requests),
        p.rateLimited,
        `${p.rateLimitedAfterFirstMinute} (${p.rateLimitedPercentAfterFirstMinute}%)`,
        name === 'adaptive' ? `x${s.adaptiveOverBound ?? '-'}` : '',
      ]);
    }
  }
  const targets = sc.results.map((s) => {
    const t = s.targets;
    return [s.label, yes(t.withinOneAndHalfBound), yes(t.rateLimitedAtMostOnePercent), yes(t.noneOverStalenessBound), yes(t.beatsBaselines)];
  });
  return [
    `Limits of other shapes · ${sc.windowMinutes} min virtual window · per provider: ${num(sc.arrivalsPerProvider)} arrivals, ${num(sc.stalePerProvider)} stale · ` +
      'every policy starts at 120 requests/min; bound: lowest mean any policy could reach (bench/bound.ts)',
    ...table(['limit', 'policy', 'mean', 'p95', 'max', 'unchecked new/all', 'over bound', 'requests', '429s', '429s after 1 min', 'adaptive/bound'], rows, 2),
    '',
    'Scenario targets (adaptive)',
    ...table(['limit', '<= 1.5x bound', '<= 1% 429s', 'staleness bound kept', 'beats naive and aws'], targets, 1).map((l) => `  ${l}`),
  ];
}
