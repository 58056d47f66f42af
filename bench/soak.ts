/**
 * `npm run soak`: the real Engine watching 2,000 payments for three virtual hours against a
 * simulator that fails often, with a restart half-way. Prints requests, errors, detection delays,
 * notifications, the busiest minute per account, memory and wall time, and exits 1 when an
 * invariant fails (see soak-check.ts). Shows progress on stderr (bench/progress.ts). `--json` prints
 * only JSON on stdout.
 */
import { parseArgs } from 'node:util';
import { progressReporter } from './progress.ts';
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
    `  notifications: ${f.notifications.total} (${f.notifications.beforeRestart} before the restart, ${f.notifications.afterRestart} after)`,
    `  restart: ${f.restart.stored} watches stored, ${f.restart.scheduled} scheduled again`,
    `  busiest 60 s per account: card2crypto ${f.budget.maxInAnyMinute.card2crypto}, paycrypt ${f.budget.maxInAnyMinute.paycrypt} (budget ${f.budget.perMinute})`,
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
    `  ${mark(f.invariants.watchlistReloaded)} the restarted engine watches the whole stored watchlist`,
    `  ${mark(f.invariants.budgetKept)} no account over its budget in any 60 s window`,
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
