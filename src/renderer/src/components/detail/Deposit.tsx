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

/**
 * Time left until the deposit address expires, ticking; only while nothing has been paid. A final
 * payment (the row's word, which may be ahead of the last answer) or a deposit already on its way
 * does not count down: the expiry no longer decides anything the merchant waits for.
 */
export function ExpiryCountdown({ payment, final }: { payment: PayCryptPayment; final: boolean }): React.JSX.Element | null {
  const now = useNow();
  const expires = toMs(payment.expiresAt);
  if (final || payment.final || expires === null) return null;
  if (payment.txHash !== null) {
    return (
      <p className="countdown" data-testid="expiry-countdown">
        Deposit received; waiting for its confirmations.
      </p>
    );
  }
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

/** "3 of 12" when the required count is known (learned, or the chain's usual number), else "3". */
export function confirmationsText(seen: number | null, required: { count: number; learned: boolean } | null): string | null {
  if (seen === null) return null;
  return required === null ? String(seen) : `${seen} of ${required.count}`;
}

/** The deposit section of a PayCrypt payment; `required` is the confirmations Paymon knows the network needs. */
export function DepositSection({ payment: p, required }: { payment: PayCryptPayment; required: { count: number; learned: boolean } | null }): React.JSX.Element {
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
        <Field label="Confirmations">
          {p.confirmations === null ? null : (
            <span
              data-testid="confirmations"
              title={required === null ? undefined : required.learned ? 'Required count learned from this network’s deposits' : 'The usual required count on this network (PayCrypt does not say)'}
            >
              {confirmationsText(p.confirmations, required)}
            </span>
          )}
        </Field>
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
