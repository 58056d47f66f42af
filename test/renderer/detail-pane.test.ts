/**
 * The detail pane in Chromium against the real AppService and the simulator: a PayCrypt deposit
 * that confirms (provider events and the changes Paymon saw, in time order), the explorer link,
 * an underpayment spelled out, the expiry countdown, Card2Crypto's checkout link, "Copy as text"
 * and muting one payment.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { chromiumSkipReason, screenshot } from '../helpers/browser.ts';
import { useAppSuite } from '../helpers/browser-ui.ts';
import { row, waitForRow } from './ui-helpers.ts';

const S = 1000;
const MIN = 60 * S;

/** Adds IDs through the paste box and waits for each row to show `status`. */
async function add(page: Page, ids: string[], status: string): Promise<void> {
  await page.getByLabel('Text with payment IDs').fill(ids.join('\n'));
  await page.getByRole('button', { name: `Add ${ids.length} payment${ids.length === 1 ? '' : 's'}` }).click();
  for (const id of ids) await waitForRow(page, id, status);
}

/** The timeline's entries as [kind, datetime, text]. */
function timeline(page: Page): Promise<[string, string, string][]> {
  return page.locator('[data-testid="timeline"] > li').evaluateAll((items) =>
    items.map((li) => [li.getAttribute('data-kind') ?? '', li.querySelector('time')?.getAttribute('datetime') ?? '', li.querySelector('.story-text')?.textContent ?? '']),
  );
}

describe.skipIf(chromiumSkipReason !== null)(`detail pane${chromiumSkipReason ? ` — SKIPPED: ${chromiumSkipReason}` : ''}`, () => {
  const suite = useAppSuite();

  it('shows a PayCrypt deposit that confirms as one timeline, links the explorer, and copies the hash', async () => {
    const opened: string[] = [];
    const { page, rig, errors } = await suite.open({ service: { openExternal: async (url) => void opened.push(url) } });
    const now = Date.now();
    const id = rig.world.addPayCrypt({
      amount: 120.5,
      customerEmail: 'kj@example.com',
      metadata: { plan: 'Annual Pro' },
      network: 'ethereum',
      createdAt: now - 2 * MIN,
      outcome: { depositAt: now + 4 * S, amountReceived: 120.5, requiredConfirmations: 2, blockSeconds: 2 },
    });
    await add(page, [id], 'pending');
    await row(page, id).getByRole('button', { name: id, exact: true }).click();
    const detail = page.getByTestId('detail');
    await detail.waitFor();
    // Pending: amount and status on top, with the time left until the deposit address expires.
    expect(await detail.getByTestId('detail-summary').textContent()).toMatch(/\$120\.50.*pending/);
    expect(await detail.getByTestId('expiry-countdown').textContent()).toMatch(/Expires in \d+:\d\d/);

    await waitForRow(page, id, 'confirmed', 30_000);
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="timeline"] > li').length >= 5);
    const entries = await timeline(page);
    // In time order, and holding both kinds: PayCrypt's events and what Paymon saw.
    const times = entries.map(([, at]) => Date.parse(at));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    const texts = entries.map(([kind, , text]) => `${kind}: ${text}`);
    const index = (pattern: RegExp) => texts.findIndex((t) => pattern.test(t));
    expect(index(/^event: PayCrypt Payment created/)).toBe(0);
    expect(index(/^observed: Paymon saw new → pending/)).toBeGreaterThan(0);
    expect(index(/^event: PayCrypt Deposit of 120.5 USDT detected on ethereum/)).toBeGreaterThan(0);
    expect(index(/^observed: Paymon saw pending → confirmed/)).toBeGreaterThan(index(/^event: PayCrypt Payment confirmed/));
    // Each entry says how long ago and when.
    expect(await page.locator('[data-testid="timeline"] .story-time').first().textContent()).toMatch(/(ago|just now) · \w{3} \d+, \d\d:\d\d:\d\d/);
    expect(await detail.getByTestId('expiry-countdown').count()).toBe(0);
    // Seen against required, never a bare count (issue 17): PayCrypt does not say, Paymon knows the network's.
    expect(await detail.getByTestId('confirmations').textContent()).toMatch(/^\d+ of \d+$/);
    expect(await detail.getByTestId('amount-difference').textContent()).toBe('Paid in full (received 120.50 USDT of $120.50)');

    const hash = (await detail.getByTestId('tx-hash').textContent()) ?? '';
    expect(hash).toMatch(/^0x[0-9a-f]{64}$/);
    await detail.getByRole('link', { name: 'Open the transaction on Etherscan' }).click();
    await expect.poll(() => opened).toEqual([`https://etherscan.io/tx/${hash}`]);
    expect(page.url()).toBe(suite.url);

    await suite.browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(suite.url).origin });
    await detail.getByRole('button', { name: 'Copy transaction hash' }).click();
    await detail.getByText('Copied to the clipboard').waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(hash);
    // The whole pane in one picture: a taller window, no toast over it, scrolled to the top.
    const dismiss = page.getByTestId('toast-final').getByRole('button', { name: 'Dismiss', exact: true });
    while ((await dismiss.count()) > 0) await dismiss.first().click();
    await page.setViewportSize({ width: 1440, height: 1500 });
    await detail.evaluate((el) => el.scrollTo(0, 0));
    await page.mouse.move(0, 0);
    await screenshot(page, 'detail-paycrypt-timeline.png');
    await page.setViewportSize({ width: 1440, height: 900 });
    expect(errors).toEqual([]);
  }, 60_000);

  it('spells out an underpayment, copies a ticket-ready summary, and mutes the payment', async () => {
    const { page, rig, errors } = await suite.open();
    const now = Date.now();
    const id = rig.world.addPayCrypt({
      amount: 10,
      customerEmail: 'short@example.com',
      network: 'tron',
      createdAt: now - 20 * MIN,
      outcome: { depositAt: now - 15 * MIN, amountReceived: 9.5, requiredConfirmations: 1, blockSeconds: 3 },
    });
    await add(page, [id], 'underpaid');
    await row(page, id).getByRole('button', { name: id, exact: true }).click();
    const detail = page.getByTestId('detail');
    const diff = detail.getByTestId('amount-difference');
    await diff.waitFor();
    expect(await diff.textContent()).toBe('Underpaid by $0.50 (received 9.50 USDT of $10.00)');
    await detail.getByTestId('timeline').waitFor();

    await suite.browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(suite.url).origin });
    await detail.getByRole('button', { name: 'Copy as text' }).click();
    await detail.getByText('Copied to the clipboard').waitFor();
    const text = await page.evaluate(() => navigator.clipboard.readText());
    expect(text.split('\n')[0]).toBe(`PayCrypt payment ${id}`);
    expect(text).toContain('Status: underpaid (final)');
    expect(text).toContain('Difference: Underpaid by $0.50 (received 9.50 USDT of $10.00)');
    expect(text).toMatch(/Explorer: https:\/\/tronscan\.org\/#\/transaction\/[0-9a-f]{64}/);
    expect(text).toContain('Timeline:');

    const mute = detail.getByRole('button', { name: 'Mute' });
    expect(await mute.getAttribute('aria-pressed')).toBe('false');
    await mute.click();
    await expect.poll(() => mute.getAttribute('aria-pressed')).toBe('true');
    await waitForRow(page, id, 'muted');
    const stored = await rig.service.invoke('watch:detail', { key: `paycrypt:payment:${id}` });
    expect(stored.ok && (stored.value as { row: { muted: boolean } }).row.muted).toBe(true);
    expect(errors).toEqual([]);
  });

  it("offers Card2Crypto's checkout link to copy and open, and its observed status history", async () => {
    const opened: string[] = [];
    const { page, rig, errors } = await suite.open({ service: { openExternal: async (url) => void opened.push(url) } });
    const id = rig.world.addCard2Crypto({ amount: 4900, customer: { name: 'Ada Lovelace', email: 'ada@example.com' }, outcome: 'pending' });
    await add(page, [id], 'pending');
    await row(page, id).getByRole('button', { name: id, exact: true }).click();
    const detail = page.getByTestId('detail');
    const url = `https://card2crypto.cc/checkout/${id}`;
    await detail.getByTestId('checkout-url').waitFor();
    expect(await detail.getByTestId('checkout-url').textContent()).toBe(url);
    await detail.getByRole('link', { name: 'Open the checkout page in the browser' }).click();
    await expect.poll(() => opened).toEqual([url]);
    await detail.getByRole('heading', { name: 'Status history' }).waitFor();
    expect(await timeline(page)).toEqual([['observed', expect.any(String), 'Paymon saw new → pending']]);
    expect(errors).toEqual([]);
  });
});
