/**
 * `npm run crash`: crash safety of the store. Kills a writing process (bench/crash-writer.ts) with
 * SIGKILL at random moments, 40 times by default (a fresh data folder every 50), and after every kill checks
 * that the database opens cleanly and holds the changes reported as committed (crash-run.ts: each
 * new change after the next kill, a sample of older ones, everything at the end). Shows progress on
 * stderr (bench/progress.ts); prints kills survived and commits verified; exits 1 on any failure.
 * `--json` prints only JSON on stdout.
 */
import { parseArgs } from 'node:util';
import { runCrashRounds } from './crash-run.ts';
import { progressReporter } from './progress.ts';

const USAGE = `Usage: npm run crash -- [--json] [--kills N] [--seed N]
  --json      print the result as JSON (only JSON on stdout)
  --kills N   how many times to kill the writer (default 40)
  --seed N    seed of the kill times and the writes (default 1)
Exit status: 0 every check held, 1 one failed, 2 usage error.`;

function wholeNumber(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} needs a whole number of at least 1, got "${value}"`);
  return n;
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      json: { type: 'boolean', default: false },
      kills: { type: 'string' },
      seed: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const kills = wholeNumber('kills', values.kills, 40);
  const progress = progressReporter({ label: 'crash', unit: 'kills', total: kills });
  const r = await runCrashRounds({ kills, seed: wholeNumber('seed', values.seed, 1), onProgress: (done) => progress.update(done) });
  progress.finish();
  if (values.json) {
    process.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
  } else {
    const lines = [
      `Crash safety: ${r.kills} SIGKILLs of a writing process (${r.killedDuringStartup} during start-up) on ${r.folders} data folder(s), ${r.wallSeconds} s wall`,
      `  commits reported by the writers: ${r.commits.total} (${r.commits.watches} watches, ${r.commits.observations} observations, ${r.commits.claims} claims)`,
      `  claims refused because an earlier run held them: ${r.claimsRefused}`,
      `  checks of reported commits: ${r.checksMade} (${r.checks.newAfterKill} new ones after the kill that followed them, ` +
        `${r.checks.sampled} older ones sampled after each kill, ${r.checks.final} in the full check of each folder)`,
      `  kills survived: ${r.kills - new Set(r.failures.map((f) => f.split(':')[0])).size} of ${r.kills}`,
      ...r.failures.slice(0, 20).map((f) => `  FAIL ${f}`),
      r.failures.length === 0
        ? 'Every kill left a database that opened without notice, passed integrity_check and held every reported commit.'
        : 'CRASH SAFETY FAILED.',
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  }
  return r.failures.length === 0 ? 0 : 1;
}

try {
  process.exitCode = await main();
} catch (err) {
  process.stderr.write(`crash: ${err instanceof Error ? err.message : String(err)}\n${USAGE}\n`);
  process.exitCode = 2;
}
