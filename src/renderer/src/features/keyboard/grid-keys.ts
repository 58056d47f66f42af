/**
 * Keys inside the watchlist grid: arrows, Home/End, PageUp/PageDown move the cursor (with Shift
 * they select the range, without it the selection stays); Space toggles the cursor row; Enter
 * opens it; Delete removes the selection or the cursor row (with undo; many at once ask first);
 * Ctrl/Cmd+A selects every row shown. ArrowUp from the first row reaches the column headers
 * (Left/Right between them, Enter sorts, ArrowDown back). The ARIA grid pattern's keys
 * (https://www.w3.org/WAI/ARIA/apg/patterns/grid/).
 */
import type React from 'react';
import { showPayment } from '../../store/bridge.ts';
import { useWatchStore } from '../../store/watch-store.ts';
import { focusGrid } from './grid-focus.ts';
import { removeWithCare } from './remove.ts';

/** Rows a PageUp/PageDown moves by. */
const PAGE = 10;

/** Whether the key press belongs to a control inside a row (a checkbox, a button). */
function onControl(e: React.KeyboardEvent): boolean {
  return e.target !== e.currentTarget && (e.target as HTMLElement).closest('button, input, a, select, textarea') !== null;
}

/**
 * Handles one keydown on the grid. `keys` are the rows in view order; `scrollTo` brings a row
 * index into view (the rows are virtualized, so the cursor row may not be in the DOM yet).
 */
export function handleGridKey(e: React.KeyboardEvent, keys: readonly string[], scrollTo: (index: number) => void): void {
  if ((e.target as HTMLElement).closest('[role="columnheader"]')) return headerKey(e);
  const s = useWatchStore.getState();
  const mod = e.ctrlKey || e.metaKey;
  const at = s.cursorKey === null ? -1 : keys.indexOf(s.cursorKey);
  const move = (index: number) => {
    if (keys.length === 0) return;
    const i = Math.max(0, Math.min(keys.length - 1, index));
    e.preventDefault();
    s.moveCursor(keys[i]!, { extend: e.shiftKey, visibleKeys: keys });
    scrollTo(i);
  };
  if (onControl(e) && (e.key === 'Enter' || e.key === ' ')) return;
  switch (e.key) {
    case 'ArrowDown':
      return move(at < 0 ? 0 : at + 1);
    case 'ArrowUp':
      if (at === 0 && !e.shiftKey) {
        e.preventDefault();
        headerButtons(e.currentTarget)[0]?.focus();
        return;
      }
      return move(at < 0 ? 0 : at - 1);
    case 'Home':
      return move(0);
    case 'End':
      return move(keys.length - 1);
    case 'PageDown':
      return move(at < 0 ? 0 : at + PAGE);
    case 'PageUp':
      return move(at < 0 ? 0 : at - PAGE);
    case 'Enter':
      if (s.cursorKey === null) return;
      e.preventDefault();
      void showPayment(s.cursorKey);
      return;
    case ' ':
      if (s.cursorKey === null) return;
      e.preventDefault();
      s.toggleSelected(s.cursorKey, { range: e.shiftKey, visibleKeys: keys });
      return;
    case 'a':
    case 'A':
      if (!mod) return;
      e.preventDefault();
      s.setSelection(keys);
      return;
    case 'Delete':
    case 'Backspace': {
      const doomed = s.selection.size > 0 ? [...s.selection] : s.cursorKey !== null ? [s.cursorKey] : [];
      if (doomed.length === 0) return;
      e.preventDefault();
      // The cursor lands on the first row after the removed ones, so Delete can be pressed again.
      void removeWithCare(doomed, { refocus: true });
      return;
    }
  }
}

/** The header's sort buttons, left to right. */
function headerButtons(grid: EventTarget): HTMLElement[] {
  return [...(grid as HTMLElement).querySelectorAll<HTMLElement>('[role="columnheader"] button')];
}

/** Keys on a column header: Left/Right to the next header, ArrowDown back to the rows. */
function headerKey(e: React.KeyboardEvent): void {
  const buttons = headerButtons(e.currentTarget);
  const at = buttons.indexOf(e.target as HTMLElement);
  const go = (i: number) => {
    e.preventDefault();
    buttons[Math.max(0, Math.min(buttons.length - 1, i))]?.focus();
  };
  if (e.key === 'ArrowRight') go(at + 1);
  else if (e.key === 'ArrowLeft') go(at - 1);
  else if (e.key === 'Home') go(0);
  else if (e.key === 'End') go(buttons.length - 1);
  else if (e.key === 'ArrowDown') {
    e.preventDefault();
    focusGrid();
  }
}
