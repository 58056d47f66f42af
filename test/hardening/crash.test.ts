/**
 * Crash safety, short: five SIGKILLs of a process writing to the store (the same rounds as
 * `npm run crash`, which runs forty). Each kill must leave a database that opens without a
 * corruption notice, passes integrity_check and holds every change the writer reported.
 */
import { describe, expect, it } from 'vitest';
import { runCrashRounds } from '../../bench/crash-run.ts';

describe('a writer SIGKILLed at random moments', () => {
  it('never loses a reported commit, a watch or an announcement claim', async () => {
    const result = await runCrashRounds({ kills: 5, seed: 7 });
    console.log(
      `crash safety: ${result.kills} kills survived, ${result.commits.total} commits verified ` +
        `(${result.commits.watches} watches, ${result.commits.observations} observations, ${result.commits.claims} claims)`,
    );
    expect(result.failures).toEqual([]);
    expect(result.kills).toBe(5);
    // The writers got far enough to make the checks mean something (even on a slow, busy machine).
    expect(result.commits.total).toBeGreaterThanOrEqual(10);
    expect(result.commits.observations).toBeGreaterThan(0);
  }, 60_000);
});
