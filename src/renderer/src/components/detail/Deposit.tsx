/**
 * PayCrypt's deposit: what was expected and received (the difference spelled out), the
 * countdown to expiry while pending, confirmations, the deposit address and the transaction.
 */
import { formatAmount } from '../../../../shared/format.ts';
import type { PayCryptPayment } from '../../../../shared/payment.ts';
import { amountDifference, cryptoAmount } from '../../lib/amounts.ts';
import { explorerLink } from '../../lib/explorer.ts';
import { formatCountdown, formatDateTime, toMs } from '../../lib/time.ts';
import { useNow } from '../../lib/use-now.ts';
import { openExternal } from '../../store/bridge.ts';
import { CopyButton } from '../CopyButton.tsx';
import { Field } from './DetailFields.tsx';

/** The expected-vs-received line under the amount; nothing until a deposit is seen. */
export function DifferenceLine({ payment }: { payment: PayCryptPayment }): React.JSX.Element | null {
  const diff = amountDifference(payment);
  if (!diff) return null;
  const tone = diff.kind === 'exact' ? 'success' : 'warning';
  return (
    <p className={`difference tone-text-${tone}`} data-testid="amount-difference">
      {diff.text}
    </p>
  );
}

/** Time left until the deposit address expires, ticking; only while the payment is pending. */
export function ExpiryCountdown({ payment }: { payment: PayCryptPayment }): React.JSX.Element | null {
  const now = useNow();
  const expires = toMs(payment.expiresAt);
  if (payment.final || expires === null) return null;
  const left = expires - now;
  return (
    <p className="countdown" data-testid="expiry-countdown">
      {left > 0 ? (
        <>
          Expires in{' '}
          <span role="timer" className="num" aria-label={`${Math.ceil(left / 60_000)} minutes`}>
            {formatCountdown(left)}
          </span>{' '}
          <span className="muted">(at {formatDateTime(payment.expiresAt)})</span>
        </>
      ) : (
        <>Past its expiry time ({formatDateTime(payment.expiresAt)}); waiting for PayCrypt to say so.</>
      )}
    </p>
  );
}

/** The deposit section of a PayCrypt payment. */
export function DepositSection({ payment: p }: { payment: PayCryptPayment }): React.JSX.Element {
  const link = explorerLink(p.network, p.txHash);
  const received =
    p.amountReceived && Number(p.amountReceived) > 0
      ? `${cryptoAmount(p.amountReceived)} ${p.coin ?? ''}${p.amountReceivedUsdMinor !== null ? ` (${formatAmount(p.amountReceivedUsdMinor, p.currency)})` : ''}`
      : 'nothing yet';
  return (
    <section aria-labelledby="detail-deposit">
      <h3 id="detail-deposit" className="section-title">
        Deposit
      </h3>
      <dl className="fields">
        <Field label="Coin">{[p.coin, p.network].filter(Boolean).join(' on ')}</Field>
        <Field label="Expected">{formatAmount(p.amountMinor, p.currency)}</Field>
        <Field label="Received">{received}</Field>
        <Field label="Confirmations">{p.confirmations === null ? null : String(p.confirmations)}</Field>
        <Field label="Address">
          {p.depositAddress ? (
            <span className="copy-line">
              <span className="mono wrap">{p.depositAddress}</span>
              <CopyButton text={p.depositAddress} label="Copy deposit address" />
            </span>
          ) : null}
        </Field>
        <Field label="Transaction">
          {p.txHash ? (
            <span className="copy-line">
              <span className="mono wrap" data-testid="tx-hash">
                {p.txHash}
              </span>
              <CopyButton text={p.txHash} label="Copy transaction hash" />
              {link ? (
                <a
                  className="btn small"
                  href={link.url}
                  aria-label={`Open the transaction on ${link.name}`}
                  onClick={(e) => {
                    // Never navigate the app's window: main opens the (allow-listed) link in the browser.
                    e.preventDefault();
                    void openExternal(link.url);
                  }}
                >
                  {link.name} <span aria-hidden="true">↗</span>
                </a>
              ) : null}
            </span>
          ) : null}
        </Field>
        <Field label="Block">{p.blockNumber}</Field>
      </dl>
    </section>
  );
}
