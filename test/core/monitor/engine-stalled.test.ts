/**
 * Stalled confirmations and deposit milestones (issue 14): a seen deposit whose count stops moving
 * for several expected block times is an alert, once, across restarts, never for one that keeps
 * moving; milestones ("Deposit seen", "N confirmations") are off by default. The real engine and
 * store against the simulator (its stall script) over loopback HTTP, in virtual time.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { loadAlertSettings, saveAlertSettings } from '../../../src/core/alerts/settings.ts';
import { STALL_FLOOR_MS } from '../../../src/core/alerts/watch-alerts.ts';
import type { NotifyEvent } from '../../../src/core/monitor/engine.ts';
import { parsePaymentId } from '../../../src/shared/refs.ts';
import { startRig, T0, type Rig } from '../../helpers/monitor-rig.ts';

let rig: Rig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

const M = 60_000;
const H = 60 * M;
const notifies = (r: Rig, id: string): NotifyEvent[] => r.events.filter((e): e is NotifyEvent => e.type === 'notify' && e.payment.id === id);
const kinds = (r: Rig, id: string): string[] => notifies(r, id).map((e) => e.kind);

/** An ethereum deposit at T0 + 1 min whose count holds at `at` for `forMs` (12 s blocks, 12 confirmations). */
const stalling = (r: Rig, at: number, forMs: number): string =>
  r.world.addPayCrypt({
    amount: 50,
    createdAt: T0,
    expiresAt: T0 + 3 * H,
    network: 'ethereum',
    outcome: { depositAt: T0 + M, amountReceived: 50, requiredConfirmations: 12, blockSeconds: 12, stall: { atConfirmation: at, forMs } },
  });

describe('stalled confirmations', () => {
  it('fires once when the count stands still past the floor, not again after a restart, and not for a deposit that moved in time', async () => {
    const r = (rig = await startRig());
    const stuck = stalling(r, 2, 45 * M);
    // A pause of a few blocks is no stall.
    const brief = stalling(r, 4, 2 * M);
    r.engine.add([stuck, brief].map(parsePaymentId));
    await r.advance(25 * M);
    const [alert] = notifies(r, stuck);
    expect(kinds(r, stuck)).toEqual(['stalled']);
    expect(alert!.alert.title).toBe('Confirmations stalled at 2 for 10 min: $50.00');
    // On time however sparsely the deposit was polled: the 2nd confirmation came at T0 + 1 min 12 s
    // (its updated_at), and one check was asked for when the floor had passed.
    expect(alert!.at).toBe(new Date(T0 + M + 12_000 + STALL_FLOOR_MS).toISOString());

    await r.restart();
    r.engine.refresh([`paycrypt:payment:${stuck}`]);
    await r.advance(10 * M);
    expect(kinds(r, stuck)).toEqual(['stalled']);

    // The count moves again and the deposit confirms: the final alert, no second stall.
    await r.advance(H);
    expect(kinds(r, stuck)).toEqual(['stalled', 'final']);
    expect(kinds(r, brief)).toEqual(['final']);
  });

  it('has an off switch', async () => {
    const r = (rig = await startRig());
    const current = loadAlertSettings(r.store);
    saveAlertSettings(r.store, { ...current, watch: { ...current.watch, stalled: false } });
    const stuck = stalling(r, 3, 40 * M);
    r.engine.add([parsePaymentId(stuck)]);
    await r.advance(H);
    expect(kinds(r, stuck)).toEqual(['final']);
  });
});

describe('deposit milestones', () => {
  it('are off by default', async () => {
    const r = (rig = await startRig());
    const id = r.world.addPayCrypt({ amount: 30, createdAt: T0, network: 'tron', outcome: { depositAt: T0 + 2 * M, amountReceived: 30 } });
    r.engine.add([parsePaymentId(id)]);
    await r.advance(20 * M);
    expect(kinds(r, id)).toEqual(['final']);
  });

  it('when on, say "Deposit seen" and "N confirmations" once each, before the final alert, and never again after a restart', async () => {
    const r = (rig = await startRig());
    const current = loadAlertSettings(r.store);
    saveAlertSettings(r.store, { ...current, watch: { ...current.watch, milestones: { enabled: true, confirmations: 3 } } });
    // Bitcoin-paced blocks (a minute here) so each stage is seen by a check.
    const id = r.world.addPayCrypt({
      amount: 80,
      createdAt: T0,
      expiresAt: T0 + 3 * H,
      network: 'bitcoin',
      outcome: { depositAt: T0 + 5 * M, amountReceived: 80, requiredConfirmations: 6, blockSeconds: 60 },
    });
    r.engine.add([parsePaymentId(id)]);
    await r.advance(8 * M);
    expect(notifies(r, id).map((e) => e.alert.title)).toEqual(['Deposit seen: $80.00']);
    await r.restart();
    r.engine.refresh([`paycrypt:payment:${id}`]);
    await r.advance(H);
    expect(notifies(r, id).map((e) => [e.kind, e.alert.title])).toEqual([
      ['deposit-seen', 'Deposit seen: $80.00'],
      ['confirmations', '3 confirmations: $80.00'],
      ['final', 'Paid: $80.00'],
    ]);
  });
});
