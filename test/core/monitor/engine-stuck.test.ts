/**
 * Stuck pending and about to expire (issue 14): alerts about a payment that does not move, fired by
 * the engine's timer with no status change and no request, once per episode across restarts, again
 * for a new episode, never once the payment moved; decided by quiet hours and mutes like any alert.
 * The real engine and store against the simulator over loopback HTTP, in virtual time.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { loadAlertSettings, saveAlertSettings } from '../../../src/core/alerts/settings.ts';
import type { NotifyEvent } from '../../../src/core/monitor/engine.ts';
import { isWatchAlertKind } from '../../../src/shared/alert-history.ts';
import type { WatchAlertSettings } from '../../../src/shared/alert-rules.ts';
import { parsePaymentId } from '../../../src/shared/refs.ts';
import { startRig, T0, type Rig } from '../../helpers/monitor-rig.ts';

let rig: Rig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

const M = 60_000;
const H = 60 * M;
const watchNotifies = (r: Rig, id: string): NotifyEvent[] =>
  r.events.filter((e): e is NotifyEvent => e.type === 'notify' && e.payment.id === id && isWatchAlertKind(e.kind));
const setWatch = (r: Rig, watch: Partial<WatchAlertSettings>): void => {
  const current = loadAlertSettings(r.store);
  saveAlertSettings(r.store, { ...current, watch: { ...current.watch, ...watch } });
};

describe('stuck pending', () => {
  it('fires once at the threshold from a timer, not again after a restart, and again for a new pending episode', async () => {
    const r = (rig = await startRig());
    const id = r.world.addCard2Crypto({
      amount: 10_000,
      createdAt: T0,
      outcome: { complete: T0 + 90 * M },
      later: [
        { at: T0 + 3 * H, status: 'pending' },
        { at: T0 + 12 * H, status: 'completed' },
      ],
    });
    const key = `card2crypto:payment:${id}`;
    r.engine.add([parsePaymentId(id)]);
    await r.advance(59 * M);
    expect(watchNotifies(r, id)).toEqual([]);
    await r.advance(2 * M);
    const [first] = watchNotifies(r, id);
    // On the minute of the threshold: a timer, not a check that happened to come then.
    expect(first).toMatchObject({ kind: 'stuck-pending', from: 'pending', to: 'pending', at: new Date(T0 + H).toISOString() });
    expect(first!.alert.title).toBe('Pending for 1 h: $100.00');
    expect(first!.alert).toMatchObject({ kind: 'stuck-pending', decision: 'desktop', delivery: 'none' });
    expect(r.store.wasAnnounced(key, `stuck:pending@${new Date(T0).toISOString()}`)).toBe(true);

    // A restart on the same file: the episode was claimed, nothing repeats.
    await r.restart();
    await r.advance(20 * M);
    expect(watchNotifies(r, id)).toHaveLength(1);

    // Completed at 90 min, pending again at 3 h: a new episode, from when that was seen.
    await r.advance(8 * H);
    const again = watchNotifies(r, id);
    expect(again.map((e) => e.kind)).toEqual(['stuck-pending', 'stuck-pending']);
    const since = Date.parse(r.store.statusHistory(key).at(-1)!.seenAt);
    expect(since).toBeGreaterThanOrEqual(T0 + 3 * H);
    expect(again[1]!.at).toBe(new Date(since + H).toISOString());
    expect(again[1]!.alert.title).toBe('Pending for 1 h: $100.00');
    // Two stuck, beside "Paid" and the reopening to pending.
    expect(r.store.countAlerts(key)).toBe(4);
  });

  it('never fires for a payment that moved before the threshold, follows a per-provider threshold, and has an off switch', async () => {
    const r = (rig = await startRig());
    setWatch(r, { stuckPendingMinutes: { card2crypto: 20, paycrypt: null } });
    const moved = r.world.addCard2Crypto({ amount: 500, createdAt: T0, outcome: { complete: T0 + 10 * M } });
    const slow = r.world.addCard2Crypto({ amount: 700, createdAt: T0, outcome: 'pending' });
    const crypto = r.world.addPayCrypt({ amount: 20, createdAt: T0, expiresAt: T0 + 3 * H, network: 'tron', outcome: 'pending' });
    r.engine.add([moved, slow, crypto].map(parsePaymentId));
    await r.advance(2 * H);
    expect(watchNotifies(r, moved)).toEqual([]);
    expect(watchNotifies(r, slow).map((e) => [e.alert.title, e.at])).toEqual([['Pending for 20 min: $7.00', new Date(T0 + 20 * M).toISOString()]]);
    expect(watchNotifies(r, crypto).filter((e) => e.kind === 'stuck-pending')).toEqual([]);
  });

  it('holds through sleep: what fell due is judged by the first fresh answer, so a payment finished meanwhile stays quiet', async () => {
    const r = (rig = await startRig());
    const still = r.world.addCard2Crypto({ amount: 300, createdAt: T0, outcome: 'pending' });
    const done = r.world.addCard2Crypto({ amount: 400, createdAt: T0, outcome: { complete: T0 + 70 * M } });
    r.engine.add([still, done].map(parsePaymentId));
    await r.advance(20 * M);
    r.engine.pause();
    await r.advance(2 * H);
    expect(watchNotifies(r, still)).toEqual([]);
    const wokeAt = r.clock.now();
    r.engine.resume();
    await r.advance(30 * M);
    const [late] = watchNotifies(r, still);
    expect(Date.parse(late!.at)).toBeGreaterThanOrEqual(wokeAt);
    expect(late!.alert.title).toMatch(/^Pending for 2 h \d+ min: \$3\.00$/);
    expect(watchNotifies(r, done)).toEqual([]);
  });

  it('is held by quiet hours and a mute, and recorded in the history with that decision', async () => {
    const r = (rig = await startRig());
    const current = loadAlertSettings(r.store);
    // All day but the minute after midnight: the virtual day never reaches it.
    saveAlertSettings(r.store, { ...current, quietHours: { start: '00:00', end: '23:59' } });
    const quiet = r.world.addCard2Crypto({ amount: 1_000, createdAt: T0, outcome: 'pending' });
    const muted = r.world.addCard2Crypto({ amount: 2_000, createdAt: T0, outcome: 'pending' });
    r.engine.add([quiet, muted].map(parsePaymentId));
    r.engine.setMuted([`card2crypto:payment:${muted}`], true);
    await r.advance(61 * M);
    expect(watchNotifies(r, quiet).map((e) => e.alert.decision)).toEqual(['quiet-hours']);
    expect(watchNotifies(r, muted).map((e) => e.alert.decision)).toEqual(['muted']);
    const rows = r.store.listAlerts({ kind: 'stuck-pending' });
    expect(rows.map((a) => [a.title, a.decision]).sort()).toEqual([
      ['Pending for 1 h: $10.00', 'quiet-hours'],
      ['Pending for 1 h: $20.00', 'muted'],
    ]);
  });
});

describe('about to expire', () => {
  it('fires N minutes before expires_at with no deposit, once across a restart, and not for a payment whose deposit came', async () => {
    const r = (rig = await startRig());
    const lapsing = r.world.addPayCrypt({ amount: 40, createdAt: T0, expiresAt: T0 + 30 * M, network: 'tron', outcome: 'expire' });
    const paid = r.world.addPayCrypt({
      amount: 25,
      createdAt: T0,
      expiresAt: T0 + 30 * M,
      network: 'ethereum',
      outcome: { depositAt: T0 + 8 * M, amountReceived: 25 },
    });
    r.engine.add([lapsing, paid].map(parsePaymentId));
    await r.advance(24 * M);
    expect(watchNotifies(r, lapsing)).toEqual([]);
    await r.restart();
    await r.advance(2 * M);
    expect(watchNotifies(r, lapsing).map((e) => [e.kind, e.at, e.alert.title])).toEqual([
      ['expiring', new Date(T0 + 25 * M).toISOString(), 'Expires in 5 min, no deposit yet: $40.00'],
    ]);
    await r.restart();
    await r.advance(H);
    expect(watchNotifies(r, lapsing)).toHaveLength(1);
    expect(r.events.some((e) => e.type === 'notify' && e.payment.id === lapsing && e.to === 'expired')).toBe(true);
    expect(watchNotifies(r, paid)).toEqual([]);
  });

  it('follows the minutes set, fires at once when added inside the window, and has an off switch', async () => {
    const r = (rig = await startRig());
    setWatch(r, { expiringMinutes: 15 });
    const soon = r.world.addPayCrypt({ amount: 10, createdAt: T0 - 20 * M, expiresAt: T0 + 8 * M, network: 'tron', outcome: 'expire' });
    const later = r.world.addPayCrypt({ amount: 11, createdAt: T0, expiresAt: T0 + 40 * M, network: 'tron', outcome: 'expire' });
    r.engine.add([soon, later].map(parsePaymentId));
    await r.advance(30 * M);
    expect(watchNotifies(r, soon).map((e) => e.alert.title)).toEqual(['Expires in 8 min, no deposit yet: $10.00']);
    expect(watchNotifies(r, later).map((e) => e.at)).toEqual([new Date(T0 + 25 * M).toISOString()]);

    setWatch(r, { expiringMinutes: null });
    const off = r.world.addPayCrypt({ amount: 12, createdAt: r.clock.now(), expiresAt: r.clock.now() + 30 * M, network: 'tron', outcome: 'expire' });
    r.engine.add([parsePaymentId(off)]);
    await r.advance(H);
    expect(watchNotifies(r, off)).toEqual([]);
  });
});
