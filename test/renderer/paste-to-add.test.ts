/**
 * Paste to add, in Chromium against the real AppService and the simulator over HTTP: a ticket,
 * a checkout URL and a spreadsheet column go in, a preview shows what was found, and the rows
 * resolve with status and amount. Ctrl+V on the watchlist fills the same box.
 */
import { describe, expect, it } from 'vitest';
import { chromiumSkipReason, screenshot } from '../helpers/browser.ts';
import { useAppSuite } from '../helpers/browser-ui.ts';
import { row, waitForAllChecked, waitForRow } from './ui-helpers.ts';

const MIN = 60_000;

describe.skipIf(chromiumSkipReason !== null)(`paste to add${chromiumSkipReason ? ` — SKIPPED: ${chromiumSkipReason}` : ''}`, () => {
  const suite = useAppSuite();

  it('previews IDs from a ticket, a checkout URL and a spreadsheet column, adds them, and shows them resolved', async () => {
    const { page, rig, errors } = await suite.open();
    const now = Date.now();
    const w = rig.world;
    const done = w.addCard2Crypto({ amount: 4900, customer: { name: 'Ada Lovelace', email: 'ada@example.com' }, metadata: { order_id: '1042', product: 'Annual Pro' }, createdAt: now - 20 * MIN, outcome: { complete: now - 19 * MIN } });
    const failed = w.addCard2Crypto({ amount: 1999, customer: { name: 'Alan Turing', email: 'alan@example.com' }, createdAt: now - 9 * MIN, outcome: { fail: now - 8 * MIN } });
    const pending = w.addCard2Crypto({ amount: 2500, customer: { name: 'Grace Hopper', email: 'grace@example.com' }, createdAt: now - 2 * MIN, outcome: 'pending' });
    const deposit = w.addPayCrypt({ amount: 120.5, customerEmail: 'kj@example.com', network: 'tron', createdAt: now - 10 * MIN, outcome: { depositAt: now - 9 * MIN, amountReceived: 120.5, requiredConfirmations: 19, blockSeconds: 3 } });
    const waiting = w.addPayCrypt({ amount: 99.99, customerEmail: 'mh@example.com', createdAt: now - 1 * MIN, outcome: 'pending' });
    const byOrder = w.addPayCrypt({ amount: 10, orderId: 'ORD-7001', customerEmail: 'bl@example.com', createdAt: now - 5 * MIN, outcome: 'expire', expiresAt: now - 1 * MIN });

    const text = [
      `Ticket #4411: customer says ${failed} was charged twice, please check! Also see ${deposit}.`,
      `Checkout link: https://card2crypto.cc/checkout/${pending}?utm=mail`,
      'payment_id',
      done,
      waiting,
      done,
      'pay_b@d',
      'Customer mentions order ORD-7001 too.',
    ].join('\n');

    const box = page.getByLabel('Text with payment IDs');
    await box.fill(text);
    // An order ID in the text is offered as an order lookup (issue 17); taking it fills the order field.
    await page.getByTestId('order-like').getByText('ORD-7001').waitFor();
    await page.getByRole('button', { name: 'Look up as PayCrypt order ID' }).click();
    expect(await page.getByLabel('PayCrypt order IDs').inputValue()).toBe('ORD-7001');
    await page.getByLabel('PayCrypt order IDs').fill('ORD-7001, bad#order');
    const preview = page.getByRole('region', { name: 'Paste preview' });
    await preview.getByText('Found 6 payments').waitFor();
    const summary = await preview.locator('.preview-summary').textContent();
    expect(summary).toContain('3 Card2Crypto, 3 PayCrypt');
    expect(await preview.locator('.preview-refs li').count()).toBe(6);
    expect(await preview.getByText('Repeated in the text').locator('..').textContent()).toContain(done);
    const skipped = await preview.getByText('Not valid, will be skipped').locator('..').textContent();
    expect(skipped).toContain('pay_b@d');
    expect(skipped).toContain('bad#order');
    await screenshot(page, 'paste-preview.png');

    await page.getByRole('button', { name: 'Add 6 payments' }).click();
    const report = page.getByRole('status', { name: 'Add result' });
    await report.waitFor();
    expect(await report.getByTestId('report-added').textContent()).toBe('6 added');
    expect(await report.getByTestId('report-duplicates').textContent()).toContain('1 duplicate');
    const invalid = await report.getByTestId('report-invalid').textContent();
    expect(invalid).toContain('pay_b@d');
    expect(invalid).toContain('bad#order');
    expect(await box.inputValue()).toBe('');

    await waitForRow(page, done, 'completed');
    await waitForRow(page, failed, 'failed');
    await waitForRow(page, pending, 'pending');
    await waitForRow(page, waiting, 'pending');
    await waitForRow(page, byOrder, 'expired');
    await waitForRow(page, deposit, 'confirmed');
    await waitForAllChecked(page);
    expect(await row(page, done).textContent()).toContain('$49.00');
    expect(await row(page, done).textContent()).toContain('Ada Lovelace');
    expect(await row(page, deposit).textContent()).toContain('$120.50');
    // Final versus pending is said in words, not only in colour.
    expect(await row(page, done).locator('.badge').textContent()).toContain('final');
    expect(await row(page, pending).locator('.badge').textContent()).not.toContain('final');
    expect(await page.getByTestId('count-total').textContent()).toBe('6');
    expect(await page.getByTestId('count-final').textContent()).toBe('4');
    await page.mouse.move(0, 0);
    await screenshot(page, 'watchlist.png');

    // Adding the same text again reports them as already watched, not silently.
    await box.fill(`${done} ${pending}`);
    // Both are watched already: the button offers to check them again, not to add 2 payments (issue 17).
    expect(await page.getByRole('button', { name: 'Add 2 payments' }).count()).toBe(0);
    await page.getByRole('button', { name: 'Check 2 payments again' }).click();
    await report.getByTestId('report-existing').waitFor();
    expect(await report.getByTestId('report-added').textContent()).toBe('0 added');
    expect(await report.getByTestId('report-existing').textContent()).toContain('2 already watched');
    expect(errors).toEqual([]);
  });

  it('holds a cut-short ID like pay_12 back until "Add it anyway", and says so', async () => {
    const { page, rig, errors } = await suite.open();
    const real = rig.world.addCard2Crypto({ amount: 1500, customer: { name: 'Ken Thompson' }, outcome: 'pending' });
    const box = page.getByLabel('Text with payment IDs');
    await box.fill(`Customer sent pay_zz9 and ${real}`);
    const preview = page.getByRole('region', { name: 'Paste preview' });
    await preview.getByText('Found 1 payment').waitFor();
    const note = await preview.getByTestId('unusual-ids').textContent();
    expect(note).toContain('pay_zz9');
    expect(note).toContain('like pay_abc123');
    await screenshot(page, 'paste-unusual.png');
    expect(await preview.locator('.preview-refs li').count()).toBe(1);
    await page.getByRole('button', { name: 'Add 1 payment' }).click();
    const report = page.getByRole('status', { name: 'Add result' });
    expect(await report.getByTestId('report-held').textContent()).toContain('pay_zz9');
    await waitForRow(page, real, 'pending');
    expect(await page.getByTestId('count-total').textContent()).toBe('1');

    // Said on purpose, it is added (and the provider's answer tells the rest).
    await box.fill('pay_zz9');
    await preview.getByText('No payment IDs to add yet.').waitFor();
    expect(await page.getByRole('button', { name: 'Add', exact: true }).isDisabled()).toBe(true);
    await preview.getByRole('button', { name: 'Add it anyway' }).click();
    await page.getByRole('button', { name: 'Add 1 payment' }).click();
    await waitForRow(page, 'pay_zz9', 'not found');
    expect(await page.getByTestId('count-total').textContent()).toBe('2');
    expect(errors).toEqual([]);
  });

  it('takes Ctrl+V anywhere on the watchlist into the paste box', async () => {
    const { page, rig, errors } = await suite.open();
    const id = rig.world.addCard2Crypto({ amount: 1500, customer: { name: 'Ken Thompson' }, outcome: 'pending' });
    await suite.browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: suite.url });
    await page.evaluate((t) => navigator.clipboard.writeText(t), `Refund request for ${id}, thanks`);
    // Focus is on the page, not in a text field.
    await page.getByRole('heading', { name: 'Paymon' }).click();
    await page.keyboard.press('Control+V');
    await page.getByRole('region', { name: 'Paste preview' }).getByText('Found 1 payment').waitFor();
    expect(await page.getByLabel('Text with payment IDs').inputValue()).toContain(id);
    // The Add button has focus: Enter adds.
    await page.keyboard.press('Enter');
    await waitForRow(page, id, 'pending');

    // In a text field, Ctrl+V is the field's own paste, not the watchlist's.
    await page.getByRole('searchbox').focus();
    await page.keyboard.press('Control+V');
    expect(await page.getByRole('searchbox').inputValue()).toContain(id);
    expect(await page.getByLabel('Text with payment IDs').inputValue()).toBe('');
    expect(errors).toEqual([]);
  });
});
