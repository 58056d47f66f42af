/**
 * One path per change (issue 12): the engine itself emits every user change to the watchlist (add,
 * remove, restore, refresh, pause, mute) as an event, once, after its transaction committed, so a
 * listener reading the database from another connection already sees the change.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { openStore, type PaymonStore } from '../../../src/core/store/index.ts';
import type { EngineEvent } from '../../../src/core/monitor/engine.ts';
import { parsePaymentId } from '../../../src/shared/refs.ts';
import { startRig, T0, type Rig } from '../../helpers/monitor-rig.ts';

let rig: Rig | undefined;
let other: PaymonStore | undefined;
afterEach(async () => {
  other?.close();
  other = undefined;
  await rig?.close();
  rig = undefined;
});

type WatchEvent = Extract<EngineEvent, { type: 'watch-changed' | 'watch-removed' }>;

describe('engine watchlist events', () => {
  it('emits each user change once, after it is committed', async () => {
    const r = (rig = await startRig());
    const reader = (other = openStore(r.dir).store);
    const ids = [1, 2].map(() => r.world.addCard2Crypto({ amount: 100, createdAt: T0, outcome: 'pending' }));
    const keys = ids.map((id) => `card2crypto:payment:${id}`);
    // What another connection sees at the moment each event arrives.
    const seen: Array<{ e: WatchEvent; rows: Array<{ paused: boolean; muted: boolean } | null> }> = [];
    r.engine.on((e) => {
      if (e.type !== 'watch-changed' && e.type !== 'watch-removed') return;
      seen.push({ e, rows: keys.map((k) => reader.getWatch(k)).map((w) => (w ? { paused: w.paused, muted: w.muted } : null)) });
    });
    const step = (): WatchEvent[] => seen.splice(0).map((s) => s.e);

    r.engine.add(ids.map(parsePaymentId));
    expect(step()).toEqual([{ type: 'watch-changed', keys }]);

    r.engine.setPaused(keys, true);
    expect(seen.at(-1)?.rows).toEqual([{ paused: true, muted: false }, { paused: true, muted: false }]);
    expect(step()).toEqual([{ type: 'watch-changed', keys }]);

    expect(r.engine.setMuted([keys[0]!, keys[0]!], true)).toEqual([keys[0]]);
    expect(seen.at(-1)?.rows[0]).toEqual({ paused: true, muted: true });
    expect(step()).toEqual([{ type: 'watch-changed', keys: [keys[0]] }]);
    // A key that is not watched changes nothing and is not emitted.
    expect(r.engine.setMuted(['card2crypto:payment:pay_notwatched'], true)).toEqual([]);
    expect(step()).toEqual([]);

    r.engine.refresh([keys[1]!]);
    expect(step()).toEqual([{ type: 'watch-changed', keys: [keys[1]] }]);

    const removed = r.engine.remove([...keys, 'card2crypto:payment:pay_notwatched']);
    expect(removed.map((row) => row.key)).toEqual(keys);
    expect(seen.at(-1)?.rows).toEqual([null, null]);
    expect(step()).toEqual([{ type: 'watch-removed', keys }]);
    expect(r.engine.scheduler.get(keys[0]!)).toBeUndefined();

    // Restoring puts the rows back as they were, and the scheduler follows them again.
    expect(r.engine.restore(removed)).toBe(2);
    expect(seen.at(-1)?.rows).toEqual([{ paused: true, muted: true }, { paused: true, muted: false }]);
    expect(step()).toEqual([{ type: 'watch-changed', keys }]);
    expect(r.engine.scheduler.get(keys[0]!)?.paused).toBe(true);
    // A second restore finds the rows there: none restored, the rows reported as they are.
    expect(r.engine.restore(removed)).toBe(0);
  });
});
