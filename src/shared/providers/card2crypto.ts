/**
 * Card2Crypto's facts (/work/shared/specs/card2crypto-get-payment.md): card checkouts looked up by
 * payment ID only, keys `c2c_live_…`, answers wrapped in `{ success, data }`.
 */
import type { PaymentBase } from '../payment.ts';
import type { ProviderSpec } from './types.ts';

/** Card2Crypto's spec. */
export const card2crypto = {
  id: 'card2crypto',
  label: 'Card2Crypto',
  paymentId: {
    // `pay_` then a safe alphabet (the spec shows `pay_abc123xyz789`).
    pattern: /^pay_[A-Za-z0-9_-]{1,96}$/,
    lowerCase: false,
    // Bounded run: unbounded, "-pay_-pay_-pay_…@" scanned quadratically.
    inText: String.raw`(?<![A-Za-z0-9_])pay_[A-Za-z0-9_-]{1,128}`,
    idLike: String.raw`(?<![A-Za-z0-9_])pay_\S*`,
    hint: 'start with "pay_"',
    probe: 'pay_paymonkeycheck0000000000',
    // The spec shows `pay_abc123` and `pay_abc123xyz789` and states no length: a shorter one is kept
    // (the API may take it) but is more likely half a copied ID than a payment.
    usual: { pattern: /^pay_[A-Za-z0-9]{6,}$/, hint: '"pay_" and at least 6 letters or digits, like pay_abc123' },
  },
  orderLookup: null,
  env: { apiKey: 'CARD2CRYPTO_API_KEY', baseUrl: 'PAYMON_CARD2CRYPTO_URL' },
  defaultBaseUrl: 'https://card2crypto.cc/api/v1',
  keyPrefix: 'c2c_',
  statuses: ['pending', 'completed', 'failed', 'refunded'],
  finalStatuses: ['completed', 'failed', 'refunded'],
  outcomes: { paid: ['completed'], failed: ['failed'], refunded: ['refunded'] },
  dashboardHost: 'card2crypto.cc',
  detail: ['checkout'],
  watch: { deposits: false, refundWatch: ['completed'], untilExpiry: [] },
} as const satisfies ProviderSpec<'card2crypto'>;

/** A Card2Crypto card checkout. */
export interface Card2CryptoPayment extends PaymentBase {
  provider: typeof card2crypto.id;
  checkoutUrl: string | null;
}
