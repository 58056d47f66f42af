/** What pasted text will add, before anything is sent: found IDs by provider, repeats and invalid tokens. */
import type { Extraction, PaymentRef } from '../../../../shared/refs.ts';
import { orderProvider, refKey, usualHint } from '../../../../shared/refs.ts';
import { countOf, formatCount } from '../../../../shared/format.ts';
import { PROVIDER_LABELS, PROVIDERS, type Provider } from '../../../../shared/payment.ts';

const SHOWN = 40;

interface Props {
  found: Extraction;
  orderIds: string[];
  refusedOrderIds: string[];
  watched: ReadonlySet<string>;
  /** Order-ID-like tokens of the text not in the order field yet (orderLikeTokens). */
  orderLike?: string[];
  /** Puts them in the order field, to be looked up with the provider that takes order IDs. */
  onUseOrders?: (orders: string[]) => void;
  /** True once the user said to add the unusual IDs (`found.unusual`) too. */
  unusualAdded?: boolean;
  /** Says to add them. */
  onAddUnusual?: () => void;
}

/** The live preview under the paste box. */
export function PastePreview({ found, orderIds, refusedOrderIds, watched, orderLike = [], onUseOrders, unusualAdded = false, onAddUnusual }: Props): React.JSX.Element {
  const orderRefs: PaymentRef[] = orderIds.map((value) => ({ provider: orderProvider().id as Provider, kind: 'order', value }));
  const heldKeys = new Set(unusualAdded ? [] : found.unusual.map(refKey));
  const refs = [...found.refs.filter((r) => !heldKeys.has(refKey(r))), ...orderRefs];
  const held = found.unusual.filter((r) => heldKeys.has(refKey(r)));
  const firstHeld = held[0];
  const already = refs.filter((r) => watched.has(refKey(r))).length;
  const byProvider = new Map<Provider, number>();
  for (const r of refs) byProvider.set(r.provider, (byProvider.get(r.provider) ?? 0) + 1);
  const parts = PROVIDERS.filter((p) => (byProvider.get(p) ?? 0) > 0).map((p) => `${formatCount(byProvider.get(p) ?? 0)} ${PROVIDER_LABELS[p]}`);
  const orders = orderProvider();

  return (
    <section className="preview" aria-label="Paste preview" aria-live="polite">
      <p className="preview-summary">
        {refs.length === 0 ? (
          <strong>{held.length > 0 ? 'No payment IDs to add yet.' : 'No payment IDs found.'}</strong>
        ) : (
          <>
            <strong>Found {countOf(refs.length, 'payment')}</strong>
            {parts.length > 0 ? ` (${parts.join(', ')})` : null}
            {already > 0 ? ` · ${formatCount(already)} already watched (checked again)` : null}
          </>
        )}
      </p>
      {refs.length > 0 ? (
        <ul className="preview-refs">
          {refs.slice(0, SHOWN).map((r) => (
            <li key={refKey(r)} className={watched.has(refKey(r)) ? 'watched' : undefined}>
              <span className={`provider provider-${r.provider}`}>{PROVIDER_LABELS[r.provider]}</span>
              <span className="mono">{r.value}</span>
              {r.kind === 'order' ? <span className="chip">order ID</span> : null}
              {watched.has(refKey(r)) ? <span className="chip">watched</span> : null}
            </li>
          ))}
          {refs.length > SHOWN ? <li className="muted">and {formatCount(refs.length - SHOWN)} more</li> : null}
        </ul>
      ) : null}
      {orderLike.length > 0 && onUseOrders ? (
        <p className="preview-note preview-orders" data-testid="order-like">
          <span className="note-label">
            {orderLike.length === 1 ? 'This looks like an order ID' : 'These look like order IDs'}, not payment IDs:
          </span>{' '}
          <TokenList items={orderLike} />
          <button type="button" className="btn small" onClick={() => onUseOrders(orderLike)}>
            Look up as {orders.label} order {orderLike.length === 1 ? 'ID' : 'IDs'}
          </button>
        </p>
      ) : null}
      {firstHeld ? (
        <p className="preview-note warn" data-testid="unusual-ids">
          <span className="note-label">
            {held.length === 1 ? 'Shorter than' : 'These are shorter than'} {PROVIDER_LABELS[firstHeld.provider]} IDs
            {usualHint(firstHeld) ? ` (${usualHint(firstHeld) ?? ''})` : ''}, maybe cut off when copied, not added:
          </span>{' '}
          <TokenList items={held.map((r) => r.value)} />
          {onAddUnusual ? (
            <button type="button" className="btn small" onClick={onAddUnusual}>
              Add {held.length === 1 ? 'it' : 'them'} anyway
            </button>
          ) : null}
        </p>
      ) : null}
      {found.duplicates.length > 0 ? (
        <p className="preview-note">
          <span className="note-label">Repeated in the text, added once:</span> <TokenList items={found.duplicates.map((r) => r.value)} />
        </p>
      ) : null}
      {found.invalid.length + refusedOrderIds.length > 0 ? (
        <p className="preview-note warn">
          <span className="note-label">Not valid, will be skipped:</span> <TokenList items={[...found.invalid, ...refusedOrderIds]} />
        </p>
      ) : null}
      {found.truncated ? <p className="preview-note warn">Only the first {formatCount(found.refs.length)} IDs were read from this text.</p> : null}
    </section>
  );
}

function TokenList({ items }: { items: string[] }): React.JSX.Element {
  const shown = items.slice(0, 12);
  return (
    <>
      {shown.map((t, i) => (
        <code key={`${t}-${i}`} className="token">
          {t}
        </code>
      ))}
      {items.length > shown.length ? <span className="muted"> and {formatCount(items.length - shown.length)} more</span> : null}
    </>
  );
}
