/**
 * In-app toasts: a payment reached a final status (click to open it), undo after remove, errors.
 * They sit in their own lane under the screen (App), so they never cover the table or the detail
 * pane; a toast stays while the pointer or focus is on it (issue 17: 12 s was too short to reach
 * the undo by keyboard, which Ctrl/Cmd+Z now does from anywhere).
 */
import { useEffect, useState } from 'react';
import { statusTone } from '../lib/status.ts';
import { openPayment, undoRemove } from '../store/bridge.ts';
import { useWatchStore, type ToastItem } from '../store/watch-store.ts';

/** How long each kind stays up, in ms. */
const LIFETIME: Record<ToastItem['kind'], number> = { final: 12_000, undo: 30_000, error: 10_000, info: 6_000 };

/** The toast stack, in its lane at the bottom of the window. */
export function Toasts(): React.JSX.Element {
  const toasts = useWatchStore((s) => s.toasts);
  return (
    // A polite live region that is always in the DOM, so screen readers announce each new toast;
    // errors are role="alert" and interrupt.
    <section className="toasts" aria-label="Notifications" aria-live="polite" aria-relevant="additions">
      {toasts.map((t) => (
        <Toast key={t.id} item={t} />
      ))}
    </section>
  );
}

function Toast({ item }: { item: ToastItem }): React.JSX.Element {
  const dismiss = useWatchStore((s) => s.dismissToast);
  const [held, setHeld] = useState(false);
  useEffect(() => {
    if (held) return;
    const timer = window.setTimeout(() => dismiss(item.id), LIFETIME[item.kind]);
    return () => window.clearTimeout(timer);
  }, [item.id, item.kind, dismiss, held]);
  const hold = {
    onMouseEnter: () => setHeld(true),
    onMouseLeave: () => setHeld(false),
    onFocus: () => setHeld(true),
    onBlur: (e: React.FocusEvent) => {
      if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setHeld(false);
    },
  };

  const close = (
    <button type="button" className="icon-btn" aria-label="Dismiss" onClick={() => dismiss(item.id)}>
      <span aria-hidden="true">✕</span>
    </button>
  );

  if (item.kind === 'final') {
    const tone = statusTone(item.toast.status);
    return (
      <div className={`toast toast-final tone-${tone}`} role="status" data-testid="toast-final" {...hold}>
        <button
          type="button"
          className="toast-main"
          onClick={() => {
            dismiss(item.id);
            void openPayment(item.toast.key);
          }}
        >
          <span className={`badge tone-${tone}`}>
            <span className="badge-dot" aria-hidden="true" />
            {item.toast.status}
          </span>
          <span className="toast-text">
            <strong>{item.toast.title}</strong>
            <span>{item.toast.body}</span>
          </span>
        </button>
        {close}
      </div>
    );
  }
  if (item.kind === 'undo') {
    return (
      <div className="toast toast-undo" role="status" data-testid="toast-undo" {...hold}>
        <span className="toast-text">
          {item.message} <span className="toast-hint">Ctrl+Z to undo.</span>
        </span>
        <button type="button" className="btn small" aria-keyshortcuts="Control+Z Meta+Z" onClick={() => void undoRemove(item.undoToken, item.id)}>
          Undo
        </button>
        {close}
      </div>
    );
  }
  return (
    <div className={`toast toast-${item.kind}`} role={item.kind === 'error' ? 'alert' : 'status'} data-testid={`toast-${item.kind}`} {...hold}>
      <span className="toast-text">{item.message}</span>
      {close}
    </div>
  );
}
