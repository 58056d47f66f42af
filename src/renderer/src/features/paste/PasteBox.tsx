/**
 * Paste to add: a text box (and Ctrl/Cmd+V anywhere) that previews every payment ID in the
 * text with its provider, then adds them all at once. Idle (empty, not focused) it is one line,
 * so the table keeps the window's height (issue 17); it opens up on focus or pasted text.
 */
import { useDeferredValue, useEffect, useId, useMemo, useRef, useState } from 'react';
import { countOf } from '../../../../shared/format.ts';
import { extractRefs, orderProvider, refKey, type PaymentRef } from '../../../../shared/refs.ts';
import { addText } from '../../store/bridge.ts';
import { watchedRefKeys } from '../../store/filter.ts';
import { focusGrid } from '../keyboard/grid-focus.ts';
import { useWatchStore } from '../../store/watch-store.ts';
import { AddReport } from './AddReport.tsx';
import { orderLikeTokens, splitOrderIds } from './order-ids.ts';
import { PastePreview } from './PastePreview.tsx';
import { useGlobalPaste } from './use-global-paste.ts';

const NONE: ReadonlySet<string> = new Set();

function orderRefs(values: readonly string[]): PaymentRef[] {
  return values.map((value) => ({ provider: orderProvider().id as PaymentRef['provider'], kind: 'order', value }));
}

/** The add panel above the table. */
export function PasteBox(): React.JSX.Element {
  const [text, setText] = useState('');
  const [orderText, setOrderText] = useState('');
  // `pay_12` and the like wait for "Add anyway", given for the text as it is then.
  const [unusualOkFor, setUnusualOkFor] = useState<string | null>(null);
  const list = useWatchStore((s) => s.list);
  const adding = useWatchStore((s) => s.adding);
  const addRef = useRef<HTMLButtonElement>(null);
  const textRef = useRef<HTMLTextAreaElement>(null);
  const ids = useId();
  const [focused, setFocused] = useState(false);

  // After a paste on the watchlist, the Add button takes focus once the preview has caught up,
  // so Enter adds exactly what the preview shows.
  const focusAdd = useRef(false);
  useGlobalPaste((pasted) => {
    setText(pasted);
    focusAdd.current = true;
    textRef.current?.scrollIntoView({ block: 'nearest' });
  });

  // The preview follows typing without blocking it, even for a very long paste.
  const deferredText = useDeferredValue(text);
  const found = useMemo(() => extractRefs(deferredText), [deferredText]);
  const orders = useMemo(() => splitOrderIds(orderText), [orderText]);
  const hasInput = text.trim() !== '' || orderText.trim() !== '';
  // Only while there is something to preview: 100,000 rows cost a set of 100,000 keys per change.
  const watched = useMemo(() => (hasInput ? watchedRefKeys(list) : NONE), [hasInput, list]);

  const unusualOk = unusualOkFor === deferredText && deferredText !== '';
  const held = unusualOk ? 0 : found.unusual.length;
  const count = found.refs.length - held + orders.valid.length;
  const orderLike = useMemo(() => orderLikeTokens(deferredText).filter((t) => !orders.valid.includes(t)), [deferredText, orders.valid]);
  // Already watched ones are only checked again: "Add 2 payments" is not offered for two old ones.
  const heldKeys = useMemo(() => new Set(unusualOk ? [] : found.unusual.map(refKey)), [found, unusualOk]);
  const fresh = count - [...found.refs, ...orderRefs(orders.valid)].filter((r) => !heldKeys.has(refKey(r)) && watched.has(refKey(r))).length;
  const previewReady = deferredText === text;
  useEffect(() => {
    if (focusAdd.current && previewReady && count > 0) {
      focusAdd.current = false;
      addRef.current?.focus();
    }
  }, [previewReady, count]);
  const compact = !hasInput && !focused && !adding;

  const submit = async () => {
    if (count === 0 || adding) return;
    const ok = await addText(text, orders.valid, orders.refused, unusualOk && unusualOkFor === text ? 'add' : 'hold');
    if (ok) {
      setText('');
      setOrderText('');
      // The panel folds back to one line; the keyboard goes on to the table with the new rows.
      setFocused(false);
      focusGrid();
    }
  };

  return (
    <section
      className={`paste-panel${compact ? ' compact' : ''}`}
      aria-labelledby={`${ids}-title`}
      data-testid="paste-panel"
      onFocus={() => setFocused(true)}
      onBlur={(e) => {
        // Focus moving between the panel's own fields keeps it open.
        if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setFocused(false);
      }}
    >
      <h2 id={`${ids}-title`} className="panel-title">
        Add payments
      </h2>
      <form
        className="paste-form"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <label className="paste-text">
          <span className="visually-hidden">Text with payment IDs</span>
          <textarea
            ref={textRef}
            rows={compact ? 1 : 3}
            value={text}
            placeholder={
              compact
                ? 'Paste payment IDs, a ticket or checkout URLs (Ctrl+V anywhere)'
                : 'Paste anything with payment IDs: a support ticket, checkout URLs, a spreadsheet column… (Ctrl+V works anywhere on the watchlist)'
            }
            onChange={(e) => setText(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
                e.preventDefault();
                void submit();
              }
            }}
          />
        </label>
        <div className="paste-side">
          <label className="field stacked">
            <span>PayCrypt order IDs</span>
            <input
              type="text"
              value={orderText}
              placeholder="e.g. ORD-1042, ORD-1043"
              spellCheck={false}
              onChange={(e) => setOrderText(e.target.value)}
            />
          </label>
          <div className="paste-buttons">
            <button ref={addRef} type="submit" className="btn primary" disabled={count === 0 || adding}>
              {adding ? 'Adding…' : count === 0 ? 'Add' : fresh > 0 ? `Add ${countOf(fresh, 'payment')}` : `Check ${countOf(count, 'payment')} again`}
            </button>
            {hasInput ? (
              <button
                type="button"
                className="btn ghost"
                onClick={() => {
                  setText('');
                  setOrderText('');
                }}
              >
                Clear
              </button>
            ) : null}
          </div>
        </div>
      </form>
      {hasInput ? <PastePreview
          found={found}
          orderIds={orders.valid}
          refusedOrderIds={orders.refused}
          watched={watched}
          orderLike={orderLike}
          unusualAdded={unusualOk}
          onAddUnusual={() => setUnusualOkFor(deferredText)}
          onUseOrders={(more) => setOrderText((old) => [old.trim(), ...more].filter(Boolean).join(', '))}
        /> : null}
      <AddReport />
    </section>
  );
}
