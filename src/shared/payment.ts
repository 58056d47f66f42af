/**
 * The one payment model both providers are normalized into. Pure types and
 * functions: imported by the core, the CLI, main, preload (types only) and the renderer.
 */

/** The payment providers Paymon knows. */
export const PROVIDERS = ['card2crypto', 'paycrypt'] as const;
export type Provider = (typeof PROVIDERS)[number];

/** Human names for display. */
export const PROVIDER_LABELS: Record<Provider, string> = {
  card2crypto: 'Card2Crypto',
  paycrypt: 'PayCrypt',
};

/** Statuses each provider documents (../shared/specs). Unknown words are kept, never dropped. */
export const KNOWN_STATUSES = {
  card2crypto: ['pending', 'completed', 'failed', 'refunded'],
  paycrypt: ['pending', 'confirmed', 'underpaid', 'overpaid', 'expired', 'failed'],
} as const satisfies Record<Provider, readonly string[]>;

/** Statuses after which the provider will not move the payment on its own (issue 2). */
export const FINAL_STATUSES = {
  card2crypto: ['completed', 'failed', 'refunded'],
  paycrypt: ['confirmed', 'overpaid', 'underpaid', 'expired', 'failed'],
} as const satisfies Record<Provider, readonly string[]>;

/** Whether `status` is final for `provider`. Unknown statuses are not final: keep watching. */
export function isFinalStatus(provider: Provider, status: string): boolean {
  return (FINAL_STATUSES[provider] as readonly string[]).includes(status);
}

/** One entry of a PayCrypt event timeline. */
export interface PaymentEvent {
  type: string;
  description: string;
  /** ISO 8601 time the provider says the event occurred. */
  at: string;
}

/** Fields both providers share after normalization. Times are ISO 8601 strings or null. */
interface PaymentBase {
  id: string;
  orderId: string | null;
  /** The provider's own status word. */
  status: string;
  final: boolean;
  /** Amount in integer minor units (cents). */
  amountMinor: number;
  /** Upper-case currency code, e.g. "USD". */
  currency: string;
  createdAt: string | null;
  completedAt: string | null;
  confirmedAt: string | null;
  updatedAt: string | null;
  customerEmail: string | null;
  customerName: string | null;
  metadata: Record<string, unknown>;
}

/** A Card2Crypto card checkout. */
export interface Card2CryptoPayment extends PaymentBase {
  provider: 'card2crypto';
  checkoutUrl: string | null;
}

/** A PayCrypt crypto deposit. */
export interface PayCryptPayment extends PaymentBase {
  provider: 'paycrypt';
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

/** A normalized payment of either provider. */
export type Payment = Card2CryptoPayment | PayCryptPayment;
