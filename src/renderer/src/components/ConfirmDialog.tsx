/**
 * The confirmation dialog (e.g. before removing many payments): a native modal <dialog>, so focus
 * stays inside it and Escape cancels; the safe choice has focus first.
 */
import { useEffect, useRef } from 'react';
import { useConfirmQuestion } from '../features/keyboard/confirm.ts';

/** Shows the pending question, if any. */
export function ConfirmDialog(): React.JSX.Element | null {
  const q = useConfirmQuestion();
  const ref = useRef<HTMLDialogElement>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!q || !dialog) return;
    if (!dialog.open) dialog.showModal();
    cancelRef.current?.focus();
  }, [q]);
  if (!q) return null;
  return (
    <dialog
      ref={ref}
      className="confirm"
      aria-labelledby="confirm-title"
      aria-describedby="confirm-body"
      data-testid="confirm"
      onCancel={(e) => {
        e.preventDefault();
        q.answer(false);
      }}
    >
      <h2 id="confirm-title">{q.title}</h2>
      <p id="confirm-body">{q.body}</p>
      <div className="confirm-actions">
        <button ref={cancelRef} type="button" className="btn" onClick={() => q.answer(false)}>
          Cancel
        </button>
        <button type="button" className="btn danger" onClick={() => q.answer(true)}>
          {q.confirmLabel}
        </button>
      </div>
    </dialog>
  );
}
