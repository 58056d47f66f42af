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
    // The account's budget spreads the checks about 1.8 s apart (20 s for all): a batch stays open
    // while they keep coming, but no alert waits more than 10 s, so the catch-up is three notifications.
    expect(rig.notified.map((n) => [n.key, n.title])).toEqual([
      [null, '6 payments completed ($619.98)'],
      [null, '5 payments completed ($516.65)'],
      [expect.stringMatching(/^card2crypto:payment:pay_/), 'Paid: $103.33'],
    ]);
    const rows = await history();
    expect(rows).toHaveLength(12);
    const announced = rig.notified.flatMap((n) => n.alertIds).sort((x, y) => x - y);
    expect(announced).toEqual(rows.map((r) => r.id).sort((x, y) => x - y));
    // The grouped rows carry their group's first id; the single one none.
    for (const n of rig.notified.slice(0, 2)) {
      expect(rows.filter((r) => n.alertIds.includes(r.id)).map((r) => r.groupId)).toEqual(n.alertIds.map(() => n.alertIds[0]));
    }
    expect(rows.filter((r) => r.groupId === null)).toHaveLength(1);

    // After a restart the same payments are seen again: nothing new is announced or recorded.
    await rig.restart();
    await rig.service.invoke('watch:refresh', { keys: ids.map((id) => `card2crypto:payment:${id}`) });
    for (let i = 0; i < 5; i++) await rig.advance(60_000);
    expect(rig.notified).toHaveLength(3);
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
});
