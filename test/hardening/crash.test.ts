/**
 * Crash safety, short: SIGKILLs of a process writing to the store (the same rounds as
 * `npm run crash`, which runs forty). Each kill must leave a database that opens without a
 * corruption notice, passes integrity_check and holds every change the writer reported; the
 * checks must grow linearly with the kills, and must catch a writer that reports a commit it
 * never made.
 */
import { describe, expect, it } from 'vitest';
import { runCrashRounds } from '../../bench/crash-run.ts';

describe('a writer SIGKILLed at random moments', () => {
  it('never loses a reported commit, a watch or an announcement claim', async () => {
    const progress: number[] = [];
    const result = await runCrashRounds({ kills: 5, seed: 7, onProgress: (done) => progress.push(done) });
    console.log(
      `crash safety: ${result.kills} kills survived, ${result.commits.total} commits verified ` +
        `(${result.commits.watches} watches, ${result.commits.observations} observations, ${result.commits.claims} claims)`,
    );
    expect(result.failures).toEqual([]);
    expect(result.kills).toBe(5);
    expect(progress).toEqual([1, 2, 3, 4, 5]);
    // The writers got far enough to make the checks mean something (even on a slow, busy machine).
    expect(result.commits.total).toBeGreaterThanOrEqual(10);
    expect(result.commits.observations).toBeGreaterThan(0);
    // Linear: every change once after its kill, once at the end, plus the samples; no more.
    expect(result.checks.newAfterKill).toBe(result.commits.total);
    expect(result.checks.final).toBe(result.commits.total);
    expect(result.checksMade).toBe(2 * result.commits.total + result.checks.sampled);
  }, 60_000);

  it('without samples, checks each change exactly twice however many kills there are', async () => {
    const result = await runCrashRounds({ kills: 6, seed: 3, sampleSize: 0, killsPerFolder: 4 });
    expect(result.failures).toEqual([]);
    expect(result.kills).toBe(6);
    expect(result.folders).toBe(2);
    // Re-checking everything after every kill would make this about kills/2 times the commits.
    expect(result.checksMade).toBe(2 * result.commits.total);
  }, 60_000);

  it('catches a writer that reports observations it never wrote', async () => {
    const result = await runCrashRounds({ kills: 3, seed: 7, writerDropsWrites: true });
    expect(result.commits.observations).toBeGreaterThanOrEqual(3);
    expect(result.failures.some((f) => /observation .* is gone/.test(f)), result.failures.join('\n')).toBe(true);
  }, 60_000);
});
