/**
 * Saved views (issue 13) in Chromium against the real AppService and the simulator: save the
 * current filter as a view, switch with Alt+1 / Alt+0, a view that hides new payments says so and
 * shows them in one click, and a changed view says it is changed.
 */
import { describe, expect, it } from 'vitest';
import { chromiumSkipReason, screenshot } from '../helpers/browser.ts';
import { useAppSuite } from '../helpers/browser-ui.ts';
import { waitForAllChecked, waitForRow } from './ui-helpers.ts';

const MIN = 60_000;
const rowCount = (n: number) => (document.querySelectorAll('.tbody [role="row"]').length === n);

describe.skipIf(chromiumSkipReason !== null)(`saved views${chromiumSkipReason ? ` — SKIPPED: ${chromiumSkipReason}` : ''}`, () => {
  const suite = useAppSuite();

  it('saves a filter as a view, says when it hides new payments, and switches with Alt+digits', async () => {
    const { page, rig, errors } = await suite.open();
    const now = Date.now();
    const done = rig.world.addCard2Crypto({ amount: 4900, createdAt: now - 5 * MIN, outcome: { complete: now - 4 * MIN } });
    const waiting = rig.world.addCard2Crypto({ amount: 2500, outcome: 'pending' });
    await page.getByLabel('Text with payment IDs').fill(`${done} ${waiting}`);
    await page.getByRole('button', { name: 'Add 2 payments' }).click();
    await waitForAllChecked(page);

    await page.getByLabel('Status').selectOption('final');
    await page.waitForFunction(rowCount, 1);
    const picker = page.locator('.views-bar select');
    await picker.selectOption({ label: 'Save this view…' });
    await page.getByLabel('View name').fill('Paid');
    await page.getByRole('form', { name: 'Save view' }).getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => picker.inputValue()).toBe('Paid');
    expect(await picker.locator('option').allTextContents()).toEqual(['No saved view', 'Paid · Alt+1', 'Save this view…', 'Delete “Paid”']);

    // A new payment the view hides: said, with one click to see it.
    const fresh = rig.world.addCard2Crypto({ amount: 1200, outcome: 'pending' });
    await page.getByLabel('Text with payment IDs').fill(fresh);
    await page.getByRole('button', { name: 'Add 1 payment' }).click();
    const notice = page.getByTestId('hidden-notice');
    await notice.waitFor();
    expect(await notice.textContent()).toContain('Filter active — 1 new payment not shown.');
    await page.mouse.move(0, 0);
    await screenshot(page, 'saved-view-hidden.png');
    await notice.getByRole('button', { name: 'Show all payments' }).click();
    await page.waitForFunction(rowCount, 3);
    await waitForRow(page, fresh, 'pending');
    expect(await picker.inputValue()).toBe('');
    expect(await notice.count()).toBe(0);

    // Alt+1: the view again; Alt+0: everything. Remembered in main for the next start.
    await page.getByRole('heading', { name: 'Paymon' }).click();
    await page.keyboard.press('Alt+1');
    await page.waitForFunction(rowCount, 1);
    expect(await picker.inputValue()).toBe('Paid');
    const saved = (await rig.service.invoke('app:snapshot', undefined)) as { ok: true; value: { views: { current: string | null } } };
    expect(saved.value.views.current).toBe('Paid');
    // Changing the filter under a view says so.
    await page.getByLabel('Provider').selectOption('paycrypt');
    await expect.poll(() => picker.locator('option').allTextContents()).toContain('Paid (changed) · Alt+1');
    expect(await picker.locator('option').allTextContents()).toContain('Save as a new view…');
    await page.keyboard.press('Alt+0');
    await page.waitForFunction(rowCount, 3);
    expect(await picker.inputValue()).toBe('');
    expect(await page.getByLabel('Provider').inputValue()).toBe('all');

    await picker.selectOption('Paid');
    await picker.selectOption({ label: 'Delete “Paid”' });
    await expect.poll(() => picker.locator('option').allTextContents()).toEqual(['No saved view', 'Save this view…']);
    expect(errors).toEqual([]);
  }, 60_000);
});
