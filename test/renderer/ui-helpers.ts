/** DOM-reading helpers for the Chromium flow tests (type-checked with the DOM libs). */
import type { Locator, Page } from 'playwright-core';

/** The body row that contains `text` (an ID, a customer…). */
export function row(page: Page, text: string): Locator {
  return page.locator('.tbody [role="row"]', { hasText: text });
}

/** Waits until the row containing `id` also contains `text` (e.g. its status word). */
export async function waitForRow(page: Page, id: string, text: string, timeout = 15_000): Promise<void> {
  await page.waitForFunction(
    ([i, t]) => [...document.querySelectorAll('.tbody [role="row"]')].some((r) => r.textContent?.includes(i) && r.textContent.includes(t)),
    [id, text] as const,
    { timeout },
  );
}

/** The text of one column's cells, top to bottom. */
export function columnTexts(page: Page, column: string): Promise<string[]> {
  return page.evaluate((col) => {
    const rows = [...document.querySelectorAll<HTMLElement>('.tbody [role="row"]')];
    rows.sort((a, b) => Number(a.getAttribute('aria-rowindex')) - Number(b.getAttribute('aria-rowindex')));
    return rows.map((r) => r.querySelector(`.col-${col}`)?.textContent?.trim() ?? '');
  }, column);
}

/** Waits until no row is still waiting for its first answer. */
export async function waitForAllChecked(page: Page, timeout = 15_000): Promise<void> {
  await page.waitForFunction(
    () => {
      const rows = [...document.querySelectorAll('.tbody [role="row"]')];
      return rows.length > 0 && rows.every((r) => r.querySelector('[data-state="unchecked"]') === null);
    },
    undefined,
    { timeout },
  );
}
