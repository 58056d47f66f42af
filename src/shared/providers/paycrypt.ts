/**
 * PayCrypt's facts (/work/shared/specs/paycrypt-payment-status.md): crypto deposits looked up by
 * payment ID (a UUID) or order ID, keys `sk_live_…`, an event timeline per payment.
 */
import type { PaymentBase, PaymentEvent } from '../payment.ts';
import type { ProviderSpec } from './types.ts';

/** PayCrypt's spec. */
export const paycrypt = {
  id: 'paycrypt',
  label: 'PayCrypt',
  paymentId: {
    pattern: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
    lowerCase: true,
    // Not glued to more hex or a dash on the left.
    inText: String.raw`(?<![0-9A-Za-z-])[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}`,
    // Dashed hex of UUID-ish length.
    idLike: String.raw`(?<![0-9A-Za-z-])[0-9a-fA-F]{6,}(?:-[0-9a-fA-F]+){2,}\S*`,
    hint: 'are UUIDs',
    probe: '00000000-0000-4000-8000-00000000cafe',
  },
  // Order references are system-generated; accept a conservative safe set.
  orderLookup: { pattern: /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/ },
  env: { apiKey: 'PAYCRYPT_API_KEY', baseUrl: 'PAYMON_PAYCRYPT_URL' },
  defaultBaseUrl: 'https://api.paycrypt.io',
  keyPrefix: 'sk_',
  statuses: ['pending', 'confirmed', 'underpaid', 'overpaid', 'expired', 'failed'],
  finalStatuses: ['confirmed', 'overpaid', 'underpaid', 'expired', 'failed'],
  // Overpaid is money in (the surplus is the merchant's to settle); underpaid is not paid in full.
  outcomes: { paid: ['confirmed', 'overpaid'], failed: ['underpaid', 'expired', 'failed'], refunded: [] },
  dashboardHost: 'paycrypt.io',
  detail: ['deposit', 'events'],
  // An expired payment can still be paid late (issue 14's reopenings): watched with fading frequency.
  watch: { deposits: true, refundWatch: ['expired'], untilExpiry: ['underpaid'] },
} as const satisfies ProviderSpec<'paycrypt'>;

/** A PayCrypt crypto deposit. */
export interface PayCryptPayment extends PaymentBase {
  provider: typeof paycrypt.id;
  customerWallet: string | null;
  coin: string | null;
  network: string | null;
  depositAddress: string | null;
  expiresAt: string | null;
  txHash: string | null;
  blockNumber: string | null;
  confirmations: number | null;
  /** Crypto amount received, as an exact decimal string (never a float). */
  amountReceived: string | null;
  amountReceivedUsdMinor: number | null;
  /** Provider events in time order. */
  events: PaymentEvent[];
}
