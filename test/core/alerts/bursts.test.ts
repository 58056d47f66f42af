/**
 * Bursts (issue 14) against the real service, engine, store and simulator: alerts falling due
 * together become one notification with the exact sum, each alert still in the history (marked
 * grouped); a couple stay individual; and nothing is announced twice across a restart.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { AlertView } from '../../../src/shared/alert-history.ts';
import { burstText } from '../../../src/core/alerts/bursts.ts';
import { startServiceRig, type ServiceRig } from '../app/service-rig.ts';

let rig: ServiceRig;
afterEach(() => rig?.close());

async function settle(ids: string[]): Promise<void> {
  await rig.service.invoke('watch:add', { text: ids.join(' ') });
  for (let i = 0; i < 20 && rig.service.pendingCount() > 0; i++) await rig.advance(30_000);
  await rig.advance(3_000);
  expect(rig.service.pendingCount()).toBe(0);
}

const history = async () => ((await rig.service.invoke('alerts:history', {})) as { ok: true; value: AlertView[] }).value;

describe('bursts', () => {
  it('twelve payments completing together: a few grouped notifications with exact sums, never twelve; each row in the history once', async () => {
    rig = await startServiceRig();
    const at = rig.clock.now() + 60_000;
    // 12 × $103.33 = $1,239.96: cents add up exactly.
    const ids = Array.from({ length: 12 }, () => rig.world.addCard2Crypto({ amount: 10_333, outcome: { complete: at } }));
    await settle(ids);
    // However the budget spreads the checks, a batch stays open while they keep coming and no alert
    // waits more than 10 s: a few notifications, each group titled with its exact sum.
    expect(rig.notified.length).toBeGreaterThanOrEqual(1);
    expect(rig.notified.length).toBeLessThanOrEqual(3);
    for (const n of rig.notified) {
      const cents = n.alertIds.length * 10_333;
      const money = `$${(cents / 100).toLocaleString('en-US', { minimumFractionDigits: 2 })}`;
      if (n.alertIds.length >= 4) expect([n.key, n.title]).toEqual([null, `${n.alertIds.length} payments completed (${money})`]);
      else expect(n.title).toBe(n.alertIds.length === 1 ? 'Paid: $103.33' : expect.any(String));
    }
    const rows = await history();
    expect(rows).toHaveLength(12);
    const announced = rig.notified.flatMap((n) => n.alertIds).sort((x, y) => x - y);
    expect(announced).toEqual(rows.map((r) => r.id).sort((x, y) => x - y));
    // The grouped rows carry their group's first id; the single ones none.
    for (const n of rig.notified.filter((m) => m.alertIds.length >= 4)) {
      expect(rows.filter((r) => n.alertIds.includes(r.id)).map((r) => r.groupId)).toEqual(n.alertIds.map(() => n.alertIds[0]));
    }
    const sent = rig.notified.length;

    // After a restart the same payments are seen again: nothing new is announced or recorded.
    await rig.restart();
    await rig.service.invoke('watch:refresh', { keys: ids.map((id) => `card2crypto:payment:${id}`) });
    for (let i = 0; i < 5; i++) await rig.advance(60_000);
    expect(rig.notified).toHaveLength(sent);
    expect(await history()).toHaveLength(12);
  });

  it('a couple of alerts together stay individual notifications, each opening its payment', async () => {
    rig = await startServiceRig();
    const at = rig.clock.now() + 60_000;
    const ids = [rig.world.addCard2Crypto({ amount: 100, outcome: { complete: at } }), rig.world.addCard2Crypto({ amount: 200, outcome: { fail: at } })];
    await settle(ids);
    expect(rig.notified.map((n) => n.key).sort()).toEqual(ids.map((id) => `card2crypto:payment:${id}`).sort());
    expect((await history()).every((r) => r.groupId === null)).toBe(true);
  });

  it('words a mixed burst with one sum per currency', () => {
    const a = (to: string, amountMinor: number, currency: string) => ({ to, amountMinor, currency }) as AlertView;
    expect(burstText([a('completed', 150, 'USD'), a('failed', 1_000, 'EUR'), a('completed', 50, 'usd')]).title).toBe('3 payments finished (€10.00 + $2.00)');
  });

  it('words a burst of stuck payments as what it is, not as their status', () => {
    const a = (kind: AlertView['kind'], to: string) => ({ kind, to, amountMinor: 100, currency: 'USD' }) as AlertView;
    expect(burstText([a('stuck-pending', 'pending'), a('stuck-pending', 'pending')]).title).toBe('2 payments pending too long ($2.00)');
    expect(burstText([a('expiring', 'pending'), a('final', 'completed')]).title).toBe('2 payments to look at ($2.00)');
    expect(burstText([a('final', 'completed'), a('final', 'completed')]).title).toBe('2 payments completed ($2.00)');
  });
});
