/**
 * `npm run soak`: the real AppService (engine, rules, quiet hours, burst grouping) watching 2,000
 * payments for three virtual hours against a simulator that fails often, with reopenings, bursts,
 * and restarts half-way and mid-burst. Prints requests, errors, detection delays, the alerts
 * against the simulator's ground truth, bursts, restarts, the busiest minute per account, memory
 * and wall time, and exits 1 when an invariant fails (see soak-check.ts, soak-alerts.ts). Shows progress on stderr (bench/progress.ts). `--json` prints
 * only JSON on stdout.
 */
import { parseArgs } from 'node:util';
import { progressReporter } from './progress.ts';
import { BURST_NOTICES_PER_MINUTE } from './soak-alerts.ts';
import { checkSoak, type SoakFigures, type Unreported } from './soak-check.ts';
import { runSoak, SOAK_FAULTS } from './soak-run.ts';
import { SOAK_CONFIG, type SoakConfig } from './soak-workload.ts';

const USAGE = `Usage: npm run soak -- [--json] [--minutes N] [--payments N] [--seed N]
  --json         print the figures as JSON (only JSON on stdout)
  --minutes N    virtual minutes to run (default ${SOAK_CONFIG.windowMs / 60_000})
  --payments N   payments to watch, half per provider (default ${SOAK_CONFIG.payments})
  --seed N       workload and fault seed (default ${SOAK_CONFIG.seed})
Exit status: 0 every invariant held, 1 one failed, 2 usage error.`;

function wholeNumber(name: string, value: string | undefined, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new Error(`--${name} needs a whole number of at least ${min}, got "${value}"`);
  return n;
}

const pct = (x: number) => `${Math.round(x * 1000) / 10}%`;
const mark = (ok: boolean) => (ok ? 'ok  ' : 'FAIL');
const listed = (items: readonly Unreported[]) =>
  items.slice(0, 10).map((u) => `      ${u.key} -> ${u.status} at minute ${u.changedMinute} (due by ${u.dueMinute})`);

const minuteOf = (f: SoakFigures, at: number) => Math.round((at - f.startMs) / 60_000);

/** The alert lines: expected against recorded and raised, and each burst. */
function alertLines(f: SoakFigures): string[] {
  const a = f.alerts;
  const d = (k: string) => a.byDecision[k] ?? 0;
  return [
    `  alerts expected: ${a.expected.total} (${Object.entries(a.expected.byKind).map(([k, n]) => `${k} ${n}`).join(', ')}); not due by the end: ${a.expected.notDueYet.length}; ` +
      `statuses left before any check could see them (owed no alert): ${a.expected.unobservable.length}`,
    ...a.expected.unobservable.slice(0, 5).map((u) => `      ${u}`),
    ...Object.entries(a.perKind).map(([k, n]) => `  ${k}: expected ${n.expected}, recorded ${n.recorded}, duplicates ${n.duplicates}, missed ${n.missed}, unexpected ${n.unexpected}, app could not know (either passes) ${n.tolerated}`),
    `  alerts recorded in the history: ${a.recorded}: desktop ${d('desktop')}, quiet hours ${d('quiet-hours')}, muted payment ${d('muted')}, ` +
      `silent rule ${d('rule-silent')}, status off ${d('status-off')}`,
    `  desktop alerts raised exactly once: ${a.delivered}, in ${a.notices} notifications; duplicates ${a.duplicates.length}, missed ${a.missed.length}`,
    ...a.bursts.map(
      (b) => `  burst at minute ${b.minute}: ${b.payments} payments, ${b.alerts} alerts (${b.desktop} desktop), ${b.notices} notifications, ` +
        `${b.grouped} alerts grouped, at most ${b.maxPerMinute} notifications in a minute`,
    ),
  ];
}

/** The figures as text for a terminal. */
function format(f: SoakFigures): string {
  const { rates, storm, spike } = SOAK_FAULTS;
  const lines = [
    `Soak: ${f.payments} payments, ${f.virtualMinutes} virtual minutes, ${f.wallSeconds} s wall`,
    `  faults: ${pct(rates.serverError + rates.htmlError)} 5xx (${pct(rates.htmlError)} HTML), ${pct(rates.malformedJson)} cut bodies, ${pct(rates.drop)} dropped, ` +
      `${pct(rates.slow)} slow (${rates.slowMs / 1000} s); 429 storm at ${pct(storm.at)} of the run ` +
      `(${storm.forced} forced, limit ${storm.limit}/min); latency spike at ${pct(spike.at)} (${pct(spike.slow)} take ${spike.slowMs / 1000} s); ` +
      `restart at ${pct(SOAK_FAULTS.restartAt)}`,
    `  requests: ${f.requests.total} (card2crypto ${f.requests.byProvider.card2crypto}, paycrypt ${f.requests.byProvider.paycrypt})`,
    `  answers by HTTP status: ${Object.entries(f.requests.byHttpStatus).map(([s, n]) => `${s} ${n}`).join(', ')}`,
    `  errors by kind: ${Object.entries(f.errorsByKind).map(([k, n]) => `${k} ${n}`).join(', ') || 'none'}`,
    `  detection delay of ${f.detectionSeconds.changes} final changes: mean ${f.detectionSeconds.mean} s, ` +
      `p95 ${f.detectionSeconds.p95} s, max ${f.detectionSeconds.max} s`,
    `  final at provider ${f.finals.atProvider}, reported final ${f.finals.reportedFinal}; too recent to expect yet: ${f.finals.tooRecent.length}`,
    ...listed(f.finals.tooRecent),
    `  transitions at the provider: ${f.transitions.total} (${f.transitions.reopenings} reopenings: refunds, paid after expiry, top-ups)`,
    ...alertLines(f),
    `  restarts: ${f.restarts.length}: ${f.restarts
      .map((r) => `${r.reason} at minute ${minuteOf(f, r.at)} (${r.unshownDesktop} alerts claimed, not shown yet${r.waveSize ? `; ${r.waveClaimed}/${r.waveSize} of the wave claimed` : ''}; ${r.scheduled}/${r.stored} watches scheduled again)`)
      .join(', ')}`,
    `  busiest 60 s per account: card2crypto ${f.budget.maxInAnyMinute.card2crypto}, paycrypt ${f.budget.maxInAnyMinute.paycrypt} (budget ${f.budget.perMinute}); ` +
      `across a restart ${f.budget.acrossRestarts.card2crypto} / ${f.budget.acrossRestarts.paycrypt}`,
    `  429 storm, requests/min per account: during ${f.storm.duringPerMinute.card2crypto} / ${f.storm.duringPerMinute.paycrypt}, ` +
      `5-20 min after it ended ${f.storm.afterPerMinute.card2crypto} / ${f.storm.afterPerMinute.paycrypt} (card2crypto / paycrypt)`,
    `  heap after GC: first ${f.memory.firstMb} MB, last ${f.memory.lastMb} MB, peak ${f.memory.peakMb} MB; ` +
      `slope ${f.memory.slopeMbPerHour} MB/h overall, ${f.memory.steadySlopeMbPerHour} MB/h after the last arrival`,
    `  crashes (unhandled rejections/exceptions): ${f.crashes.count}${f.crashes.first ? `: ${f.crashes.first.split('\n')[0]}` : ''}`,
    'Invariants:',
    `  ${mark(f.invariants.noCrash)} no crash`,
    `  ${mark(f.invariants.noFinalMissed)} no final status missed (${f.finals.missed.length} missed)`,
    ...listed(f.finals.missed),
    `  ${mark(f.invariants.noNotificationRepeated)} no notification repeated, restart included (${f.notifications.repeated.length} repeated)`,
    ...f.notifications.repeated.slice(0, 10).map((r) => `      ${r}`),
    `  ${mark(f.invariants.noNotificationLost)} no notification lost for a transition seen (${f.notifications.lost.length} lost)`,
    `  ${mark(f.invariants.alertsExactlyOnce)} every expected alert recorded exactly once, none unexpected (${f.alerts.missed.length} missed, ${f.alerts.duplicates.length} duplicated, ${f.alerts.unexpected.length} unexpected)`,
    ...[...f.alerts.missed, ...f.alerts.duplicates, ...f.alerts.unexpected].slice(0, 10).map((r) => `      ${r}`),
    `  ${mark(f.invariants.rulesKept)} mutes, rules and quiet hours decided every alert; none held back was raised (${f.alerts.wrongDecision.length + f.alerts.deliveredWhileHeld.length} wrong)`,
    ...[...f.alerts.wrongDecision, ...f.alerts.deliveredWhileHeld].slice(0, 10).map((r) => `      ${r}`),
    `  ${mark(f.invariants.desktopDeliveredOnce)} every desktop alert raised (${f.alerts.undelivered.length} never raised)`,
    ...f.alerts.undelivered.slice(0, 10).map((r) => `      ${r}`),
    `  ${mark(f.invariants.burstsGrouped)} bursts grouped: fewer notifications than alerts, at most ${BURST_NOTICES_PER_MINUTE} in any minute`,
    `  ${mark(f.invariants.watchlistReloaded)} each restarted engine watches the whole stored watchlist`,
    `  ${mark(f.invariants.budgetKept)} no account over its budget in any 60 s window of one run of the app`,
    `  ${mark(f.invariants.rateRecovered)} back to at least half the budget 5-20 min after the 429 storm`,
    `  ${mark(f.invariants.memoryFlat)} memory flat once the watchlist stops growing`,
    f.ok ? 'All invariants held.' : 'SOME INVARIANTS FAILED.',
  ];
  return lines.join('\n');
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      json: { type: 'boolean', default: false },
      minutes: { type: 'string' },
      payments: { type: 'string' },
      seed: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const config: SoakConfig = {
    seed: wholeNumber('seed', values.seed, SOAK_CONFIG.seed, 0),
    payments: wholeNumber('payments', values.payments, SOAK_CONFIG.payments, 2),
    windowMs: wholeNumber('minutes', values.minutes, SOAK_CONFIG.windowMs / 60_000, 10) * 60_000,
  };
  const progress = progressReporter({ label: 'soak', unit: 'virtual minutes', total: config.windowMs / 60_000 });
  const figures = checkSoak(await runSoak(config, (done) => progress.update(done)));
  progress.finish();
  process.stdout.write(values.json ? `${JSON.stringify(figures, null, 2)}\n` : `${format(figures)}\n`);
  return figures.ok ? 0 : 1;
}

try {
  process.exitCode = await main();
} catch (err) {
  process.stderr.write(`soak: ${err instanceof Error ? err.message : String(err)}\n${USAGE}\n`);
  process.exitCode = 2;
}
