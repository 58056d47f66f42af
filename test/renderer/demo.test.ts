/**
 * Demo mode in Chromium against the real AppService: with no keys and an empty watchlist the first
 * screen offers the demo; starting it fills the watchlist from the built-in simulator, payments
 * finalize on their own (a toast says so), and leaving it empties the watchlist again.
 */
import { describe, expect, it } from 'vitest';
import { chromiumSkipReason, screenshot } from '../helpers/browser.ts';
import { useAppSuite } from '../helpers/browser-ui.ts';

describe.skipIf(chromiumSkipReason !== null)(`demo mode${chromiumSkipReason ? ` — SKIPPED: ${chromiumSkipReason}` : ''}`, () => {
  const suite = useAppSuite();

  it('offers the demo on a fresh install, runs it with a visible badge, and leaves it empty', async () => {
    const { page, errors } = await suite.open({ env: { CARD2CRYPTO_API_KEY: '', PAYCRYPT_API_KEY: '' } });
    const welcome = page.getByTestId('welcome');
    await welcome.waitFor();
    expect(await page.getByTestId('demo-banner').count()).toBe(0);

    await welcome.getByRole('button', { name: 'Try the demo' }).click();
    const banner = page.getByTestId('demo-banner');
    await banner.waitFor();
    expect(await banner.textContent()).toContain('Demo mode.');
    expect(await page.getByTestId('demo-badge').textContent()).toBe('Demo mode');
    await welcome.waitFor({ state: 'detached' });
    await page.waitForFunction(() => document.querySelectorAll('.tbody [role="row"]').length >= 10);
    expect(Number(await page.getByTestId('count-total').textContent())).toBeGreaterThanOrEqual(10);

    // The demo's stories end within about two minutes; the first within well under one.
    const toast = page.getByTestId('toast-final').first();
    await toast.waitFor({ timeout: 75_000 });
    expect(Number(await page.getByTestId('count-final').textContent())).toBeGreaterThan(0);
    await page.mouse.move(0, 0);
    await screenshot(page, 'demo.png');

    // The demo's simulated keys show on the keys screen, marked as the demo's.
    await page.getByRole('link', { name: 'Keys & accounts' }).click();
    await page.getByTestId('account-card2crypto-demo').waitFor();
    await page.getByRole('link', { name: 'Back to the watchlist' }).click();

    await banner.getByRole('button', { name: 'Leave demo' }).click();
    await banner.waitFor({ state: 'detached' });
    await page.getByTestId('demo-badge').waitFor({ state: 'detached' });
    await welcome.waitFor();
    expect(await page.locator('.tbody [role="row"]').count()).toBe(0);
    expect(await page.getByTestId('count-total').textContent()).toBe('0');
    expect(errors).toEqual([]);
  }, 110_000);
});
