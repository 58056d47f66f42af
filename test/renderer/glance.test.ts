/**
 * Today at a glance (issue 13) in Chromium against the real AppService and the simulator: the
 * strip sums the day's outcomes with exact amounts, narrows with the filter and says so, draws the
 * 24-hour chart by outcome, and folds away in a short window to keep the rows.
 */
import { describe, expect, it } from 'vitest';
import { chromiumSkipReason, screenshot } from '../helpers/browser.ts';
import { useAppSuite } from '../helpers/browser-ui.ts';
import { waitForAllChecked } from './ui-helpers.ts';

const MIN = 60_000;

describe.skipIf(chromiumSkipReason !== null)(`today at a glance${chromiumSkipReason ? ` — SKIPPED: ${chromiumSkipReason}` : ''}`, () => {
  const suite = useAppSuite();

  it('sums today by outcome and currency, follows the filter, and charts the last 24 hours', async () => {
    const { page, rig, errors } = await suite.open();
    const now = Date.now();
    const midnight = new Date(now).setHours(0, 0, 0, 0);
    // Always earlier today, even when the test runs just after midnight.
    const ago = Math.min(20 * MIN, (now - midnight) / 2);
    const w = rig.world;
    const paid = [
      w.addCard2Crypto({ amount: 4900, createdAt: now - ago - MIN, outcome: { complete: now - ago } }),
      w.addCard2Crypto({ amount: 1, createdAt: now - ago - MIN, outcome: { complete: now - ago / 2 } }),
      w.addPayCrypt({ amount: 120.5, createdAt: now - ago - MIN, outcome: { depositAt: now - ago, amountReceived: 120.5, requiredConfirmations: 1, blockSeconds: 1 } }),
    ];
    const failed = w.addCard2Crypto({ amount: 1999, createdAt: now - ago - MIN, outcome: { fail: now - ago } });
    const pending = [w.addCard2Crypto({ amount: 2500, outcome: 'pending' }), w.addPayCrypt({ amount: 10, outcome: 'pending' })];
    await page.getByLabel('Text with payment IDs').fill([...paid, failed, ...pending].join('\n'));
    await page.getByRole('button', { name: 'Add 6 payments' }).click();
    await waitForAllChecked(page);
    const strip = page.getByRole('region', { name: 'Today at a glance' });
    await expect.poll(() => strip.getByTestId('glance-paid').textContent()).toBe('3 paid $169.51');
    expect(await strip.getByTestId('glance-failed').textContent()).toBe('1 not paid in full $19.99');
    expect(await strip.getByTestId('glance-pending').textContent()).toBe('2 pending $35.00');
    expect(await strip.getByTestId('glance-refunded').count()).toBe(0);
    expect(await strip.getByRole('heading').textContent()).toBe('Today');
    // The chart: four final statuses, by outcome, in the last hours; the label says it in words.
    const bars = await strip.locator('.glance-bar').evaluateAll((els) => els.map((e) => [e.getAttribute('data-outcome'), Number(e.getAttribute('data-count'))] as const));
    const total = (o: string) => bars.filter(([k]) => k === o).reduce((n, [, c]) => n + c, 0);
    expect([total('paid'), total('failed')]).toEqual([3, 1]);
    expect(await strip.getByRole('img').getAttribute('aria-label')).toBe('Outcomes in the last 24 hours: 3 paid, 1 not paid in full, 0 refunded');
    await page.mouse.move(0, 0);
    await screenshot(page, 'glance.png');

    // The filter narrows the strip, and the strip says it is the view's.
    await page.getByLabel('Provider').selectOption('paycrypt');
    await expect.poll(() => strip.getByTestId('glance-paid').textContent()).toBe('1 paid $120.50');
    expect(await strip.getByTestId('glance-pending').textContent()).toBe('1 pending $10.00');
    expect(await strip.getByRole('heading').textContent()).toBe('Today · in this view');
    await page.getByLabel('Provider').selectOption('all');

    // A short window keeps its rows: the strip folds away.
    await page.setViewportSize({ width: 720, height: 480 });
    expect(await strip.isVisible()).toBe(false);
    await page.setViewportSize({ width: 1440, height: 900 });
    expect(await strip.isVisible()).toBe(true);
    expect(errors).toEqual([]);
  }, 60_000);
});
