/**
 * Removing payments the way every Remove control does it (Delete in the grid, the detail pane's
 * and the selection bar's buttons): ask first when many go at once, then put the cursor, and focus
 * when it was on the grid or the removed payment's pane, on the next row so Delete and the arrows
 * go on working (issue 17). Undo stays one Ctrl/Cmd+Z away.
 */
import { removePayments } from '../../store/bridge.ts';
import { useWatchStore } from '../../store/watch-store.ts';
import { viewRows } from '../export/view-rows.ts';
import { askConfirm } from './confirm.ts';
import { focusGrid } from './grid-focus.ts';

/** Removing more payments than this at once asks first. */
export const CONFIRM_REMOVE_ABOVE = 10;

/** The row after the last of `doomed` in `keys` (view order) that stays; else the nearest before; else null. */
export function nextAfterRemoval(keys: readonly string[], doomed: readonly string[]): string | null {
  const gone = new Set(doomed);
  const last = Math.max(-1, ...doomed.map((k) => keys.indexOf(k)));
  if (last < 0) return null;
  return keys.slice(last + 1).find((k) => !gone.has(k)) ?? keys.slice(0, last).reverse().find((k) => !gone.has(k)) ?? null;
}

/**
 * Removes `doomed` (with the undo toast). `refocus`: the keyboard was on what is removed, so focus
 * goes to the grid on the next row. Resolves false when the user cancelled.
 */
export async function removeWithCare(doomed: readonly string[], opts: { refocus: boolean }): Promise<boolean> {
  if (doomed.length === 0) return false;
  if (doomed.length > CONFIRM_REMOVE_ABOVE) {
    const n = doomed.length.toLocaleString('en-US');
    const yes = await askConfirm({
      title: `Remove ${n} payments?`,
      body: `Paymon stops watching these ${n} payments. Undo (Ctrl+Z) brings them back for a short while.`,
      confirmLabel: `Remove ${n}`,
    });
    if (!yes) {
      if (opts.refocus) focusGrid();
      return false;
    }
  }
  const next = nextAfterRemoval(
    viewRows().map((r) => r.key),
    doomed,
  );
  // Moved before the rows go, so focus never falls to the page body in between.
  if (next !== null) useWatchStore.getState().moveCursor(next);
  if (opts.refocus) focusGrid(next);
  await removePayments([...doomed]);
  if (opts.refocus) focusGrid(next);
  return true;
}
