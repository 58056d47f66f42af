/**
 * Crash safety, round after round on a data folder: spawn bench/crash-writer.ts, SIGKILL it at
 * a random moment, then reopen the store here and check that it opens without a corruption notice,
 * passes integrity_check, and holds every change the writer reported as committed — watches,
 * observations, announcement claims — with no claim won twice and every won claim refusing a
 * second claim. Shared by `npm run crash` and test/hardening/crash.test.ts.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { openStore } from '../src/core/store/index.ts';
import { dbPath } from '../src/core/data-dir.ts';
import { Rng } from '../src/simulator/random.ts';
import type { Committed } from './crash-writer.ts';

const WRITER = join(import.meta.dirname, 'crash-writer.ts');

/** What the rounds found. */
export interface CrashResult {
  kills: number;
  /** Kills that landed before the writer had opened the store. */
  killedDuringStartup: number;
  /** Data folders used, each for up to `killsPerFolder` kills. */
  folders: number;
  /** Changes the writers reported. */
  commits: { watches: number; observations: number; claims: number; total: number };
  /** Claims a writer lost because an earlier run had made them (a re-claim that correctly said no). */
  claimsRefused: number;
  /**
   * Checks of reported changes made in all: each change once after the kill that follows it, a
   * random sample of older ones after every kill, and every change once more when its folder is done.
   */
  checksMade: number;
  /** The parts of checksMade: new changes after their kill, the samples of older ones, the full check of each folder. */
  checks: { newAfterKill: number; sampled: number; final: number };
  failures: string[];
  wallSeconds: number;
}

/** How a run is shaped. */
export interface CrashOptions {
  kills: number;
  seed?: number;
  /** Older changes re-checked after each kill, drawn at random (default 200). */
  sampleSize?: number;
  /** Kills on one data folder before a fresh one is started (default 50), to bound the database's size. */
  killsPerFolder?: number;
  /** Called after each kill is checked, with the kills done so far (for a progress line). */
  onProgress?: (killsDone: number) => void;
  /**
   * Test hook: make the writer report some observations it never wrote, to prove that the
   * checks catch a lost commit (test/hardening/crash.test.ts). Never set by `npm run crash`.
   */
  writerDropsWrites?: boolean;
}

/** Runs the writer until a random moment, kills it, and returns the complete lines it printed. */
function runOnce(dir: string, run: number, rng: Rng, dropWrites: boolean): Promise<{ lines: string[]; beforeReady: boolean }> {
  const args = [WRITER, dir, String(run), String(rng.int(1, 1e9)), ...(dropWrites ? ['drop-writes'] : [])];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  // Mostly mid-writing; one kill in six from the spawn, so some land while the store opens.
  const fromSpawn = rng.next() < 1 / 6;
  const delayMs = fromSpawn ? rng.int(0, 400) : rng.int(5, 400);
  let stdout = '';
  let stderr = '';
  let ready = false;
  const kill = () => setTimeout(() => child.kill('SIGKILL'), delayMs);
  if (fromSpawn) kill();
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdout.on('data', (d: Buffer) => {
    stdout += d.toString();
    if (!ready && stdout.includes('"ready"')) {
      ready = true;
      if (!fromSpawn) kill();
    }
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    // 'close', not 'exit': lines still in the pipe when the child died are read first.
    child.on('close', (_code, signal) => {
      if (signal !== 'SIGKILL') return reject(new Error(`the writer stopped on its own: ${stderr.trim().split('\n').slice(-3).join(' | ')}`));
      // A line cut by the kill was not reported: only whole lines count.
      resolve({ lines: stdout.split('\n').slice(0, -1), beforeReady: !ready });
    });
  });
}

/**
 * Reopens the store and checks the given reported changes, then runs integrity_check; returns the
 * problems found. Whether a claim was won twice is judged as lines arrive (runCrashRounds), since
 * one call sees only some of the changes.
 */
function verify(dir: string, changes: readonly Committed[], when: string): { problems: string[]; checks: number } {
  const problems: string[] = [];
  const say = (what: string) => problems.push(`${when}: ${what}`);
  let opened;
  try {
    opened = openStore(dir);
  } catch (err) {
    say(`the store did not open: ${(err as Error).message}`);
    return { problems, checks: 0 };
  }
  const { store, notices } = opened;
  for (const notice of notices) say(`notice on open: ${notice}`);
  let checks = 0;
  const history = new Map<string, Set<string>>();
  try {
    const watched = new Set(store.listWatches().map((w) => w.key));
    for (const c of changes) {
      checks += 1;
      if (c.t === 'watch') {
        if (!watched.has(c.key)) say(`watch ${c.key} is gone`);
      } else if (c.t === 'obs') {
        let seen = history.get(c.key);
        if (!seen) history.set(c.key, (seen = new Set(store.statusHistory(c.key).map((h) => `${h.to} ${h.seenAt}`))));
        if (!seen.has(`${c.status} ${c.seenAt}`)) say(`observation ${c.status} of ${c.key} is gone`);
      } else if (c.won) {
        if (store.claimAnnouncement(c.key, c.status, new Date().toISOString())) say(`announcement ${c.key} ${c.status} was lost (claimed again)`);
      } else if (!store.wasAnnounced(c.key, c.status)) {
        say(`claim ${c.key} ${c.status} was refused, yet nobody holds it`);
      }
    }
  } finally {
    store.close();
  }
  const db = new DatabaseSync(dbPath(dir), { readOnly: true });
  try {
    const rows = db.prepare('PRAGMA integrity_check').all().map((r) => String(r.integrity_check));
    if (rows.join() !== 'ok') say(`integrity_check: ${rows.slice(0, 3).join('; ')}`);
  } finally {
    db.close();
  }
  return { problems, checks };
}

/** `n` changes drawn at random (with repeats) from the first `count` of `from`. */
function sample(from: readonly Committed[], count: number, n: number, rng: Rng): Committed[] {
  if (count === 0) return [];
  return Array.from({ length: n }, () => from[rng.int(0, count - 1)]!);
}

/**
 * Kills the writer `kills` times. After each kill it checks the changes reported since the
 * previous kill, plus a random sample of older ones. Every `killsPerFolder` kills, and at the end,
 * it checks all changes made in the data folder once more and starts a new folder: the database
 * stays a few tens of MB, so the checks on open (quick_check) and integrity_check cost the same
 * at kill 1,000 as at kill 10. The work so grows linearly with the kills (each change is checked
 * about twice), where re-checking everything after every kill grew with their square.
 */
export async function runCrashRounds(opts: CrashOptions): Promise<CrashResult> {
  const started = performance.now();
  const seed = opts.seed ?? 1;
  const rng = new Rng(seed);
  // Its own generator, so the kill times and the writes stay what they were for a given seed.
  const sampler = new Rng(seed + 0x5eed);
  const sampleSize = opts.sampleSize ?? 200;
  const perFolder = opts.killsPerFolder ?? 50;
  const result: CrashResult = {
    kills: 0, killedDuringStartup: 0, folders: 0, commits: { watches: 0, observations: 0, claims: 0, total: 0 },
    claimsRefused: 0, checksMade: 0, checks: { newAfterKill: 0, sampled: 0, final: 0 }, failures: [], wallSeconds: 0,
  };
  const tally = (c: Committed) => {
    result.commits.total += 1;
    if (c.t === 'watch') result.commits.watches += 1;
    else if (c.t === 'obs') result.commits.observations += 1;
    else {
      result.commits.claims += 1;
      if (!c.won) result.claimsRefused += 1;
    }
  };
  const tooMany = () => result.failures.length > 20;
  for (let round = 1; round <= opts.kills && !tooMany(); ) {
    const dir = mkdtempSync(join(tmpdir(), 'paymon-crash-'));
    result.folders += 1;
    const reported: Committed[] = [];
    const wonClaims = new Set<string>();
    try {
      for (let inFolder = 0; inFolder < perFolder && round <= opts.kills && !tooMany(); inFolder++, round++) {
        const { lines, beforeReady } = await runOnce(dir, round, rng, opts.writerDropsWrites === true);
        result.kills += 1;
        if (beforeReady) result.killedDuringStartup += 1;
        const older = reported.length;
        for (const line of lines) {
          const c = JSON.parse(line) as Committed | { t: 'ready' };
          if (c.t === 'ready') continue;
          if (c.t === 'claim' && c.won) {
            const pair = `${c.key} ${c.status}`;
            if (wonClaims.has(pair)) result.failures.push(`kill ${round}: announcement ${pair} was claimed twice`);
            wonClaims.add(pair);
          }
          reported.push(c);
          tally(c);
        }
        const fresh = reported.slice(older);
        const drawn = sample(reported, older, Math.min(sampleSize, older), sampler);
        const { problems } = verify(dir, [...fresh, ...drawn], `after kill ${round}`);
        result.checks.newAfterKill += fresh.length;
        result.checks.sampled += drawn.length;
        result.failures.push(...problems);
        opts.onProgress?.(round);
      }
      if (!tooMany()) {
        const { problems, checks } = verify(dir, reported, `in the full check of folder ${result.folders}`);
        result.checks.final += checks;
        result.failures.push(...problems);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  result.checksMade = result.checks.newAfterKill + result.checks.sampled + result.checks.final;
  result.wallSeconds = Math.round((performance.now() - started) / 100) / 10;
  return result;
}
