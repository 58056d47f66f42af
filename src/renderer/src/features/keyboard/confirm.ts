/**
 * One pending question for the confirmation dialog (ConfirmDialog shows it). Kept outside the
 * store: it holds a callback, and only the dialog reads it.
 */
import { useSyncExternalStore } from 'react';

/** What the dialog asks. */
export interface ConfirmQuestion {
  title: string;
  body: string;
  confirmLabel: string;
  answer(yes: boolean): void;
}

let current: ConfirmQuestion | null = null;
const listeners = new Set<() => void>();

function publish(next: ConfirmQuestion | null): void {
  current = next;
  for (const l of listeners) l();
}

/** Asks the user; resolves true on confirm, false on cancel (a newer question cancels this one). */
export function askConfirm(q: Omit<ConfirmQuestion, 'answer'>): Promise<boolean> {
  current?.answer(false);
  return new Promise((resolve) => {
    const question: ConfirmQuestion = {
      ...q,
      answer(yes) {
        if (current === question) publish(null);
        resolve(yes);
      },
    };
    publish(question);
  });
}

/** The pending question, for the dialog. */
export function useConfirmQuestion(): ConfirmQuestion | null {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => current,
  );
}
