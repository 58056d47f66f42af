/** A small "Copy" button that says "Copied" (to the eye and to screen readers) for a moment. */
import { useEffect, useState } from 'react';
import { copyText } from '../lib/clipboard.ts';

interface Props {
  /** What to copy; a function when building it is not free (e.g. a whole summary). */
  text: string | (() => string);
  /** The accessible name, e.g. "Copy transaction hash". */
  label: string;
  /** The visible text; "Copy" by default. */
  children?: React.ReactNode;
  className?: string;
}

/** Copies `text` to the clipboard on click. */
export function CopyButton({ text, label, children = 'Copy', className = 'btn small' }: Props): React.JSX.Element {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  useEffect(() => {
    if (state === 'idle') return;
    const timer = window.setTimeout(() => setState('idle'), 2000);
    return () => window.clearTimeout(timer);
  }, [state]);
  return (
    <>
      <button
        type="button"
        className={className}
        aria-label={label}
        title={label}
        onClick={() => void copyText(typeof text === 'string' ? text : text()).then((ok) => setState(ok ? 'copied' : 'failed'))}
      >
        {state === 'copied' ? 'Copied' : children}
      </button>
      <span role="status" className="visually-hidden">
        {state === 'copied' ? 'Copied to the clipboard' : state === 'failed' ? 'Could not copy: the clipboard is not available' : ''}
      </span>
    </>
  );
}
