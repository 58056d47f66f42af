/**
 * Window-wide shortcuts: Ctrl/Cmd+F focuses the search box; Ctrl/Cmd+R checks the selected payments
 * now instead of reloading the page (Electron's default menu reloads on it; the page must not);
 * Ctrl/Cmd+Z undoes the last removal from anywhere but a text field, which keeps its own undo;
 * Alt+1…9 switch to a saved view and Alt+0 shows all payments (issue 13).
 */
import { useEffect } from 'react';
import { refreshPayments, selectView, undoLastRemove } from '../../store/bridge.ts';
import { useWatchStore } from '../../store/watch-store.ts';

/** Installs the shortcuts while mounted; `searchId` is the search box's element id (null: no search on this screen). */
export function useShortcuts(searchId: string | null): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (searchId !== null && e.altKey && !e.ctrlKey && !e.metaKey && !e.shiftKey && /^Digit[0-9]$/.test(e.code)) {
        // e.code, not e.key: Alt+digit types another character on some layouts (macOS Option).
        const n = Number(e.code.slice(5));
        const views = useWatchStore.getState().views.views;
        if (n === 0 || views[n - 1]) {
          e.preventDefault();
          void selectView(n === 0 ? null : views[n - 1]!.name);
        }
        return;
      }
      if (!(e.ctrlKey || e.metaKey) || e.altKey) return;
      const key = e.key.toLowerCase();
      if (key === 'z' && !e.shiftKey) {
        if (isTextField(e.target)) return;
        if (undoLastRemove()) e.preventDefault();
      } else if (key === 'f' && searchId !== null) {
        const input = document.getElementById(searchId);
        if (input instanceof HTMLInputElement) {
          e.preventDefault();
          input.focus();
          input.select();
        }
      } else if (key === 'r') {
        e.preventDefault();
        const s = useWatchStore.getState();
        const keys = s.selection.size > 0 ? [...s.selection] : s.cursorKey !== null ? [s.cursorKey] : s.focusedKey !== null ? [s.focusedKey] : [];
        if (keys.length > 0) {
          void refreshPayments(keys);
          s.pushToast({ kind: 'info', message: `Checking ${keys.length} payment${keys.length === 1 ? '' : 's'} now.` });
        } else s.pushToast({ kind: 'info', message: 'Select payments to check them now (Ctrl+R).' });
      }
    };
    // Capture: the shortcut wins over a focused control's own handling.
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [searchId]);
}

/** Whether `target` edits text (where Ctrl/Cmd+Z belongs to the field). */
function isTextField(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || target instanceof HTMLTextAreaElement) return true;
  return target instanceof HTMLInputElement && !['checkbox', 'radio', 'button', 'submit', 'reset', 'range', 'color', 'file'].includes(target.type);
}
