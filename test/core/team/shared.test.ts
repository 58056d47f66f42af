/**
 * What the team shares (issue 15): the announcement ledger per agent (each person told of each
 * transition once, across restarts, whoever's request saw it), the team-wide "handled by" marker,
 * who saw each change, and live changes through LISTEN/NOTIFY with a fallback poll.
 */
import { describe, expect, it } from 'vitest';
import { refKey } from '../../../src/shared/refs.ts';
import { ChangeFeed, type Change } from '../../../src/core/team/changes.ts';
import { c2cPayment, c2cRef } from '../store/helpers.ts';
import { pgMissing, usePostgres } from './pg-fixture.ts';

/** Resolves with the first change seen for `key` (of kind `what`, when given). */
function nextChange(feed: { changes: Change[]; waiters: Array<() => void> }, key: string, what?: string): Promise<Change> {
  return new Promise((resolve) => {
    const check = (): void => {
      const hit = feed.changes.find((c) => c.key === key && (what === undefined || c.what === what));
      if (hit) resolve(hit);
      else feed.waiters.push(check);
    };
    check();
  });
}

describe.skipIf(pgMissing !== null)(`team sharing${pgMissing ? ` (skipped: ${pgMissing})` : ''}`, () => {
  const pg = usePostgres();

  it('tells each agent once of a transition another agent saw, across a restart', async () => {
    const open = await pg.newDb();
    const [ana, bo] = [await open('ana'), await open('bo')];
    const key = refKey(c2cRef(1));
    await ana.addWatch(c2cRef(1));
    // Bo's request saw it; the change records him.
    await bo.recordObservation(key, { payment: c2cPayment('pay_test1', 'completed', true), raw: {}, seenAt: '2025-10-16T12:00:00Z' });
    expect((await ana.statusSeenBy(key)).map((c) => [c.to, c.seenBy])).toEqual([['completed', 'bo']]);
    expect(await bo.claimAnnouncement(key, 'completed', 'x')).toBe(true);
    expect(await ana.claimAnnouncement(key, 'completed', 'x')).toBe(true);
    expect(await ana.claimAnnouncement(key, 'completed', 'x')).toBe(false);
    expect(await ana.announcedTo(key, 'completed')).toEqual(['ana', 'bo']);
    const anaAgain = await open('ana');
    expect(await anaAgain.claimAnnouncement(key, 'completed', 'y')).toBe(false);
    expect(await anaAgain.wasAnnounced(key, 'completed')).toBe(true);
    expect(await (await open('cy')).wasAnnounced(key, 'completed')).toBe(false);
  });

  it('records one status change when two agents record the same answer at once', async () => {
    const open = await pg.newDb();
    const [ana, bo] = [await open('ana'), await open('bo')];
    const key = refKey(c2cRef(1));
    await ana.addWatch(c2cRef(1));
    const obs = { payment: c2cPayment('pay_test1', 'pending'), raw: {}, seenAt: '2025-10-16T12:00:00Z' };
    const results = await Promise.all([ana.recordObservation(key, obs), bo.recordObservation(key, obs)]);
    expect(results.filter((r) => r?.changed)).toHaveLength(1);
    expect(await ana.statusHistory(key)).toHaveLength(1);
  });

  it('shows every agent who added a payment and who handles it', async () => {
    const open = await pg.newDb();
    const [ana, bo] = [await open('ana'), await open('bo')];
    const key = refKey(c2cRef(1));
    await ana.addWatch(c2cRef(1));
    expect(await bo.setHandled(key, true)).toBe(true);
    const [row] = await ana.listWatches();
    expect(row).toMatchObject({ addedBy: 'ana', handledBy: 'bo' });
    expect(Date.parse(row!.handledAt!)).not.toBeNaN();
    await bo.setHandled(key, false);
    expect(await ana.getWatch(key)).toMatchObject({ handledBy: null, handledAt: null });
  });

  it('wakes another agent on a change through NOTIFY, and through the poll without LISTEN', async () => {
    const open = await pg.newDb();
    const [ana, bo] = [await open('ana'), await open('bo')];
    for (const listen of [true, false]) {
      const seen = { changes: [] as Change[], waiters: [] as Array<() => void> };
      // With LISTEN the poll is an hour away, so only a NOTIFY can deliver in time.
      const feed = new ChangeFeed(ana, {
        listen,
        pollMs: listen ? 3_600_000 : 200,
        onChange: (batch) => {
          seen.changes.push(...batch);
          for (const w of seen.waiters.splice(0)) w();
        },
      });
      await feed.start();
      const ref = c2cRef(listen ? 'l' : 'p');
      await bo.addWatch(ref);
      const change = await nextChange(seen, refKey(ref));
      expect(change).toMatchObject({ what: 'added', agent: 'bo' });
      await bo.setNote(refKey(ref), 'called', ['vip']);
      expect((await nextChange(seen, refKey(ref), 'note')).agent).toBe('bo');
      await feed.stop();
    }
  });
});
