/**
 * Copying a checkout link that is not on the allow-list (issue 16): in Chromium against the real
 * AppService and the simulator, whose checkout links here point at a look-alike host. The Copy
 * button warns, naming the real host, and copies only when asked again; an allow-listed link
 * copies at once.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { chromiumSkipReason } from '../helpers/browser.ts';
import { useAppSuite } from '../helpers/browser-ui.ts';
import { row, waitForRow } from './ui-helpers.ts';

async function showDetail(page: Page, id: string): Promise<void> {
  await page.getByLabel('Text with payment IDs').fill(id);
  await page.getByRole('button', { name: 'Add 1 payment' }).click();
  await waitForRow(page, id, 'pending');
  await row(page, id).getByRole('button', { name: id, exact: true }).click();
  await page.getByTestId('checkout-url').waitFor();
}

const clipboard = (page: Page) => page.evaluate(() => navigator.clipboard.readText());

describe.skipIf(chromiumSkipReason !== null)(`checkout link copy${chromiumSkipReason ? ` — SKIPPED: ${chromiumSkipReason}` : ''}`, () => {
  const suite = useAppSuite();

  it('warns before copying a checkout link on another host, and copies only when asked again', async () => {
    const { page, rig, errors } = await suite.open({ world: { checkoutBaseUrl: 'https://card2crypto.cc.evil.example/checkout/' } });
    await suite.browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(suite.url).origin });
    const id = rig.world.addCard2Crypto({ amount: 4900, outcome: 'pending' });
    await showDetail(page, id);
    const url = `https://card2crypto.cc.evil.example/checkout/${id}`;
    const detail = page.getByTestId('detail');
    expect(await detail.getByTestId('checkout-url').textContent()).toBe(url);
    await page.evaluate(() => navigator.clipboard.writeText('before'));

    await detail.getByRole('button', { name: 'Copy checkout link' }).click();
    const warning = detail.getByRole('alert');
    await warning.waitFor();
    expect(await warning.textContent()).toContain("points to card2crypto.cc.evil.example, not to Card2Crypto's checkout pages");
    expect(await clipboard(page)).toBe('before');

    await warning.getByRole('button', { name: 'Cancel' }).click();
    await warning.waitFor({ state: 'detached' });
    expect(await clipboard(page)).toBe('before');

    await detail.getByRole('button', { name: 'Copy checkout link' }).click();
    await detail.getByRole('button', { name: 'Copy the link anyway' }).click();
    await detail.getByText('Copied to the clipboard').waitFor();
    expect(await clipboard(page)).toBe(url);
    expect(errors).toEqual([]);
  });

  it('copies an allow-listed checkout link at once', async () => {
    const { page, rig, errors } = await suite.open();
    await suite.browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(suite.url).origin });
    const id = rig.world.addCard2Crypto({ amount: 1200, outcome: 'pending' });
    await showDetail(page, id);
    await page.getByTestId('detail').getByRole('button', { name: 'Copy checkout link' }).click();
    await page.getByTestId('detail').getByText('Copied to the clipboard').waitFor();
    expect(await clipboard(page)).toBe(`https://card2crypto.cc/checkout/${id}`);
    expect(await page.getByTestId('checkout-warning').count()).toBe(0);
    expect(errors).toEqual([]);
  });
});
