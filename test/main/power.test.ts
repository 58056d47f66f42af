/** Sleep/wake and online/offline hold and release polling, separately from the user's pause. */
import { EventEmitter } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { setupPower, type PowerMonitorLike } from '../../src/main/power.ts';
import type { AwaySummaryView } from '../../src/shared/ipc.ts';
import { startServiceRig, T0, type ServiceRig } from '../core/app/service-rig.ts';

describe('setupPower', () => {
  it('holds on suspend and offline, releases on resume and online', async () => {
    const calls: Array<[string, boolean]> = [];
    const power = new EventEmitter();
    let online = true;
    const stop = setupPower({ setHold: (r, h) => void calls.push([r, h]) }, { powerMonitor: power as PowerMonitorLike, isOnline: () => online, pollMs: 10 });
    power.emit('suspend');
    power.emit('resume');
    expect(calls).toEqual([['suspend', true], ['suspend', false]]);
    online = false;
    await new Promise((r) => setTimeout(r, 40));
    online = true;
    await new Promise((r) => setTimeout(r, 40));
    expect(calls.slice(2)).toEqual([['offline', true], ['offline', false]]);
    stop();
    power.emit('suspend');
    expect(calls).toHaveLength(4);
  });
});

describe('holds on the real service', () => {
  let rig: ServiceRig;
  afterEach(() => rig?.close());

  it('makes no requests while held, catches up on release, and never overrides the user pause', async () => {
    rig = await startServiceRig();
    const power = new EventEmitter();
    setupPower(rig.service, { powerMonitor: power as PowerMonitorLike });
    const requests = () => Object.values(rig.world.stats()).reduce((n, s) => n + s.requests, 0);
    power.emit('suspend');
    const id = rig.world.addCard2Crypto({ amount: 100, outcome: 'pending' });
    await rig.service.invoke('watch:add', { text: id });
    await rig.advance(60_000);
    expect(requests()).toBe(0);
    power.emit('resume');
    await rig.advance(1_000);
    expect(requests()).toBeGreaterThan(0);

    await rig.service.invoke('monitor:set-paused', { paused: true });
    const before = requests();
    power.emit('suspend');
    power.emit('resume');
    await rig.service.invoke('watch:refresh', { keys: [`card2crypto:payment:${id}`] });
    await rig.advance(10 * 60_000);
    expect(requests()).toBe(before);
    expect(rig.service.monitorPaused).toBe(true);
  });

  it('a night asleep, or an hour offline, ends in one "While you were away" summary from the real service (issue 13)', async () => {
    rig = await startServiceRig();
    const power = new EventEmitter();
    let online = true;
    const stop = setupPower(rig.service, { powerMonitor: power as PowerMonitorLike, isOnline: () => online, pollMs: 5 });
    const paid = rig.world.addCard2Crypto({ amount: 100, outcome: { complete: T0 + 10 * 60_000 } });
    await rig.service.invoke('watch:add', { text: paid });
    await rig.advance(1_000);
    power.emit('suspend');
    await rig.advance(8 * 3600_000);
    // Woken without a network: still held (offline), no summary yet.
    online = false;
    power.emit('resume');
    await rig.advance(1_000);
    expect(rig.on('away')).toEqual([]);
    online = true;
    await new Promise((r) => setTimeout(r, 30));
    for (let i = 0; i < 30 && rig.on('away').length === 0; i++) await rig.advance(1_000);
    expect(rig.on<AwaySummaryView>('away').map((a) => [a.since, a.reachedFinal.map((f) => f.title)])).toEqual([[new Date(T0 + 1_000).toISOString(), ['Paid: $1.00']]]);
    expect(rig.on('toast')).toEqual([]);
    stop();
  });
});
