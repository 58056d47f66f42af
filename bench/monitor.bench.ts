/**
 * `npm run bench`: the monitor benchmark of issue 4. The naive round-robin and the
 * adaptive engine watch the same simulated workload, under the same per-account
 * budget, in virtual time; prints detection delays, requests, 429s, the engine's
 * cost and whether the targets are met. `--json` prints only JSON on stdout.
 */
import { parseArgs } from 'node:util';
import { formatReport } from './report.ts';
import { runBench } from './run.ts';
import { FULL_CONFIG, type BenchConfig } from './workload.ts';

const SCENARIO_MINUTES = 60;
const QUICK = { minutes: 20, arrivals: 170, stale: 340, scenarioMinutes: 20, costPayments: 2000 };

const USAGE = `Usage: npm run bench -- [--json] [--seed N] [--quick]
  --json            print the result as JSON (only JSON on stdout)
  --seed N          workload seed (default ${FULL_CONFIG.seed}); the same seed gives the same numbers
  --quick           a short run: ${QUICK.minutes}-minute workload and scenarios, ${QUICK.costPayments} payments for the cost
  --scenario-minutes N  window of the limit scenarios (default ${SCENARIO_MINUTES}; 0: no scenarios)
  --scenario NAME   only this scenario (repeatable): per-second, per-4s, per-minute, per-hour, halving
  --cost-completed-percent N  that share of the cost's payments completed 0-60 days ago (long-lived watchlist)
Smaller runs (not the issue's workload): --minutes N, --arrivals N, --stale N, --cost-payments N`;

function wholeNumber(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} needs a whole number, got "${value}"`);
  return n;
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      json: { type: 'boolean', default: false },
      seed: { type: 'string' },
      minutes: { type: 'string' },
      arrivals: { type: 'string' },
      stale: { type: 'string' },
      'cost-payments': { type: 'string' },
      'scenario-minutes': { type: 'string' },
      scenario: { type: 'string', multiple: true },
      'cost-completed-percent': { type: 'string' },
      quick: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const quick = values.quick;
  const config: BenchConfig = {
    ...FULL_CONFIG,
    seed: wholeNumber('seed', values.seed, FULL_CONFIG.seed),
    windowMs: wholeNumber('minutes', values.minutes, quick ? QUICK.minutes : FULL_CONFIG.windowMs / 60_000) * 60_000,
    arrivalsPerProvider: wholeNumber('arrivals', values.arrivals, quick ? QUICK.arrivals : FULL_CONFIG.arrivalsPerProvider),
    stalePerProvider: wholeNumber('stale', values.stale, quick ? QUICK.stale : FULL_CONFIG.stalePerProvider),
  };
  const costPayments = values['cost-payments'] ?? (quick ? String(QUICK.costPayments) : undefined);
  const scenarioMinutes = wholeNumber('scenario-minutes', values['scenario-minutes'], quick ? QUICK.scenarioMinutes : SCENARIO_MINUTES);
  // Progress goes to stderr, so --json keeps stdout to the one document.
  const onProgress = (line: string): void => void process.stderr.write(`${line}\n`);
  const completedPercent = values['cost-completed-percent'];
  const cost = {
    ...(costPayments === undefined ? {} : { payments: wholeNumber('cost-payments', costPayments, 0) }),
    ...(completedPercent === undefined ? {} : { completedShare: Math.min(100, wholeNumber('cost-completed-percent', completedPercent, 0)) / 100 }),
  };
  const { result } = await runBench(config, {
    cost,
    scenarios: { windowMs: scenarioMinutes * 60_000, onProgress, ...(values.scenario ? { only: values.scenario } : {}) },
  });
  process.stdout.write(values.json ? `${JSON.stringify(result, null, 2)}\n` : `${formatReport(result)}\n`);
  return 0;
}

try {
  process.exitCode = await main();
} catch (err) {
  process.stderr.write(`bench: ${err instanceof Error ? err.message : String(err)}\n${USAGE}\n`);
  process.exitCode = 2;
}
