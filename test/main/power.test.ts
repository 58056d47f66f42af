/** Sleep/wake and online/offline hold and release polling, separately from the user's pause. */
import { EventEmitter } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { setupPower, type PowerMonitorLike } from '../../src/main/power.ts';
import { startServiceRig, type ServiceRig } from '../core/app/service-rig.ts';

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
});
