/**
 * After sleep (issue 13), in Chromium against the real AppService: while asleep the header says the
 * data is stale and since when; on waking the rechecks end in one "While you were away" summary
 * (final, changed — a deposit seen —, still pending) instead of a burst of toasts, dismissable, its payments openable.
 */
import { describe, expect, it } from 'vitest';
import { systemClock, type Clock } from '../../src/core/monitor/clock.ts';
import { chromiumSkipReason, screenshot } from '../helpers/browser.ts';
import { useAppSuite } from '../helpers/browser-ui.ts';
import { waitForRow } from './ui-helpers.ts';

describe.skipIf(chromiumSkipReason !== null)(`away summary${chromiumSkipReason ? ` — SKIPPED: ${chromiumSkipReason}` : ''}`, () => {
  const suite = useAppSuite();

  it('shows a stale marker while asleep, then one summary of what happened', async () => {
    // The service's clock runs 45 minutes behind until the wake-up, when it catches up, as a laptop's
    // does over a sleep (the window's clock is the real one, so after waking both agree).
    let jump = -45 * 60_000;
    const clock: Clock = { now: () => Date.now() + jump, setTimer: (fn, ms) => systemClock.setTimer(fn, ms) };
    const { page, rig, errors } = await suite.open({ service: { clock } });
    const at = Date.now() + 1_500;
    const paid = rig.world.addCard2Crypto({ amount: 12_500, customer: { name: 'Ada Lovelace' }, outcome: { complete: at } });
    const open = rig.world.addCard2Crypto({ amount: 900, outcome: 'pending' });
    // A deposit lands while asleep and is far from confirmed: its status does not move, yet it changed.
    const deposit = rig.world.addPayCrypt({ amount: 40, outcome: { depositAt: at, amountReceived: 40, requiredConfirmations: 100, blockSeconds: 600 } });
    await rig.service.invoke('watch:add', { text: `${paid} ${open} ${deposit}` });
    await waitForRow(page, deposit, 'pending');
    await waitForRow(page, paid, 'pending');
    await page.getByTestId('polling').getByText(/checked 45 min ago/).waitFor();

    rig.service.setHold('suspend', true);
    const stale = page.getByTestId('stale');
    await stale.waitFor();
    expect(await stale.textContent()).toMatch(/^⚠ Stale since \d\d:\d\d · asleep$/);
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, at - Date.now() + 100)));
    jump = 0;
    rig.service.setHold('suspend', false);

    const summary = page.getByTestId('away-summary');
    await summary.waitFor({ timeout: 15_000 });
    await stale.waitFor({ state: 'detached' });
    const text = (await summary.textContent()) ?? '';
    expect(text).toMatch(/While you were away \(\d\d:\d\d–\d\d:\d\d\)/);
    expect(text).toContain('3 payments checked again: 1 reached a final status, 1 changed.');
    expect(text).toContain(`${deposit} pending: deposit seen, 1 confirmation`);
    expect(text).toContain('Paid: $125.00');
    expect(text).toContain('Ada Lovelace');
    expect(await page.getByTestId('away-pending').textContent()).toBe('2 still pending.');
    await waitForRow(page, paid, 'completed');
    expect(await page.getByTestId('polling').textContent()).toMatch(/checked (just now|\d+ s ago)/);
    // One summary, not a toast per payment.
    expect(await page.getByText('Paid: $125.00').count()).toBe(1);
    await screenshot(page, 'away-summary.png');

    await summary.getByRole('button', { name: /Paid: \$125\.00/ }).click();
    await page.getByTestId('detail').waitFor();
    await summary.getByRole('button', { name: 'Dismiss' }).click();
    await summary.waitFor({ state: 'detached' });
    expect(errors).toEqual([]);
  }, 60_000);

  it('says "Stale since" with the reason when polling is paused', async () => {
    const { page, errors } = await suite.open();
    await page.getByRole('button', { name: 'Pause polling' }).click();
    const stale = page.getByTestId('stale');
    await stale.waitFor();
    expect(await stale.textContent()).toMatch(/Stale since \d\d:\d\d · polling paused/);
    await screenshot(page, 'stale-marker.png');
    await page.getByRole('button', { name: 'Resume polling' }).click();
    await stale.waitFor({ state: 'detached' });
    expect(errors).toEqual([]);
  }, 30_000);
});
