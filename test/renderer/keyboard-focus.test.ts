/**
 * Keyboard users keep their work (issue 17), in Chromium against the real AppService: the grid is
 * one Tab stop (roving tabindex), ArrowUp from the first row reaches the sort buttons; Escape closes
 * the detail from anywhere inside it and focus returns to the row; Remove in the detail puts focus on
 * the next row, where arrows and Delete go on working; Ctrl/Cmd+Z undoes the last removal from
 * anywhere but a text field, with an announcement; the undo toast stays while hovered; removing more
 * than ten asks first.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { chromiumSkipReason } from '../helpers/browser.ts';
import { useAppSuite, type AppSession } from '../helpers/browser-ui.ts';
import { columnTexts, row, waitForRow } from './ui-helpers.ts';

/** The Payment ID of the focused row, or null when focus is not on a row. */
function focusedRowId(page: Page): Promise<string | null> {
  return page.evaluate(() => document.activeElement?.closest('#watch-grid [role="row"]')?.querySelector('.col-paymentId')?.textContent ?? null);
}

/** Adds `n` pending payments and waits for them; returns their IDs in view order. */
async function watch(session: AppSession, n: number): Promise<string[]> {
  const { page, rig } = session;
  const ids = Array.from({ length: n }, (_, i) => rig.world.addCard2Crypto({ amount: (i + 1) * 100, customer: { name: `Customer ${i}` }, outcome: 'pending' }));
  await page.getByLabel('Text with payment IDs').fill(ids.join('\n'));
  await page.getByRole('button', { name: `Add ${n} payment${n === 1 ? '' : 's'}` }).click();
  for (const id of ids) await waitForRow(page, id, 'pending');
  return columnTexts(page, 'paymentId');
}

describe.skipIf(chromiumSkipReason !== null)(`keyboard focus${chromiumSkipReason ? ` — SKIPPED: ${chromiumSkipReason}` : ''}`, () => {
  const suite = useAppSuite();

  it('makes the grid one Tab stop with arrows inside, headers included', async () => {
    const session = await suite.open();
    const { page, errors } = session;
    const order = await watch(session, 6);
    // From the last control before the grid, one Tab lands on a row and the next one leaves the grid.
    await page.locator('.toolbar summary').focus();
    await page.keyboard.press('Tab');
    expect(await focusedRowId(page)).toBe(order[0]);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.getElementById('watch-grid')!.contains(document.activeElement))).toBe(false);
    await page.keyboard.press('Shift+Tab');
    expect(await focusedRowId(page)).toBe(order[0]);
    expect(await page.locator('#watch-grid [tabindex="0"]').count()).toBe(1);

    // Arrows move focus and nothing gets selected; the row that has it is the one Tab stop.
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    expect(await focusedRowId(page)).toBe(order[2]);
    expect(await page.locator('#watch-grid [aria-selected="true"]').count()).toBe(0);
    expect(await row(page, order[2]!).getAttribute('tabindex')).toBe('0');
    expect(await page.locator('#watch-grid').getAttribute('aria-rowcount')).toBe('7');

    // ArrowUp from the first row reaches the sort buttons; Enter sorts; ArrowDown comes back.
    await page.keyboard.press('Home');
    await page.keyboard.press('ArrowUp');
    expect(await page.evaluate(() => document.activeElement?.closest('[role="columnheader"]')?.className)).toContain('col-provider');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    expect(await page.evaluate(() => document.activeElement?.closest('[role="columnheader"]')?.className)).toContain('col-amount');
    await page.keyboard.press('Enter');
    expect(await page.locator('.th.col-amount').getAttribute('aria-sort')).not.toBe('none');
    // ArrowDown goes back to the cursor row, wherever the sort put it.
    await page.keyboard.press('ArrowDown');
    expect(await focusedRowId(page)).toBe(order[0]);
    expect(errors).toEqual([]);
  });

  it('closes the detail with Escape from anywhere in it, and Remove there moves focus to the next row', async () => {
    const session = await suite.open();
    const { page, errors } = session;
    const order = await watch(session, 4);
    await row(page, order[1]!).focus();
    await page.keyboard.press('Enter');
    const detail = page.getByTestId('detail');
    await detail.waitFor();
    // Focus went into the pane; a click on plain text keeps it there, so Escape still closes it.
    expect(await page.evaluate(() => document.querySelector('[data-testid="detail"]')!.contains(document.activeElement))).toBe(true);
    await detail.locator('dt').first().click();
    await page.keyboard.press('Escape');
    await detail.waitFor({ state: 'detached' });
    expect(await focusedRowId(page)).toBe(order[1]);

    // Remove in the pane: focus lands on the next row, and the grid's keys work from there.
    await page.keyboard.press('Enter');
    await detail.waitFor();
    await detail.getByRole('button', { name: 'Remove' }).click();
    await row(page, order[1]!).waitFor({ state: 'detached' });
    await expect.poll(() => focusedRowId(page)).toBe(order[2]);
    await page.keyboard.press('ArrowDown');
    expect(await focusedRowId(page)).toBe(order[3]);
    await page.keyboard.press('Delete');
    await row(page, order[3]!).waitFor({ state: 'detached' });
    await expect.poll(() => focusedRowId(page)).toBe(order[2]);
    expect(errors).toEqual([]);
  });

  it('undoes the last removal with Ctrl+Z from anywhere but a text field, and keeps the undo while hovered', async () => {
    const session = await suite.open();
    const { page, errors } = session;
    const order = await watch(session, 3);
    await row(page, order[0]!).focus();
    await page.keyboard.press('Delete');
    await row(page, order[0]!).waitFor({ state: 'detached' });
    const undo = page.getByTestId('toast-undo');
    expect(await undo.textContent()).toContain('Ctrl+Z');

    // In a text field Ctrl+Z is the field's own undo: the payment stays removed.
    await page.getByLabel('Search payments').fill('x');
    await page.getByLabel('Search payments').press('Control+z');
    await page.waitForTimeout(300);
    expect(await undo.count()).toBe(1);
    await page.getByLabel('Search payments').fill('');

    // Elsewhere (here: the page body) it restores the payment and says so in the live region.
    await page.locator('.app-header').click({ position: { x: 300, y: 5 } });
    await page.keyboard.press('Control+z');
    await waitForRow(page, order[0]!, 'pending');
    await page.locator('.toasts[aria-live="polite"]').getByText('Restored 1 payment.').waitFor();
    expect(await undo.count()).toBe(0);

    // The undo toast outlasts its time while the pointer is on it.
    await page.clock.install();
    await row(page, order[1]!).focus();
    await page.keyboard.press('Delete');
    await undo.waitFor();
    await undo.hover();
    await page.clock.runFor(40_000);
    expect(await undo.count()).toBe(1);
    await page.mouse.move(0, 0);
    await page.clock.runFor(31_000);
    await undo.waitFor({ state: 'detached' });
    expect(errors).toEqual([]);
  });

  it('asks before removing more than ten payments at once', async () => {
    const session = await suite.open();
    const { page, errors } = session;
    const order = await watch(session, 12);
    await row(page, order[0]!).focus();
    await page.keyboard.press('Control+a');
    await page.keyboard.press('Delete');
    const dialog = page.getByTestId('confirm');
    await dialog.waitFor();
    expect(await dialog.getByRole('heading').textContent()).toBe('Remove 12 payments?');
    // The safe choice has focus; Escape cancels, nothing is removed and focus is back on the grid.
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Cancel');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(await page.getByTestId('count-total').textContent()).toBe('12');
    expect(await focusedRowId(page)).toBe(order[0]);
    // The selection bar's Remove asks too; confirming removes all twelve.
    await page.getByRole('group', { name: 'Selected payments' }).getByRole('button', { name: 'Remove' }).click();
    await dialog.getByRole('button', { name: 'Remove 12' }).click();
    await page.getByText('Removed 12 payments').waitFor();
    expect(await page.getByTestId('count-total').textContent()).toBe('0');
    expect(errors).toEqual([]);
  });
});
