/**
 * Layout facts in Chromium against the real AppService, at 720×480 (the minimum window),
 * 1280×800 and 1920×1080, light and dark (issue 17): at least five rows show and take clicks, the
 * Status column is in view and not covered, the detail pane, the toasts and the table never overlap
 * (on a narrow window the pane is a drawer and the toasts keep left of it), the idle add panel is one
 * line whose placeholder does not wrap, and the first-run buttons are above the fold.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { chromiumSkipReason, screenshot } from '../helpers/browser.ts';
import { useAppSuite } from '../helpers/browser-ui.ts';
import { row, waitForRow } from './ui-helpers.ts';

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

const SIZES = [
  { width: 720, height: 480 },
  { width: 1280, height: 800 },
  { width: 1920, height: 1080 },
] as const;

/** Whether two boxes share any area. */
function overlap(a: Box, b: Box): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

async function box(page: Page, selector: string): Promise<Box | null> {
  return page.evaluate((sel) => {
    const el = document.querySelector(sel);
    if (!el) return null;
    const r = el.getBoundingClientRect();
    return { x: r.x, y: r.y, width: r.width, height: r.height };
  }, selector);
}

/**
 * Rows entirely in the window and in the table's scroll area, whose middle (left of any detail
 * drawer) receives the click: the element there belongs to the row.
 */
function clickableRows(page: Page): Promise<number> {
  return page.evaluate(() => {
    const scroller = document.querySelector('.table-scroll')!.getBoundingClientRect();
    const workspace = document.querySelector('.workspace')!.getBoundingClientRect();
    const head = document.querySelector('.thead')!.getBoundingClientRect();
    const top = Math.max(scroller.top, head.bottom, workspace.top);
    const bottom = Math.min(scroller.bottom, workspace.bottom, window.innerHeight);
    return [...document.querySelectorAll<HTMLElement>('.tbody [role="row"]')].filter((r) => {
      const b = r.getBoundingClientRect();
      if (b.top < top - 0.5 || b.bottom > bottom + 0.5) return false;
      const hit = document.elementFromPoint(scroller.left + 60, b.top + b.height / 2);
      return hit !== null && r.contains(hit);
    }).length;
  });
}

/** The Status header is in the table's view and nothing else sits on its middle. */
function statusVisible(page: Page): Promise<boolean> {
  return page.evaluate(() => {
    const th = document.querySelector('.th.col-status')!;
    const b = th.getBoundingClientRect();
    const scroller = document.querySelector('.table-scroll')!.getBoundingClientRect();
    if (b.left < scroller.left || b.right > scroller.right) return false;
    const hit = document.elementFromPoint(b.left + b.width / 2, b.top + b.height / 2);
    return hit !== null && th.contains(hit);
  });
}

describe.skipIf(chromiumSkipReason !== null)(`window layout${chromiumSkipReason ? ` — SKIPPED: ${chromiumSkipReason}` : ''}`, () => {
  const suite = useAppSuite();

  for (const scheme of ['light', 'dark'] as const) {
    it(`keeps rows, Status, the detail and the toasts apart at every size (${scheme})`, async () => {
      const { page, rig, errors } = await suite.open();
      await page.emulateMedia({ colorScheme: scheme });
      const ids = Array.from({ length: 12 }, (_, i) =>
        rig.world.addCard2Crypto({ amount: (i + 1) * 1000, customer: { name: `Customer ${i}`, email: `c${i}@example.com` }, outcome: 'pending' }),
      );
      const longId = rig.world.addPayCrypt({ amount: 5000, outcome: 'pending' });
      await page.setViewportSize(SIZES[0]);
      await page.getByLabel('Text with payment IDs').fill([...ids, longId].join('\n'));
      await page.getByRole('button', { name: 'Add 13 payments' }).click();
      for (const id of ids) await waitForRow(page, id, 'pending');
      await page.getByTestId('report-added').waitFor();

      for (const size of SIZES) {
        await page.setViewportSize(size);
        await page.mouse.move(0, 0);
        const label = `${size.width}x${size.height} ${scheme}`;
        await screenshot(page, `layout-${size.width}x${size.height}-${scheme}.png`);
        // The idle add panel is one line, even with the report beside it; its placeholder has room.
        const paste = (await box(page, '.paste-panel'))!;
        expect(paste.height, label).toBeLessThanOrEqual(48);
        const textarea = (await box(page, '.paste-text textarea'))!;
        expect(textarea.width, label).toBeGreaterThanOrEqual(200);
        const rowsIdle = await clickableRows(page);
        console.log(`${label}: ${rowsIdle} rows`);
        expect(rowsIdle, label).toBeGreaterThanOrEqual(5);
        expect(await statusVisible(page), `${label}: Status in view`).toBe(true);
        // A selection brings its actions; the rows stay.
        await row(page, ids[1]!).getByRole('checkbox').check();
        await row(page, ids[2]!).getByRole('checkbox').check();
        await page.getByText('2 selected', { exact: true }).waitFor();
        const rowsSelected = await clickableRows(page);
        console.log(`${label}: ${rowsSelected} rows with a selection`);
        expect(rowsSelected, `${label} with a selection`).toBeGreaterThanOrEqual(5);
        await row(page, ids[1]!).getByRole('checkbox').uncheck();
        await row(page, ids[2]!).getByRole('checkbox').uncheck();
        // The Payment ID column uses its width: a long ID is not cut once the table has room.
        if (size.width >= 1920) {
          expect(
            await page.evaluate(() => [...document.querySelectorAll<HTMLElement>('.tbody .col-paymentId .link')].every((b) => b.scrollWidth <= b.clientWidth)),
            `${label}: IDs not cut`,
          ).toBe(true);
        }

        // Open a payment, then make a toast (remove another one): pane, toasts and table apart.
        await row(page, ids[0]!).locator('.col-provider').click();
        await page.getByTestId('detail').waitFor();
        await row(page, ids[11]!).getByRole('button', { name: `Remove ${ids[11]}` }).dispatchEvent('click');
        await page.getByTestId('toast-undo').waitFor();
        const detail = (await box(page, '[data-testid="detail"]'))!;
        const toasts = (await box(page, '.toasts .toast'))!;
        // The table as far as it shows: the workspace around it scrolls.
        const table = await page.evaluate(() => {
          const t = document.querySelector('.table-scroll')!.getBoundingClientRect();
          const w = document.querySelector('.workspace')!.getBoundingClientRect();
          const y = Math.max(t.top, w.top);
          return { x: t.x, y, width: t.width, height: Math.max(0, Math.min(t.bottom, w.bottom) - y) };
        });
        expect(toasts.height, label).toBeGreaterThan(0);
        expect(overlap(detail, toasts), `${label}: toasts over the detail`).toBe(false);
        expect(overlap(table, toasts), `${label}: toasts over the table`).toBe(false);
        if (size.width >= 1180) expect(overlap(detail, table), `${label}: detail over the table`).toBe(false);
        // Narrow: a drawer over the table, which keeps its rows; the paste box is not squeezed.
        else expect(await page.evaluate(() => getComputedStyle(document.querySelector('.detail')!).position)).toBe('absolute');
        expect((await box(page, '.paste-text textarea'))!.width, label).toBeGreaterThanOrEqual(200);
        await page.mouse.move(0, 0);
        await screenshot(page, `layout-${size.width}x${size.height}-${scheme}-detail.png`);
        const rowsNow = await clickableRows(page);
        console.log(`${label}: ${rowsNow} rows with the detail and a toast`);
        expect(rowsNow, `${label} with the detail and a toast`).toBeGreaterThanOrEqual(5);

        // Put things back for the next size.
        await page.getByTestId('toast-undo').getByRole('button', { name: 'Undo' }).click();
        await waitForRow(page, ids[11]!, 'pending');
        await page.getByRole('button', { name: 'Close details' }).click();
        await page.getByTestId('detail').waitFor({ state: 'detached' });
        await page.evaluate(() => document.querySelectorAll<HTMLButtonElement>('.toasts [aria-label="Dismiss"]').forEach((b) => b.click()));
      }
      expect(errors).toEqual([]);
    }, 90_000);
  }

  it('shows the first-run buttons above the fold at 720×480, and the demo leaves no toasts behind', async () => {
    const { page, errors } = await suite.open({ env: { CARD2CRYPTO_API_KEY: '', PAYCRYPT_API_KEY: '' } });
    await page.setViewportSize(SIZES[0]);
    const welcome = page.getByTestId('welcome');
    await welcome.waitFor();
    for (const name of ['Add an API key', 'Try the demo']) {
      const b = (await welcome.getByRole(name === 'Add an API key' ? 'link' : 'button', { name }).boundingBox())!;
      expect(b.y + b.height, name).toBeLessThanOrEqual(480);
    }
    await screenshot(page, 'layout-720x480-welcome.png');
    await welcome.getByRole('button', { name: 'Try the demo' }).click();
    await page.getByTestId('demo-banner').waitFor();
    await page.waitForFunction(() => document.querySelectorAll('.tbody [role="row"]').length >= 5);
    // A toast about a demo payment (here: the undo of a removal) ...
    await page.locator('.tbody [role="row"]').first().locator('.col-actions button[aria-label^="Remove"]').click({ force: true });
    await page.getByTestId('toast-undo').waitFor();
    // ... is gone with the demo.
    await page.getByTestId('demo-banner').getByRole('button', { name: 'Leave demo' }).click();
    await welcome.waitFor();
    expect(await page.locator('.toasts .toast').count()).toBe(0);
    expect(errors).toEqual([]);
  }, 60_000);

  it('folds the add report away on its own, but not while it is being read', async () => {
    const { page, rig, errors } = await suite.open();
    await page.clock.install();
    const id = rig.world.addCard2Crypto({ amount: 1000, outcome: 'pending' });
    await page.getByLabel('Text with payment IDs').fill(id);
    await page.getByRole('button', { name: 'Add 1 payment' }).click();
    const report = page.getByTestId('add-report');
    await report.waitFor();
    // The live region is there before and after, so the report is announced as it appears.
    expect(await page.getByRole('status', { name: 'Add result' }).count()).toBe(1);
    await report.hover();
    await page.clock.runFor(15_000);
    expect(await report.count()).toBe(1);
    await page.mouse.move(0, 0);
    await page.clock.runFor(11_000);
    await report.waitFor({ state: 'detached' });
    expect(await page.getByRole('status', { name: 'Add result' }).count()).toBe(1);
    expect(errors).toEqual([]);
  }, 30_000);
});
