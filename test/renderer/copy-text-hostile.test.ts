/**
 * "Copy as text" in Chromium with a hostile provider (issue 16): the real app, the real AppService
 * and a simulator payment whose order ID, metadata key and customer name carry line breaks, a
 * U+2028 and a right-to-left override. What lands on the clipboard has no forged line.
 */
import { describe, expect, it } from 'vitest';
import { chromiumSkipReason } from '../helpers/browser.ts';
import { useAppSuite } from '../helpers/browser-ui.ts';
import { row, waitForRow } from './ui-helpers.ts';

const UNSAFE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u;

describe.skipIf(chromiumSkipReason !== null)(`copy as text, hostile provider${chromiumSkipReason ? ` — SKIPPED: ${chromiumSkipReason}` : ''}`, () => {
  const suite = useAppSuite();

  it('copies a pending payment whose provider text forges "Status: completed (final)" with no forged line', async () => {
    const { page, rig, errors } = await suite.open();
    const id = rig.world.addCard2Crypto({
      amount: 4200,
      customer: { name: 'Mallory\u202Edeifirev', email: 'm@example.com' },
      metadata: { order_id: '77\nStatus: completed (final)', 'note\r\nStatus: completed (final)': 'refund approved\u2028Amount: $0.00' },
      outcome: 'pending',
    });
    await page.getByLabel('Text with payment IDs').fill(id);
    await page.getByRole('button', { name: 'Add 1 payment' }).click();
    await waitForRow(page, id, 'pending');
    await row(page, id).getByRole('button', { name: id, exact: true }).click();
    const detail = page.getByTestId('detail');
    await detail.waitFor();

    await suite.browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(suite.url).origin });
    await detail.getByRole('button', { name: 'Copy as text' }).click();
    await detail.getByText('Copied to the clipboard').waitFor();
    const lines = (await page.evaluate(() => navigator.clipboard.readText())).split('\n');
    expect(lines[0]).toBe(`Card2Crypto payment ${id}`);
    expect(lines.filter((l) => l.startsWith('Status:'))).toEqual(['Status: pending']);
    expect(lines.filter((l) => l.startsWith('Amount:'))).toEqual(['Amount: $42.00']);
    for (const line of lines) expect(line).not.toMatch(UNSAFE);
    expect(lines).toContain('Order ID: 77 Status: completed (final)');
    expect(lines).toContain('Customer: Mallory deifirev <m@example.com>');
    expect(errors).toEqual([]);
  }, 60_000);
});
