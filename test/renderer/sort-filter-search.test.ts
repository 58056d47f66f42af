/** Sorting, filtering and search in Chromium over rows the real AppService resolved from the simulator. */
import { describe, expect, it } from 'vitest';
import { chromiumSkipReason } from '../helpers/browser.ts';
import { useAppSuite } from '../helpers/browser-ui.ts';
import { columnTexts, waitForAllChecked } from './ui-helpers.ts';

const MIN = 60_000;

/** "$1,234.50" -> 1234.5 */
function dollars(text: string): number {
  return Number(text.replace(/[^0-9.]/g, ''));
}

describe.skipIf(chromiumSkipReason !== null)(`sort, filter and search${chromiumSkipReason ? ` — SKIPPED: ${chromiumSkipReason}` : ''}`, () => {
  const suite = useAppSuite();

  it('sorts on header clicks (aria-sort), filters by status and provider, and searches IDs, customers and metadata', async () => {
    const { page, rig, errors } = await suite.open();
    const now = Date.now();
    const w = rig.world;
    const c2cDone = w.addCard2Crypto({ amount: 30_000, customer: { name: 'Ada Lovelace', email: 'ada@example.com' }, metadata: { sku: 'GIFT-CARD-77' }, createdAt: now - 30 * MIN, outcome: { complete: now - 29 * MIN } });
    const c2cPending = w.addCard2Crypto({ amount: 500, customer: { name: 'Alan Turing', email: 'alan@example.com' }, createdAt: now - 3 * MIN, outcome: 'pending' });
    const c2cFailed = w.addCard2Crypto({ amount: 12_000, customer: { name: 'Grace Hopper', email: 'grace@example.com' }, createdAt: now - 12 * MIN, outcome: { fail: now - 11 * MIN } });
    const pcPending = w.addPayCrypt({ amount: 75, orderId: 'ORD-5150', customerEmail: 'katherine@example.com', createdAt: now - 2 * MIN, outcome: 'pending' });
    const pcExpired = w.addPayCrypt({ amount: 8, customerEmail: 'ken@example.com', createdAt: now - 40 * MIN, expiresAt: now - 10 * MIN, outcome: 'expire' });
    const all = [c2cDone, c2cPending, c2cFailed, pcPending, pcExpired];
    await page.getByLabel('Text with payment IDs').fill(all.join(', '));
    await page.getByRole('button', { name: 'Add 5 payments' }).click();
    await waitForAllChecked(page);
    await page.waitForFunction(() => document.querySelectorAll('.tbody [role="row"]').length === 5);

    // Sort by amount: ascending, then descending; the header says so with aria-sort.
    const amountHeader = page.getByRole('columnheader', { name: 'Amount' });
    expect(await amountHeader.getAttribute('aria-sort')).toBe('none');
    await amountHeader.getByRole('button').click();
    const first = await amountHeader.getAttribute('aria-sort');
    expect(['ascending', 'descending']).toContain(first);
    let amounts = (await columnTexts(page, 'amount')).map(dollars);
    const asc = [...amounts].sort((a, b) => a - b);
    expect(amounts).toEqual(first === 'ascending' ? asc : [...asc].reverse());
    await amountHeader.getByRole('button').click();
    expect(await amountHeader.getAttribute('aria-sort')).toBe(first === 'ascending' ? 'descending' : 'ascending');
    amounts = (await columnTexts(page, 'amount')).map(dollars);
    expect(amounts).toEqual(first === 'ascending' ? [...asc].reverse() : asc);
    expect(amounts).toEqual(expect.arrayContaining([300, 5, 120, 75, 8]));

    // Sort by customer, then check another column's aria-sort was cleared.
    await page.getByRole('columnheader', { name: 'Customer' }).getByRole('button').click();
    expect(await amountHeader.getAttribute('aria-sort')).toBe('none');
    const customers = (await columnTexts(page, 'customer')).map((t) => t.toLowerCase());
    const sorted = [...customers].sort();
    expect(customers.join('|') === sorted.join('|') || customers.join('|') === [...sorted].reverse().join('|')).toBe(true);

    // Filters.
    const ids = () => columnTexts(page, 'paymentId');
    await page.getByLabel('Provider').selectOption('paycrypt');
    await page.waitForFunction(() => document.querySelectorAll('.tbody [role="row"]').length === 2);
    expect((await ids()).every((t) => !t.startsWith('pay_'))).toBe(true);
    expect(await page.getByText('2 of 5 shown').count()).toBe(1);
    await page.getByLabel('Status').selectOption('final');
    await page.waitForFunction(() => document.querySelectorAll('.tbody [role="row"]').length === 1);
    expect((await columnTexts(page, 'status'))[0]).toContain('expired');
    await page.getByLabel('Provider').selectOption('all');
    await page.getByLabel('Status').selectOption('pending');
    await page.waitForFunction(() => document.querySelectorAll('.tbody [role="row"]').length === 2);
    expect((await columnTexts(page, 'status')).every((t) => t.includes('pending'))).toBe(true);
    await page.getByLabel('Status').selectOption('status:failed');
    await page.waitForFunction(() => document.querySelectorAll('.tbody [role="row"]').length === 1);
    expect((await ids())[0]).toBe(c2cFailed);
    await page.getByLabel('Status').selectOption('all');

    // Search: a metadata value, a customer email, an order ID, part of a payment ID.
    const search = page.getByRole('searchbox', { name: 'Search payments' });
    const expectOnly = async (query: string, id: string) => {
      await search.fill(query);
      await page.waitForFunction(() => document.querySelectorAll('.tbody [role="row"]').length === 1);
      expect(await ids()).toEqual([id]);
    };
    await expectOnly('gift-card-77', c2cDone);
    await expectOnly('katherine@', pcPending);
    await expectOnly('ORD-5150', pcPending);
    await expectOnly(c2cPending.slice(4, 12), c2cPending);
    await expectOnly('grace hopper', c2cFailed);
    await search.fill('no such thing');
    await page.getByText('No payments match the filters or search.').waitFor();
    await search.fill('');
    await page.waitForFunction(() => document.querySelectorAll('.tbody [role="row"]').length === 5);
    expect(errors).toEqual([]);
  });
});
