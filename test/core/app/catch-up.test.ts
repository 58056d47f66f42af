/**
 * Catch-up after sleep or offline (issue 13) on the real AppService against the simulator over
 * loopback, in virtual time: polling stops with a stale marker, and on resume the pending payments
 * are checked again (longest unchecked first) and one summary replaces the burst of alerts.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { catchUpOrder, MIN_AWAY_MS } from '../../../src/core/app/catch-up.ts';
import type { AppContext } from '../../../src/core/app/context.ts';
import type { AwaySummaryView, SystemView, ToastView } from '../../../src/shared/ipc.ts';
import { startServiceRig, T0, type ServiceRig } from './service-rig.ts';

let rig: ServiceRig;
afterEach(() => rig?.close());

const key = (id: string) => `card2crypto:payment:${id}`;

async function untilAway(): Promise<AwaySummaryView[]> {
  for (let i = 0; i < 60 && rig.on('away').length === 0; i++) await rig.advance(1_000);
  return rig.on<AwaySummaryView>('away');
}

describe('catch-up after sleep', () => {
  it('marks the data stale while asleep, then rechecks and tells what happened in one summary instead of toasts', async () => {
    rig = await startServiceRig();
    const paid = rig.world.addCard2Crypto({ amount: 10_000, outcome: { complete: T0 + 5 * 60_000 } });
    const failed = rig.world.addCard2Crypto({ amount: 2_500, outcome: { fail: T0 + 6 * 60_000 } });
    const open = rig.world.addCard2Crypto({ amount: 700, outcome: 'pending' });
    await rig.service.invoke('watch:add', { text: [paid, failed, open].join(' ') });
    await rig.advance(2_000);
    expect(rig.store.listWatches().every((r) => r.status === 'pending')).toBe(true);

    rig.service.setHold('suspend', true);
    expect(rig.on<SystemView>('system').at(-1)?.stale).toEqual({ since: new Date(T0 + 2_000).toISOString(), reason: 'asleep' });
    const requests = () => Object.values(rig.world.stats()).reduce((n, k) => n + k.requests, 0);
    const before = requests();
    expect(before).toBeGreaterThan(0);
    await rig.advance(30 * 60_000);
    expect(requests()).toBe(before);

    rig.service.setHold('suspend', false);
    expect(rig.on<SystemView>('system').at(-1)?.stale).toBeNull();
    const [summary, ...more] = await untilAway();
    expect(more).toEqual([]);
    expect(summary).toMatchObject({
      since: new Date(T0 + 2_000).toISOString(),
      rechecked: 3,
      changed: [],
      stillPending: [key(open)],
      notRechecked: 0,
    });
    expect(summary!.reachedFinal.map((f) => [f.key, f.title]).sort()).toEqual([
      [key(failed), 'Failed: $25.00'],
      [key(paid), 'Paid: $100.00'],
    ]);
    // No toast and no notification per payment: the one summary.
    expect(rig.on<ToastView>('toast')).toEqual([]);
    // It announces the two alerts: the history shows them grouped, and its delivery is theirs.
    const alerts = rig.store.listAlerts();
    expect(alerts.map((a) => a.key).sort()).toEqual([key(failed), key(paid)].sort());
    const ids = alerts.map((a) => a.id).sort((x, y) => x - y);
    expect(rig.notified).toEqual([
      { key: null, alertIds: expect.arrayContaining(ids), sound: false, title: 'While you were away', body: expect.stringMatching(/^2 reached a final status, 1 still pending\n/) },
    ]);
    expect(rig.notified[0]!.alertIds).toHaveLength(2);
    expect(new Set(rig.store.listAlerts().map((a) => a.groupId))).toEqual(new Set([rig.notified[0]!.alertIds[0]]));
    rig.service.alertDelivery(rig.notified[0]!.alertIds, 'clicked');
    expect(rig.store.listAlerts().map((a) => a.delivery)).toEqual(['clicked', 'clicked']);

    // Later alerts are shown one by one again.
    const late = rig.world.addCard2Crypto({ amount: 100, outcome: { complete: T0 + 33 * 60_000 } });
    await rig.service.invoke('watch:add', { text: late });
    for (let i = 0; i < 20 && rig.on('toast').length === 0; i++) await rig.advance(30_000);
    expect(rig.on<ToastView>('toast').map((t) => t.key)).toEqual([key(late)]);
  });

  it('a deposit seen while away is told under "changed", with its confirmations, though its status did not move', async () => {
    rig = await startServiceRig();
    const moving = rig.world.addPayCrypt({
      amount: 40,
      network: 'bitcoin',
      outcome: { depositAt: T0 + 5 * 60_000, amountReceived: 40, requiredConfirmations: 100, blockSeconds: 60 },
    });
    const quiet = rig.world.addPayCrypt({ amount: 10, outcome: 'pending' });
    await rig.service.invoke('watch:add', { text: `${moving} ${quiet}` });
    await rig.advance(2_000);
    rig.service.setHold('suspend', true);
    await rig.advance(30 * 60_000);
    rig.service.setHold('suspend', false);
    const [summary] = await untilAway();
    const pc = (id: string) => `paycrypt:payment:${id}`;
    expect(summary!.reachedFinal).toEqual([]);
    expect(summary!.changed).toEqual([{ key: pc(moving), id: moving, from: 'pending', to: 'pending', detail: expect.stringMatching(/^deposit seen, \d+ confirmations$/) }]);
    expect(summary!.stillPending.sort()).toEqual([pc(moving), pc(quiet)].sort());
    // Something changed, so the desktop hears of it once; there is no alert to group.
    expect(rig.notified).toEqual([{ key: null, alertIds: [], sound: false, title: 'While you were away', body: '1 changed, 2 still pending' }]);
  });

  it('a short offline blip just resumes: no summary, alerts as usual; offline is its own stale reason', async () => {
    rig = await startServiceRig();
    const id = rig.world.addCard2Crypto({ amount: 100, outcome: { complete: T0 + 20_000 } });
    await rig.service.invoke('watch:add', { text: id });
    await rig.advance(1_000);
    rig.service.setHold('offline', true);
    expect(rig.on<SystemView>('system').at(-1)?.stale?.reason).toBe('offline');
    await rig.advance(MIN_AWAY_MS - 10_000);
    rig.service.setHold('offline', false);
    for (let i = 0; i < 20 && rig.on('toast').length === 0; i++) await rig.advance(10_000);
    expect(rig.on('away')).toEqual([]);
    expect(rig.on<ToastView>('toast').map((t) => t.key)).toEqual([key(id)]);
  });

  it("the user's pause is stale too, but resuming it is not a catch-up", async () => {
    rig = await startServiceRig();
    await rig.service.invoke('monitor:set-paused', { paused: true });
    expect(rig.on<SystemView>('system').at(-1)?.stale).toEqual({ since: new Date(T0).toISOString(), reason: 'paused' });
    // Asleep while paused: still "paused", since the first stop.
    rig.service.setHold('suspend', true);
    await rig.advance(10 * 60_000);
    rig.service.setHold('suspend', false);
    expect(rig.on<SystemView>('system').at(-1)?.stale).toEqual({ since: new Date(T0).toISOString(), reason: 'paused' });
    await rig.advance(5_000);
    expect(rig.on('away')).toEqual([]);
    await rig.service.invoke('monitor:set-paused', { paused: false });
    expect(rig.on<SystemView>('system').at(-1)?.stale).toBeNull();
    // Kept across a restart: a paused monitor starts stale.
    await rig.service.invoke('monitor:set-paused', { paused: true });
    await rig.restart();
    const snap = (await rig.service.invoke('app:snapshot', undefined)) as { value: SystemView };
    expect(snap.value.stale?.reason).toBe('paused');
  });

  it('rechecks the longest unchecked first (never checked before all), paused payments not at all', async () => {
    rig = await startServiceRig();
    const a = rig.world.addCard2Crypto({ amount: 100, outcome: 'pending' });
    await rig.service.invoke('watch:add', { text: a });
    await rig.advance(60_000);
    const b = rig.world.addCard2Crypto({ amount: 100, outcome: 'pending' });
    await rig.service.invoke('watch:add', { text: b });
    await rig.advance(1_000);
    rig.service.setHold('suspend', true);
    const c = rig.world.addCard2Crypto({ amount: 100, outcome: 'pending' });
    const d = rig.world.addCard2Crypto({ amount: 100, outcome: 'pending' });
    await rig.service.invoke('watch:add', { text: `${c} ${d}` });
    await rig.service.invoke('watch:set-paused', { keys: [key(d)], paused: true });
    const order = catchUpOrder({ store: rig.store } as AppContext);
    const checked = (k: string) => rig.store.getWatch(k)!.lastCheckedAt;
    const older = [key(a), key(b)].sort((x, y) => Date.parse(checked(x)!) - Date.parse(checked(y)!));
    expect(checked(key(a))).not.toBe(checked(key(b)));
    expect(order).toEqual([key(c), ...older]);
  });
});
