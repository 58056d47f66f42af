/**
 * The burst grouper in virtual time (issue 14): a wave the engine finds a few seconds apart, as the
 * soak's bursts are (each payment is checked on its own schedule), becomes a few notifications, not
 * one per payment; each alert is raised once; a lone alert after a quiet minute is itself again.
 */
import { describe, expect, it } from 'vitest';
import { BurstGrouper, type BurstNotice } from '../../../src/core/alerts/bursts.ts';
import { VirtualClock } from '../../../src/core/monitor/virtual-clock.ts';
import type { AlertView } from '../../../src/shared/alert-history.ts';

const alert = (id: number) => ({ id, key: `card2crypto:payment:p${id}`, to: 'completed', amountMinor: 1_000, currency: 'usd', title: `Paid ${id}`, body: '', sound: false }) as AlertView;

describe('BurstGrouper', () => {
  it('groups a wave found 5 s apart: two singles, then one notification per busy half-minute', async () => {
    const clock = new VirtualClock(0);
    const raised: BurstNotice[] = [];
    const grouper = new BurstGrouper(clock, (n) => raised.push(n));
    for (let i = 0; i < 12; i++) {
      await clock.advanceTo(i * 5_000);
      grouper.push(alert(i + 1));
    }
    await clock.advanceTo(120_000);
    expect(raised.map((n) => n.alertIds.length)).toEqual([1, 1, 6, 4]);
    expect(raised.map((n) => n.key === null)).toEqual([false, false, true, true]);
    expect(raised[2]!.title).toBe('6 payments completed ($60.00)');
    expect(raised.flatMap((n) => n.alertIds)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));

    // A minute without notifications later, one alert is its own notification after the short window.
    await clock.advanceTo(200_000);
    grouper.push(alert(13));
    await clock.advanceTo(202_000);
    expect(raised.at(-1)).toMatchObject({ key: 'card2crypto:payment:p13', alertIds: [13] });
  });

  it('in a busy minute still raises a lone alert alone, only later', async () => {
    const clock = new VirtualClock(0);
    const raised: Array<[number, number[]]> = [];
    const grouper = new BurstGrouper(clock, (n) => raised.push([clock.now(), n.alertIds]));
    grouper.push(alert(1));
    await clock.advanceTo(3_000);
    grouper.push(alert(2));
    await clock.advanceTo(6_000);
    grouper.push(alert(3));
    await clock.advanceTo(60_000);
    expect(raised).toEqual([
      [2_000, [1]],
      [5_000, [2]],
      [36_000, [3]],
    ]);
  });
});
