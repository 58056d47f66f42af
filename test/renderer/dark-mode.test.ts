/** The watchlist under the OS dark setting (prefers-color-scheme), against the real AppService. */
import { describe, expect, it } from 'vitest';
import { chromiumSkipReason, screenshot } from '../helpers/browser.ts';
import { useAppSuite } from '../helpers/browser-ui.ts';
import { waitForAllChecked, waitForRow } from './ui-helpers.ts';

const MIN = 60_000;

/** Relative luminance of an "rgb(r, g, b)" colour, 0 (black) to 1 (white). */
function luminance(rgb: string): number {
  const [r = 0, g = 0, b = 0] = (rgb.match(/\d+/g) ?? []).map(Number);
  return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
}

describe.skipIf(chromiumSkipReason !== null)(`dark mode${chromiumSkipReason ? ` — SKIPPED: ${chromiumSkipReason}` : ''}`, () => {
  const suite = useAppSuite({ colorScheme: 'dark' });

  it('follows the dark setting with readable status badges', async () => {
    const { page, rig, errors } = await suite.open({ env: { PAYCRYPT_API_KEY: 'sk_test_revokedkey0000000000' } });
    const now = Date.now();
    const w = rig.world;
    const ids = [
      w.addCard2Crypto({ amount: 4900, customer: { name: 'Ada Lovelace', email: 'ada@example.com' }, createdAt: now - 20 * MIN, outcome: { complete: now - 19 * MIN } }),
      w.addCard2Crypto({ amount: 1999, customer: { name: 'Alan Turing', email: 'alan@example.com' }, createdAt: now - 9 * MIN, outcome: { fail: now - 8 * MIN } }),
      w.addCard2Crypto({ amount: 2500, customer: { name: 'Grace Hopper' }, createdAt: now - 2 * MIN, outcome: 'pending' }),
      w.addCard2Crypto({ amount: 14_999, customer: { name: 'Barbara Liskov' }, createdAt: now - 30 * MIN, outcome: { complete: now - 29 * MIN }, refundAt: now - 5 * MIN }),
      w.addPayCrypt({ amount: 50, customerEmail: 'kj@example.com', outcome: 'pending' }),
    ];
    await page.getByLabel('Text with payment IDs').fill(ids.join('\n'));
    await page.getByRole('button', { name: 'Add 5 payments' }).click();
    await waitForRow(page, ids[3]!, 'refunded');
    await waitForAllChecked(page);
    await page.getByTestId('banner-paycrypt-auth').waitFor();
    await page.mouse.move(0, 0);

    const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(luminance(bg)).toBeLessThan(0.2);
    const badge = page.locator('.tbody .badge.tone-success').first();
    const [fg, badgeBg] = await badge.evaluate((el) => [getComputedStyle(el).color, getComputedStyle(el).backgroundColor]);
    expect(luminance(fg!) - luminance(badgeBg!)).toBeGreaterThan(0.35);
    await screenshot(page, 'watchlist-dark.png');
    expect(errors).toEqual([]);
  });
});
