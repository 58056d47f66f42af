/** What pasted text will add, before anything is sent: found IDs by provider, repeats and invalid tokens. */
import type { Extraction, PaymentRef } from '../../../../shared/refs.ts';
import { orderProvider, refKey } from '../../../../shared/refs.ts';
import { PROVIDER_LABELS, PROVIDERS, type Provider } from '../../../../shared/payment.ts';

const SHOWN = 40;

interface Props {
  found: Extraction;
  orderIds: string[];
  refusedOrderIds: string[];
  watched: ReadonlySet<string>;
}

/** The live preview under the paste box. */
export function PastePreview({ found, orderIds, refusedOrderIds, watched }: Props): React.JSX.Element {
  const orderRefs: PaymentRef[] = orderIds.map((value) => ({ provider: orderProvider().id as Provider, kind: 'order', value }));
  const refs = [...found.refs, ...orderRefs];
  const already = refs.filter((r) => watched.has(refKey(r))).length;
  const byProvider = new Map<Provider, number>();
  for (const r of refs) byProvider.set(r.provider, (byProvider.get(r.provider) ?? 0) + 1);
  const parts = PROVIDERS.filter((p) => (byProvider.get(p) ?? 0) > 0).map((p) => `${byProvider.get(p)} ${PROVIDER_LABELS[p]}`);

  return (
    <section className="preview" aria-label="Paste preview" aria-live="polite">
      <p className="preview-summary">
        {refs.length === 0 ? (
          <strong>No payment IDs found.</strong>
        ) : (
          <>
            <strong>
              Found {refs.length} payment{refs.length === 1 ? '' : 's'}
            </strong>
            {parts.length > 0 ? ` (${parts.join(', ')})` : null}
            {already > 0 ? ` · ${already} already watched` : null}
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
          {refs.length > SHOWN ? <li className="muted">and {refs.length - SHOWN} more</li> : null}
        </ul>
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
      {found.truncated ? <p className="preview-note warn">Only the first {found.refs.length} IDs were read from this text.</p> : null}
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
      {items.length > shown.length ? <span className="muted"> and {items.length - shown.length} more</span> : null}
    </>
  );
}
