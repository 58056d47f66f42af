import { describe, expect, it } from 'vitest';
import { ARCHIVE_AFTER_ENV, archivePolicy, parseArchiveAfterDays } from '../../../src/core/monitor/archive-age.ts';
import { DEFAULT_POLICY, type WatchState } from '../../../src/core/monitor/policy.ts';
import { Scheduler } from '../../../src/core/monitor/scheduler.ts';
import { VirtualClock } from '../../../src/core/monitor/virtual-clock.ts';
import { runPaymon } from '../../helpers/cli.ts';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 0, 10);

/** A Card2Crypto payment completed `days` ago (on refund watch unless archived). */
function completed(days: number): WatchState {
  const createdAt = T0 - days * DAY;
  return {
    key: `c${days}`, provider: 'card2crypto', accountId: 'card2crypto:default', status: 'completed', final: true, createdAt,
    lastCheckedAt: T0 - 60_000, expiresAt: null, depositSeen: false, network: null, failures: 0, retryAt: null,
    paused: false, urgent: false, focused: false, stopped: false,
  };
}

function dueWith(policy: typeof DEFAULT_POLICY, days: number): number {
  const scheduler = new Scheduler({ clock: new VirtualClock(T0), policy, dispatch: async (s) => s });
  scheduler.upsert(completed(days));
  return scheduler.dueAt(`c${days}`);
}

describe('archive age (issue 11: configurable)', () => {
  it('takes days from the flag over the environment, and archives final payments older than that out of the schedule', () => {
    expect(archivePolicy({}).archiveAfterMs).toBe(DEFAULT_POLICY.archiveAfterMs);
    expect(archivePolicy({ [ARCHIVE_AFTER_ENV]: '2' }).archiveAfterMs).toBe(2 * DAY);
    expect(archivePolicy({ [ARCHIVE_AFTER_ENV]: '2' }, '7.5').archiveAfterMs).toBe(7.5 * DAY);
    // A payment completed 3 days ago stays on refund watch by default, leaves the schedule at 2 days.
    expect(dueWith(DEFAULT_POLICY, 3)).toBeLessThan(Infinity);
    expect(dueWith(archivePolicy({ [ARCHIVE_AFTER_ENV]: '2' }), 3)).toBe(Infinity);
    expect(dueWith(archivePolicy({ [ARCHIVE_AFTER_ENV]: '2' }), 1)).toBeLessThan(Infinity);
  });

  it('refuses what is not a number of days, naming where it came from', () => {
    for (const bad of ['', 'abc', '0', '-3', '99999', 'NaN']) expect(() => parseArchiveAfterDays(bad, '--archive-after')).toThrow(/--archive-after takes a number of days from 1 to 3650/);
    expect(() => archivePolicy({ [ARCHIVE_AFTER_ENV]: 'soon' })).toThrow(new RegExp(ARCHIVE_AFTER_ENV));
  });

  it('paymon watch --archive-after with a bad value is a usage error (exit 2) and watches nothing', async () => {
    const run = await runPaymon(['watch', '--archive-after', 'soon', 'pay_abcdefghijklmnop'], { env: { PAYMON_DATA_DIR: '/nonexistent/paymon-test' }, timeoutMs: 30_000 });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--archive-after takes a number of days/);
  });
});
