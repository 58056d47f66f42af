/**
 * The keyboard in Chromium against the real AppService: Ctrl+F focuses the search, arrows move
 * the cursor (focus) in the grid and Shift+arrows select, Enter opens the detail (Escape comes
 * back), Delete removes with an undo, Ctrl+R checks the selection now instead of reloading the page.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { chromiumSkipReason, screenshot } from '../helpers/browser.ts';
import { useAppSuite } from '../helpers/browser-ui.ts';
import { columnTexts, row, waitForRow } from './ui-helpers.ts';

/** The Payment ID of the row that has keyboard focus (the grid's roving tabindex). */
function cursorId(page: Page): Promise<string | null> {
  return page.evaluate(() => {
    const row = document.activeElement?.closest('#watch-grid [role="row"]');
    return row?.querySelector('.col-paymentId')?.textContent ?? null;
  });
}

describe.skipIf(chromiumSkipReason !== null)(`keyboard${chromiumSkipReason ? ` — SKIPPED: ${chromiumSkipReason}` : ''}`, () => {
  const suite = useAppSuite();

  it('drives the watchlist from the keyboard', async () => {
    const { page, rig, errors } = await suite.open();
    const ids = ['Ada', 'Alan', 'Grace', 'Ken'].map((name, i) => rig.world.addCard2Crypto({ amount: (i + 1) * 1000, customer: { name }, outcome: 'pending' }));
    await page.getByLabel('Text with payment IDs').fill(ids.join('\n'));
    await page.getByRole('button', { name: 'Add 4 payments' }).click();
    for (const id of ids) await waitForRow(page, id, 'pending');
    await page.evaluate(() => ((window as unknown as { __notReloaded: boolean }).__notReloaded = true));

    // Ctrl+F focuses the search box, from anywhere.
    await page.locator('body').click({ position: { x: 5, y: 300 } });
    await page.keyboard.press('Control+f');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('watch-search');

    // Into the grid (one Tab from the search box's row of controls): arrows move the cursor in
    // view order without selecting; Shift+arrows select; Space toggles.
    const order = await columnTexts(page, 'paymentId');
    await row(page, order[0]!).focus();
    expect(await cursorId(page)).toBe(order[0]);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowUp');
    expect(await cursorId(page)).toBe(order[1]);
    expect(await row(page, order[1]!).getAttribute('aria-selected')).toBe('false');
    await page.keyboard.press('Shift+ArrowDown');
    expect(await page.getByRole('group', { name: 'Selected payments' }).textContent()).toContain('2 selected');
    await page.keyboard.press('ArrowUp');
    expect(await page.getByRole('group', { name: 'Selected payments' }).textContent()).toContain('2 selected');
    await page.keyboard.press('Space');
    expect(await page.getByRole('group', { name: 'Selected payments' }).textContent()).toContain('1 selected');
    expect(await row(page, order[1]!).getAttribute('aria-selected')).toBe('false');
    expect(await row(page, order[2]!).getAttribute('aria-selected')).toBe('true');
    await page.keyboard.press('Space');
    expect(await row(page, order[1]!).getAttribute('aria-selected')).toBe('true');
    await page.mouse.move(0, 0);
    await screenshot(page, 'keyboard-cursor.png');

    // Enter opens the detail; Escape closes it and returns to the grid.
    await page.keyboard.press('Enter');
    const detail = page.getByTestId('detail');
    await detail.waitFor();
    expect(await detail.getByRole('heading', { level: 2 }).textContent()).toBe(order[1]);
    await page.keyboard.press('Escape');
    await detail.waitFor({ state: 'detached' });
    expect(await cursorId(page)).toBe(order[1]);
    // Clear the selection so the next steps act on the cursor row alone.
    await page.getByRole('group', { name: 'Selected payments' }).getByRole('button', { name: 'Clear' }).click();
    await row(page, order[1]!).focus();

    // Ctrl+R checks the cursor row now; the page is not reloaded.
    await page.keyboard.press('Control+r');
    await page.getByText('Checking 1 payment now.').waitFor();
    expect(await page.evaluate(() => (window as unknown as { __notReloaded?: boolean }).__notReloaded)).toBe(true);

    // Delete removes the cursor row, with an undo; the cursor moves on to the next row.
    await page.keyboard.press('Delete');
    const undo = page.getByTestId('toast-undo');
    await undo.waitFor();
    await row(page, order[1]!).waitFor({ state: 'detached' });
    expect(await page.getByTestId('count-total').textContent()).toBe('3');
    await expect.poll(() => cursorId(page)).toBe(order[2]);
    await undo.getByRole('button', { name: 'Undo' }).click();
    await waitForRow(page, order[1]!, 'pending');
    expect(await page.getByTestId('count-total').textContent()).toBe('4');

    // Home / End and Ctrl+A.
    await row(page, order[0]!).focus();
    await page.keyboard.press('End');
    expect(await cursorId(page)).toBe((await columnTexts(page, 'paymentId')).at(-1));
    await page.keyboard.press('Control+a');
    expect(await page.getByRole('group', { name: 'Selected payments' }).textContent()).toContain('4 selected');
    expect(errors).toEqual([]);
  });
});
