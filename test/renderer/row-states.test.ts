/**
 * One state, one name (issue 17) in Chromium against the real AppService and simulator: a fresh
 * install with no key, a payment the provider does not know, final rows' next check, a paused
 * app, and the progress line of a big add.
 */
import { describe, expect, it } from 'vitest';
import { chromiumSkipReason, screenshot } from '../helpers/browser.ts';
import { useAppSuite } from '../helpers/browser-ui.ts';
import { row, waitForRow } from './ui-helpers.ts';

describe.skipIf(chromiumSkipReason !== null)(`row states${chromiumSkipReason ? ` — SKIPPED: ${chromiumSkipReason}` : ''}`, () => {
  const suite = useAppSuite();

  it('a fresh install with no key is not "Polling"; its payments wait for a key, never "checked"', async () => {
    const { page, rig, errors } = await suite.open({ env: { CARD2CRYPTO_API_KEY: '', PAYCRYPT_API_KEY: '' } });
    const polling = page.getByTestId('polling');
    await page.getByTestId('welcome').waitFor();
    expect(await polling.textContent()).toBe('Not polling: no API key');
    expect(await polling.getAttribute('class')).toContain('off');

    const id = rig.world.addCard2Crypto({ amount: 1200, outcome: 'pending' });
    await page.getByLabel('Text with payment IDs').fill(id);
    await page.getByRole('button', { name: 'Add 1 payment' }).click();
    await waitForRow(page, id, 'waiting for a key');
    const r = row(page, id);
    expect(await r.locator('.badge').textContent()).toBe('waiting for a key');
    expect(await r.locator('.col-lastChecked').textContent()).toBe('never');
    expect(await r.locator('.col-nextCheck').textContent()).toBe('after a key');
    expect(await r.textContent()).not.toMatch(/not checked|Checked|checking/);
    // Counted once, as waiting for a key; not as Pending.
    expect(await page.getByTestId('count-needs-key').textContent()).toBe('1');
    expect(await page.getByTestId('count-pending').textContent()).toBe('0');
    // The banner says where to click, not which command to run.
    const banner = page.getByTestId('banner-card2crypto-no_key');
    await banner.waitFor();
    const text = (await banner.textContent()) ?? '';
    expect(text).toContain('Keys & accounts');
    expect(text).not.toMatch(/paymon keys|`/);
    expect(errors).toEqual([]);
  });

  it('a payment the provider does not know reads "not found" once: one badge, one count, one filter', async () => {
    const { page, rig, errors } = await suite.open();
    const known = rig.world.addCard2Crypto({ amount: 500, outcome: 'pending' });
    const missing = 'pay_doesnotexist000001';
    await page.getByLabel('Text with payment IDs').fill(`${known} ${missing}`);
    await page.getByRole('button', { name: 'Add 2 payments' }).click();
    await waitForRow(page, missing, 'not found');
    await waitForRow(page, known, 'pending');
    const r = row(page, missing);
    expect(await r.locator('.badge').textContent()).toBe('not found');
    expect(await r.locator('.col-status').textContent()).toBe('not found');
    expect(await r.textContent()).not.toMatch(/not checked|⚠/);
    expect(await page.getByTestId('count-not-found').textContent()).toBe('1');
    // The header count is the filter.
    await page.getByRole('button', { name: /^Not found 1$/ }).click();
    await page.waitForFunction(() => document.querySelectorAll('.tbody [role="row"]').length === 1);
    expect(await page.getByLabel('Status').inputValue()).toBe('not-found');
    expect(await page.getByLabel('Status').locator('option:checked').textContent()).toBe('Not found');
    await page.getByRole('button', { name: /^Not found 1$/ }).click();
    await page.waitForFunction(() => document.querySelectorAll('.tbody [role="row"]').length === 2);
    expect(await page.getByLabel('Status').inputValue()).toBe('all');
    expect(errors).toEqual([]);
  });

  it('final rows say why they are still checked, or nothing; a paused app does not count down', async () => {
    const { page, rig, errors } = await suite.open();
    const now = Date.now();
    const done = rig.world.addCard2Crypto({ amount: 900, createdAt: now - 5 * 60_000, outcome: { complete: now - 60_000 } });
    const confirmed = rig.world.addPayCrypt({ amount: 20, createdAt: now - 20 * 60_000, outcome: { depositAt: now - 15 * 60_000, amountReceived: 20, requiredConfirmations: 1, blockSeconds: 3 } });
    const waiting = rig.world.addCard2Crypto({ amount: 300, outcome: 'pending' });
    await page.getByLabel('Text with payment IDs').fill([done, confirmed, waiting].join('\n'));
    await page.getByRole('button', { name: 'Add 3 payments' }).click();
    await waitForRow(page, done, 'completed');
    await waitForRow(page, waiting, 'pending');
    // A completed card payment is watched for refunds: the column says so instead of a countdown.
    expect(await row(page, done).locator('.col-nextCheck').textContent()).toBe('refund watch');
    await page.waitForFunction((id) => /^(in \d|due)/.test(document.querySelector(`.tbody [role="row"][data-key="card2crypto:payment:${id}"] .col-nextCheck`)?.textContent ?? ''), waiting);

    await page.getByRole('button', { name: 'Pause polling' }).click();
    await page.getByText('Polling paused').waitFor();
    await page.waitForFunction((id) => document.querySelector(`.tbody [role="row"][data-key="card2crypto:payment:${id}"] .col-nextCheck`)?.textContent === 'paused', waiting);
    await page.getByRole('button', { name: 'Resume polling' }).click();
    await page.waitForFunction((id) => /^(in \d|due)/.test(document.querySelector(`.tbody [role="row"][data-key="card2crypto:payment:${id}"] .col-nextCheck`)?.textContent ?? ''), waiting);

    // A confirmed deposit is not checked again: nothing, not "done" or a time.
    const pc = page.locator('.tbody [role="row"]', { hasText: confirmed });
    await pc.locator('.badge', { hasText: 'final' }).waitFor({ timeout: 30_000 });
    expect(await pc.locator('.col-nextCheck').textContent()).toBe('');
    expect(errors).toEqual([]);
  }, 45_000);

  it('a big add shows how many were checked and how long the rest takes, with the budget link', async () => {
    const { page, rig, errors } = await suite.open();
    const ids = Array.from({ length: 40 }, (_, i) => rig.world.addCard2Crypto({ amount: 100 + i, outcome: 'pending' }));
    await page.getByLabel('Text with payment IDs').fill(ids.join('\n'));
    await page.getByRole('button', { name: 'Add 40 payments' }).click();
    const progress = page.getByTestId('check-progress');
    await progress.waitFor();
    const text = (await progress.textContent()) ?? '';
    expect(text).toMatch(/^Checked \d+ of 40 · (less than a minute|about 1 min) at 60 requests\/min · change the budget$/);
    expect(await progress.getByRole('link', { name: 'change the budget' }).getAttribute('href')).toBe('#accounts');
    // Rows not checked yet are counted apart from Pending.
    const unchecked = Number(await page.getByTestId('count-unchecked').textContent());
    expect(unchecked).toBeGreaterThan(0);
    // A search says that rows not checked yet can only match by ID.
    await page.getByRole('searchbox', { name: 'Search payments' }).fill('Ada');
    await page.locator('.shown .not-loaded').waitFor();
    expect(await page.locator('.shown').textContent()).toMatch(/payments? not checked yet: only (their IDs are|its ID is) searched/);
    await page.getByRole('searchbox', { name: 'Search payments' }).fill('');
    await page.mouse.move(0, 0);
    await screenshot(page, 'progress.png');
    // Once every row had its first check the line goes.
    await progress.waitFor({ state: 'detached', timeout: 90_000 });
    expect(await page.getByTestId('count-pending').textContent()).toBe('40');
    expect(errors).toEqual([]);
  }, 120_000);
});
