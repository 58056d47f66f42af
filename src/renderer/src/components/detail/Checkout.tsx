/** Card2Crypto's checkout link: copy it for the customer, or open it. */
import type { Card2CryptoPayment } from '../../../../shared/payment.ts';
import { openExternal } from '../../store/bridge.ts';
import { CopyButton } from '../CopyButton.tsx';

/** The checkout URL with Copy and Open. */
export function CheckoutSection({ payment }: { payment: Card2CryptoPayment }): React.JSX.Element | null {
  const url = payment.checkoutUrl;
  if (!url) return null;
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
      <p className="copy-line">
        <CopyButton text={url} label="Copy checkout link" />
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
