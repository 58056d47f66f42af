/**
 * Notes and tags (issue 13) in Chromium against the real AppService: written in the detail pane,
 * saved to the store, found by search, and part of "Copy as text".
 */
import { describe, expect, it } from 'vitest';
import { chromiumSkipReason, screenshot } from '../helpers/browser.ts';
import { useAppSuite } from '../helpers/browser-ui.ts';
import { row, waitForRow } from './ui-helpers.ts';

describe.skipIf(chromiumSkipReason !== null)(`notes and tags${chromiumSkipReason ? ` — SKIPPED: ${chromiumSkipReason}` : ''}`, () => {
  const suite = useAppSuite();

  it('saves a note and tags from the detail pane, finds the payment by them, and copies them with it', async () => {
    const { page, rig, errors } = await suite.open();
    const noted = rig.world.addCard2Crypto({ amount: 4900, customer: { name: 'Ada Lovelace' }, outcome: 'pending' });
    const other = rig.world.addCard2Crypto({ amount: 100, outcome: 'pending' });
    await page.getByLabel('Text with payment IDs').fill(`${noted} ${other}`);
    await page.getByRole('button', { name: 'Add 2 payments' }).click();
    await waitForRow(page, noted, 'pending');
    await waitForRow(page, other, 'pending');

    await row(page, noted).getByRole('button', { name: noted, exact: true }).click();
    const section = page.getByTestId('note-section');
    await section.getByLabel('Note').fill('Customer called twice.\nRefund if asked.');
    await section.getByRole('textbox', { name: /^Tags/ }).fill('VIP, refund asked, vip');
    await section.getByRole('button', { name: 'Save note' }).click();
    await section.getByRole('status').getByText('Saved').waitFor();
    expect(await section.getByRole('textbox', { name: /^Tags/ }).inputValue()).toBe('VIP, refund asked');
    expect(await section.getByRole('list', { name: 'Tags' }).locator('li').allTextContents()).toEqual(['VIP', 'refund asked']);
    const stored = rig.store.getWatch(`card2crypto:payment:${noted}`);
    expect(stored).toMatchObject({ note: 'Customer called twice.\nRefund if asked.', tags: ['VIP', 'refund asked'] });
    await page.mouse.move(0, 0);
    await screenshot(page, 'note.png');

    // Search reads notes and tags.
    await page.getByRole('searchbox').fill('refund asked');
    await page.waitForFunction(() => document.querySelectorAll('.tbody [role="row"]').length === 1);
    expect(await row(page, noted).count()).toBe(1);
    await page.getByRole('searchbox').fill('called twice');
    await page.waitForFunction(() => document.querySelectorAll('.tbody [role="row"]').length === 1);
    await page.getByRole('searchbox').fill('');

    await suite.browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(suite.url).origin });
    const detail = page.getByTestId('detail');
    await detail.getByRole('button', { name: 'Copy as text' }).click();
    await detail.getByText('Copied to the clipboard').waitFor();
    const text = await page.evaluate(() => navigator.clipboard.readText());
    expect(text).toContain('Tags: VIP, refund asked');
    expect(text).toContain('Note:\n  Customer called twice.\n  Refund if asked.');
    expect(errors).toEqual([]);
  }, 60_000);
});
