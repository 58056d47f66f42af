/**
 * Card2Crypto's checkout link: copy it for the customer, or open it. A link that is not on the
 * allow-list (src/shared/links.ts: card2crypto.cc/checkout/<id>) may be a provider answer that was
 * tampered with, so copying it asks again, naming where it really points (issue 16).
 */
import { useState } from 'react';
import { matchLink } from '../../../../shared/links.ts';
import type { Card2CryptoPayment } from '../../../../shared/payment.ts';
import { openExternal } from '../../store/bridge.ts';
import { CopyButton } from '../CopyButton.tsx';

/** Where an unlisted link points, for the warning. */
function whereItPoints(url: string): string {
  try {
    const { protocol, host } = new URL(url);
    return protocol === 'https:' || protocol === 'http:' ? `to ${host}, not to Card2Crypto's checkout pages` : `to a ${protocol} address, not a web page`;
  } catch {
    return 'nowhere: it is not a valid web address';
  }
}

/** The checkout URL with Copy and Open. */
export function CheckoutSection({ payment }: { payment: Card2CryptoPayment }): React.JSX.Element | null {
  const url = payment.checkoutUrl;
  // Which link the warning is open for: showing another payment closes it.
  const [confirmingFor, setConfirmingFor] = useState<string | null>(null);
  if (!url) return null;
  const confirming = confirmingFor === url;
  const listed = matchLink(url)?.rule.kind === 'checkout';
  return (
    <section aria-labelledby="detail-checkout">
      <h3 id="detail-checkout" className="section-title">
        Checkout
      </h3>
      <p className="copy-line">
        <span className="mono wrap" data-testid="checkout-url">
          {url}
        </span>
      </p>
      {!listed && confirming ? (
        <div className="banner warn" role="alert" data-testid="checkout-warning">
          <p>
            This checkout link points {whereItPoints(url)}. A customer who follows it may not be paying Card2Crypto. Copy it only
            if you trust it.
          </p>
          <p className="copy-line">
            <CopyButton text={url} label="Copy the link anyway">
              Copy anyway
            </CopyButton>
            <button type="button" className="btn small" onClick={() => setConfirmingFor(null)}>
              Cancel
            </button>
          </p>
        </div>
      ) : null}
      <p className="copy-line">
        {listed ? (
          <CopyButton text={url} label="Copy checkout link" />
        ) : (
          <button type="button" className="btn small" aria-label="Copy checkout link" title="Copy checkout link" onClick={() => setConfirmingFor(url)}>
            Copy
          </button>
        )}
        <a
          className="btn small"
          href={url}
          aria-label="Open the checkout page in the browser"
          onClick={(e) => {
            e.preventDefault();
            void openExternal(url);
          }}
        >
          Open <span aria-hidden="true">↗</span>
        </a>
      </p>
    </section>
  );
}
