/**
 * CSV export in Chromium against the real AppService: the filtered view and the selection are
 * saved through a real download, parsed back, and hold exactly those rows; a customer name that a
 * spreadsheet would run as a formula is neutralized (src/shared/csv.ts).
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { chromiumSkipReason, screenshot } from '../helpers/browser.ts';
import { useAppSuite } from '../helpers/browser-ui.ts';
import { EXPORT_HEADER } from '../../src/shared/csv.ts';
import { waitForAllChecked, waitForRow } from './ui-helpers.ts';

const MIN = 60_000;

/** RFC 4180: quoted fields may hold commas, quotes ("") and line breaks. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += c;
  }
  if (cell !== '' || row.length > 0) rows.push([...row, cell]);
  return rows;
}

/** Clicks an item of the Export menu and returns the saved file's name and parsed rows. */
async function exportVia(page: Page, item: RegExp): Promise<{ name: string; rows: string[][]; bom: boolean }> {
  await page.getByText('Export CSV').click();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: item }).click()]);
  const text = readFileSync(await download.path(), 'utf8');
  return { name: download.suggestedFilename(), rows: parseCsv(text.replace(/^\ufeff/, '')), bom: text.startsWith('\ufeff') };
}

describe.skipIf(chromiumSkipReason !== null)(`CSV export${chromiumSkipReason ? ` — SKIPPED: ${chromiumSkipReason}` : ''}`, () => {
  const suite = useAppSuite();

  it('exports the filtered view and the selection, with formula-like cells neutralized', async () => {
    const { page, rig, errors } = await suite.open();
    const now = Date.now();
    const w = rig.world;
    const evil = w.addCard2Crypto({ amount: 1250, customer: { name: '=HYPERLINK("http://evil.example","click")', email: 'x@example.com' }, createdAt: now - 3 * MIN, outcome: 'pending' });
    const plain = w.addCard2Crypto({ amount: 990, customer: { name: 'Zoë Smith, Jr.', email: 'zoe@example.com' }, createdAt: now - 2 * MIN, outcome: 'pending' });
    const done = w.addCard2Crypto({ amount: 5000, customer: { name: 'Ada Lovelace' }, createdAt: now - 9 * MIN, outcome: { complete: now - 8 * MIN } });
    const pc = w.addPayCrypt({ amount: 20, customerEmail: 'kj@example.com', outcome: 'pending' });
    await page.getByLabel('Text with payment IDs').fill([evil, plain, done, pc].join('\n'));
    await page.getByRole('button', { name: 'Add 4 payments' }).click();
    await waitForRow(page, done, 'completed');
    await waitForAllChecked(page);

    // The filtered view: Card2Crypto payments still pending.
    await page.getByLabel('Provider').selectOption('card2crypto');
    await page.getByLabel('Status').selectOption('pending');
    await page.waitForFunction(() => document.querySelectorAll('.tbody [role="row"]').length === 2);
    await page.getByText('Export CSV').click();
    await page.mouse.move(0, 0);
    await screenshot(page, 'export-menu.png');
    // The menu closes on a click outside it (issue 17), and on Escape with focus elsewhere.
    const menu = page.locator('details.menu');
    expect(await menu.getAttribute('open')).not.toBeNull();
    await page.getByRole('heading', { name: 'Paymon' }).click();
    await expect.poll(() => menu.getAttribute('open')).toBeNull();
    await page.getByText('Export CSV').click();
    expect(await menu.getAttribute('open')).not.toBeNull();
    await page.getByRole('searchbox', { name: 'Search payments' }).focus();
    await page.keyboard.press('Escape');
    await expect.poll(() => menu.getAttribute('open')).toBeNull();
    const view = await exportVia(page, /^Filtered view \(2\)/);
    expect(view.name).toMatch(/^paymon-filtered-\d{4}-\d\d-\d\d-\d{4}\.csv$/);
    expect(view.bom).toBe(true);
    expect(view.rows[0]).toEqual(EXPORT_HEADER);
    const body = view.rows.slice(1);
    expect(body.map((r) => r[1]).sort()).toEqual([evil, plain].sort());
    const col = (name: string) => EXPORT_HEADER.indexOf(name);
    const evilRow = body.find((r) => r[1] === evil)!;
    expect(evilRow[col('customer_name')]).toBe(`'=HYPERLINK("http://evil.example","click")`);
    expect(evilRow[col('amount')]).toBe('12.50');
    expect(body.find((r) => r[1] === plain)![col('customer_name')]).toBe('Zoë Smith, Jr.');
    expect(body.every((r) => r[col('status')] === 'pending' && r[col('provider')] === 'Card2Crypto')).toBe(true);

    // The selection: one row, whatever the filters.
    await page.getByLabel('Provider').selectOption('all');
    await page.getByLabel('Status').selectOption('all');
    await page.getByRole('checkbox', { name: `Select ${done}` }).click();
    const selection = await exportVia(page, /^Selection \(1\)/);
    expect(selection.rows.slice(1).map((r) => [r[1], r[col('status')], r[col('final')]])).toEqual([[done, 'completed', 'yes']]);

    // The whole watchlist.
    const all = await exportVia(page, /^Whole watchlist \(4\)/);
    expect(all.rows.slice(1).map((r) => r[1]).sort()).toEqual([evil, plain, done, pc].sort());
    expect(errors).toEqual([]);
  });
});
