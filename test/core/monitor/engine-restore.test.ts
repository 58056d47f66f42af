/**
 * What a restart restores (the soak's finding): a failed check is no observation. An underpaid
 * PayCrypt deposit is watched until it expires, then checked once more; when that one check
 * failed and the app restarted before its retry, the stored "last checked" (the failed attempt,
 * after expiry) counted as the check after expiry, and the top-up that came in just before expiry
 * was never seen. Against the simulator over loopback HTTP, in virtual time, on a real SQLite store.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../../src/core/monitor/engine.ts';
import { parsePaymentId } from '../../../src/shared/refs.ts';
import { startRig, T0, type Rig } from '../../helpers/monitor-rig.ts';

let rig: Rig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

const S = 1000;
const M = 60 * S;
type Notify = Extract<EngineEvent, { type: 'notify' }>;

describe('Engine restore after a failed check', () => {
  it('a check that failed after expiry does not count as the check after expiry across a restart', async () => {
    const r = (rig = await startRig());
    const expiresAt = T0 + 30 * M;
    const id = r.world.addPayCrypt({
      amount: 50,
      network: 'tron',
      createdAt: T0,
      expiresAt,
      outcome: { depositAt: T0 + M, amountReceived: '49.50', requiredConfirmations: 1 },
      // Topped up a second before expiry: only the check after expiry can see it.
      later: [{ at: expiresAt - S, status: 'confirmed', amountReceived: '50.00' }],
    });
    const key = `paycrypt:payment:${id}`;
    r.engine.add([parsePaymentId(id)]);
    await r.advance(expiresAt - S - T0);
    const notifies = () => r.events.filter((e): e is Notify => e.type === 'notify' && e.key === key);
    expect(notifies().map((e) => e.to)).toEqual(['underpaid']);
    expect(r.world.changeTimes(id).at(-1)).toMatchObject({ status: 'confirmed' });
    // Every check from now on fails until the restart: the check after expiry is one of them.
    r.world.injectFaults('server_error', 1000);
    let failedAt: number | null = null;
    r.engine.on((e) => {
      if (e.type === 'payment-error' && e.key === key && r.clock.now() > expiresAt) failedAt ??= r.clock.now();
    });
    const failedAfterExpiry = () => failedAt !== null;
    for (let i = 0; i < 600 && !failedAfterExpiry(); i++) await r.advance(S);
    expect(failedAfterExpiry()).toBe(true);
    expect(r.store.getWatch(key)?.lastCheckedAt).not.toBeNull();
    expect(Date.parse(r.store.getWatch(key)!.lastCheckedAt!)).toBeGreaterThan(expiresAt);
    await r.restart();
    // The restarted app's checks are answered.
    r.world.faults.clear();
    await r.advance(2 * 60 * M);
    expect(notifies().map((e) => [e.to, e.kind])).toEqual([
      ['underpaid', 'final'],
      ['confirmed', 'reopened'],
    ]);
  });
});
