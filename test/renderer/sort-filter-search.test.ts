/** Sorting, filtering and search in Chromium over rows the real AppService resolved from the simulator. */
import { describe, expect, it } from 'vitest';
import { chromiumSkipReason } from '../helpers/browser.ts';
import { useAppSuite } from '../helpers/browser-ui.ts';
import { columnTexts, waitForAllChecked } from './ui-helpers.ts';

const MIN = 60_000;
const NO_ENV_KEYS = { CARD2CRYPTO_API_KEY: '', PAYCRYPT_API_KEY: '' };

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
  it('shows which shop (account) each payment belongs to, and filters by it', async () => {
    // Keychain accounts (an environment key would be the only one used).
    const { page, rig, errors } = await suite.open({ env: NO_ENV_KEYS });
    const shopKey = 'c2c_live_shopb0123456789abcdef';
    rig.world.addKey('card2crypto', shopKey);
    expect(await rig.service.invoke('keys:set', { provider: 'card2crypto', account: 'default', key: rig.sim.keys.card2crypto })).toMatchObject({ ok: true });
    expect(await rig.service.invoke('keys:set', { provider: 'card2crypto', account: 'shop-b', key: shopKey })).toMatchObject({ ok: true });
    const mine = rig.world.addCard2Crypto({ amount: 1000, customer: { name: 'Ada' }, outcome: 'pending' });
    const theirs = rig.world.addCard2Crypto({ amount: 2000, customer: { name: 'Alan' }, outcome: 'pending', key: shopKey });
    await page.getByLabel('Text with payment IDs').fill(`${mine} ${theirs}`);
    await page.getByRole('button', { name: 'Add 2 payments' }).click();
    await waitForAllChecked(page);
    await page.waitForFunction(() => document.querySelectorAll('.tbody [role="row"]').length === 2);
    const accountOf = async (id: string) => (await page.locator('.tbody [role="row"]', { hasText: id }).locator('.col-account').textContent())?.trim();
    await expect.poll(() => accountOf(theirs)).toBe('shop-b');
    expect(await accountOf(mine)).toBe('default');

    const filter = page.getByLabel('Account');
    await filter.selectOption('shop-b');
    await page.waitForFunction(() => document.querySelectorAll('.tbody [role="row"]').length === 1);
    expect(await columnTexts(page, 'paymentId')).toEqual([theirs]);
    expect(await page.getByText('1 of 2 shown').count()).toBe(1);
    await filter.selectOption('all');
    await page.waitForFunction(() => document.querySelectorAll('.tbody [role="row"]').length === 2);
    expect(errors).toEqual([]);
  });
});
