/**
 * Where the keyboard goes in the watchlist grid. The grid is one Tab stop: its cursor row holds
 * tabindex=0 and every other row and control -1 (a roving tabindex, as in the ARIA grid pattern,
 * https://www.w3.org/WAI/ARIA/apg/patterns/grid/). Rows are virtualized, so the table keeps the
 * cursor row rendered and moves focus onto it once it is in the DOM (WatchlistTable).
 */
import { useWatchStore } from '../../store/watch-store.ts';

/** The grid's element id. */
export const GRID_ID = 'watch-grid';

/** The DOM id of a row. */
export function rowDomId(key: string): string {
  return `row-${key.replace(/[^A-Za-z0-9_-]/g, '_')}`;
}

/** Whether keyboard focus is in the grid (on a row, a header or the grid itself). */
export function gridHasFocus(): boolean {
  const grid = document.getElementById(GRID_ID);
  return grid !== null && grid.contains(document.activeElement);
}

/**
 * Puts focus back on the grid, on `key`'s row (which becomes the cursor) or on the cursor row.
 * A row not yet rendered gets focus as soon as it is: the grid itself holds focus meanwhile.
 */
export function focusGrid(key?: string | null): void {
  const s = useWatchStore.getState();
  if (key !== undefined && key !== null && s.rows.has(key)) s.moveCursor(key);
  const cursor = useWatchStore.getState().cursorKey;
  const row = cursor === null ? null : document.getElementById(rowDomId(cursor));
  if (row) row.focus();
  else {
    const first = document.querySelector<HTMLElement>(`#${GRID_ID} .tbody [role="row"][tabindex="0"]`);
    (first ?? document.getElementById(GRID_ID))?.focus();
  }
}
