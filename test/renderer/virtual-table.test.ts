/**
 * Component check in real Chromium: the WatchlistTable alone, 10,000 rows in its store. Only the
 * rows in view (plus overscan) may be in the DOM, scrolling brings the right rows in, and one
 * delta updating every row shows up without a reload.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, buildPage, chromiumSkipReason, collectErrors, launchChromium, serveDir, type Browser } from '../helpers/browser.ts';

interface Fixture {
  load(n: number): void;
  update(from: number, to: number, status: string): void;
  sort(id: string, desc: boolean): void;
}
type FixtureWindow = { __fixture: Fixture };

const N = 10_000;

describe.skipIf(chromiumSkipReason !== null)(`WatchlistTable virtualization${chromiumSkipReason ? ` — SKIPPED: ${chromiumSkipReason}` : ''}`, () => {
  let browser: Browser;
  let server: { url: string; close(): Promise<void> };
  let outDir: string;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    outDir = await buildPage(join(ROOT, 'test/renderer/fixtures/virtual-table'));
    server = await serveDir(outDir);
    browser = await launchChromium();
    page = await browser.context.newPage();
    errors = collectErrors(page);
    await page.goto(server.url);
    await page.evaluate((n) => (window as unknown as FixtureWindow).__fixture.load(n), N);
    await page.locator(`[role="grid"][aria-rowcount="${N + 1}"]`).waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (outDir) rmSync(outDir, { recursive: true, force: true });
  });

  const bodyRows = () => page.locator('.tbody [role="row"]');

  it('keeps only a screenful of rows in the DOM', async () => {
    await bodyRows().first().waitFor();
    const count = await bodyRows().count();
    expect(count).toBeGreaterThan(5);
    expect(count).toBeLessThan(60);
    // The first rows are the newest added; the spacer is as tall as all rows together.
    expect(await bodyRows().first().textContent()).toContain('pay_fixture000000');
    const height = await page.locator('.tbody').evaluate((el) => el.getBoundingClientRect().height);
    expect(height).toBeGreaterThan(N * 40);
  });

  it('brings the last rows in when scrolled to the bottom, still without the rest', async () => {
    await page.locator('.table-scroll').evaluate((el) => {
      el.scrollTop = el.scrollHeight;
    });
    await page.locator('.tbody [role="row"]', { hasText: `Customer ${N - 1}` }).waitFor();
    expect(await bodyRows().count()).toBeLessThan(60);
    expect(await page.locator('.tbody [role="row"]', { hasText: 'pay_fixture000000' }).count()).toBe(0);
    const index = await page.locator('.tbody [role="row"]', { hasText: `Customer ${N - 1}` }).getAttribute('aria-rowindex');
    expect(index).toBe(String(N + 1));
  });

  it('shows a delta that changes every row, and re-sorts on demand', async () => {
    await page.evaluate((n) => (window as unknown as FixtureWindow).__fixture.update(0, n, 'completed'), N);
    await page.waitForFunction(() => {
      const rows = [...document.querySelectorAll('.tbody [role="row"]')];
      return rows.length > 0 && rows.every((r) => r.textContent?.includes('completed'));
    });
    await page.evaluate(() => (window as unknown as FixtureWindow).__fixture.sort('amount', true));
    await page.locator('.table-scroll').evaluate((el) => {
      el.scrollTop = 0;
    });
    await page.waitForFunction((n) => document.querySelector('.tbody [role="row"][aria-rowindex="2"]')?.textContent?.includes(`Customer ${n - 1}`), N);
    expect(await page.locator('[role="columnheader"][aria-sort="descending"]').textContent()).toContain('Amount');
    expect(await bodyRows().count()).toBeLessThan(60);
    expect(errors).toEqual([]);
  });
});
