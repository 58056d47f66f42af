/** In-app toasts: a payment reached a final status (click to open it), undo after remove, errors. */
import { useEffect } from 'react';
import { statusTone } from '../lib/status.ts';
import { openPayment, undoRemove } from '../store/bridge.ts';
import { useWatchStore, type ToastItem } from '../store/watch-store.ts';

/** How long each kind stays up, in ms. */
const LIFETIME: Record<ToastItem['kind'], number> = { final: 12_000, undo: 12_000, error: 10_000, info: 6_000 };

/** The toast stack, bottom right. */
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
  useEffect(() => {
    const timer = window.setTimeout(() => dismiss(item.id), LIFETIME[item.kind]);
    return () => window.clearTimeout(timer);
  }, [item.id, item.kind, dismiss]);

  const close = (
    <button type="button" className="icon-btn" aria-label="Dismiss" onClick={() => dismiss(item.id)}>
      <span aria-hidden="true">✕</span>
    </button>
  );

  if (item.kind === 'final') {
    const tone = statusTone(item.toast.status);
    return (
      <div className={`toast toast-final tone-${tone}`} role="status" data-testid="toast-final">
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
      <div className="toast toast-undo" role="status" data-testid="toast-undo">
        <span className="toast-text">{item.message}</span>
        <button type="button" className="btn small" onClick={() => void undoRemove(item.undoToken, item.id)}>
          Undo
        </button>
        {close}
      </div>
    );
  }
  return (
    <div className={`toast toast-${item.kind}`} role={item.kind === 'error' ? 'alert' : 'status'} data-testid={`toast-${item.kind}`}>
      <span className="toast-text">{item.message}</span>
      {close}
    </div>
  );
}
