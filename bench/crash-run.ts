/**
 * Crash safety, round after round on one data folder: spawn bench/crash-writer.ts, SIGKILL it at
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
  /** Changes the writers reported, each checked after every later kill. */
  commits: { watches: number; observations: number; claims: number; total: number };
  /** Claims a writer lost because an earlier run had made them (a re-claim that correctly said no). */
  claimsRefused: number;
  /** Checks of reported changes made in all (a change is checked after each kill that follows it). */
  checksMade: number;
  failures: string[];
  wallSeconds: number;
}

/** Runs the writer until a random moment, kills it, and returns the complete lines it printed. */
function runOnce(dir: string, run: number, rng: Rng): Promise<{ lines: string[]; beforeReady: boolean }> {
  const child = spawn(process.execPath, [WRITER, dir, String(run), String(rng.int(1, 1e9))], { stdio: ['ignore', 'pipe', 'pipe'] });
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

/** Reopens the store and checks everything reported so far; returns the problems found. */
function verify(dir: string, reported: Committed[], round: number): { problems: string[]; checks: number } {
  const problems: string[] = [];
  const say = (what: string) => problems.push(`after kill ${round}: ${what}`);
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
  const won = new Set<string>();
  try {
    const watched = new Set(store.listWatches().map((w) => w.key));
    for (const c of reported) {
      checks += 1;
      if (c.t === 'watch') {
        if (!watched.has(c.key)) say(`watch ${c.key} is gone`);
      } else if (c.t === 'obs') {
        let seen = history.get(c.key);
        if (!seen) history.set(c.key, (seen = new Set(store.statusHistory(c.key).map((h) => `${h.to} ${h.seenAt}`))));
        if (!seen.has(`${c.status} ${c.seenAt}`)) say(`observation ${c.status} of ${c.key} is gone`);
      } else if (c.won) {
        const pair = `${c.key} ${c.status}`;
        if (won.has(pair)) say(`announcement ${pair} was claimed twice`);
        won.add(pair);
        if (store.claimAnnouncement(c.key, c.status, new Date().toISOString())) say(`announcement ${pair} was lost (claimed again)`);
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

/** Kills the writer `kills` times on one data folder, verifying after each kill. */
export async function runCrashRounds(opts: { kills: number; seed?: number }): Promise<CrashResult> {
  const started = performance.now();
  const rng = new Rng(opts.seed ?? 1);
  const dir = mkdtempSync(join(tmpdir(), 'paymon-crash-'));
  const reported: Committed[] = [];
  const result: CrashResult = {
    kills: 0, killedDuringStartup: 0, commits: { watches: 0, observations: 0, claims: 0, total: 0 },
    claimsRefused: 0, checksMade: 0, failures: [], wallSeconds: 0,
  };
  try {
    for (let round = 1; round <= opts.kills; round++) {
      const { lines, beforeReady } = await runOnce(dir, round, rng);
      result.kills += 1;
      if (beforeReady) result.killedDuringStartup += 1;
      for (const line of lines) {
        const c = JSON.parse(line) as Committed | { t: 'ready' };
        if (c.t !== 'ready') reported.push(c);
      }
      const { problems, checks } = verify(dir, reported, round);
      result.checksMade += checks;
      result.failures.push(...problems);
      if (result.failures.length > 20) break;
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const count = (t: Committed['t']) => reported.filter((c) => c.t === t).length;
  result.commits = { watches: count('watch'), observations: count('obs'), claims: count('claim'), total: reported.length };
  result.claimsRefused = reported.filter((c) => c.t === 'claim' && !c.won).length;
  result.wallSeconds = Math.round((performance.now() - started) / 100) / 10;
  return result;
}
