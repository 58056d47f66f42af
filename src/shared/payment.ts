/**
 * The one payment model both providers are normalized into. Pure types and
 * functions: imported by the core, the CLI, main, preload (types only) and the renderer.
 */

import { BUILT_IN_PROVIDERS, byProvider, findProviderSpec, type Provider } from './providers/index.ts';
import type { Card2CryptoPayment } from './providers/card2crypto.ts';
import type { PayCryptPayment } from './providers/paycrypt.ts';

export type { Provider } from './providers/index.ts';
export type { Card2CryptoPayment } from './providers/card2crypto.ts';
export type { PayCryptPayment } from './providers/paycrypt.ts';

/** The payment providers Paymon ships, from the registry (./providers/index.ts). */
export const PROVIDERS: readonly Provider[] = BUILT_IN_PROVIDERS.map((s) => s.id);

/** Human names for display. */
export const PROVIDER_LABELS: Readonly<Record<Provider, string>> = byProvider((s) => s.label);

/** Statuses each provider documents (../shared/specs). Unknown words are kept, never dropped. */
export const KNOWN_STATUSES: Readonly<Record<Provider, readonly string[]>> = byProvider((s) => s.statuses);

/** Statuses after which the provider will not move the payment on its own (issue 2). */
export const FINAL_STATUSES: Readonly<Record<Provider, readonly string[]>> = byProvider((s) => s.finalStatuses);

/** Whether `status` is final for `provider`. Unknown statuses are not final: keep watching. */
export function isFinalStatus(provider: Provider, status: string): boolean {
  return findProviderSpec(provider)?.finalStatuses.includes(status) ?? false;
}

/** One entry of a PayCrypt event timeline. */
export interface PaymentEvent {
  type: string;
  description: string;
  /** ISO 8601 time the provider says the event occurred. */
  at: string;
}

/** Fields every provider's payment has after normalization. Times are ISO 8601 strings or null. */
export interface PaymentBase {
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

/** A normalized payment of any provider: one member per provider, each defined in its module. */
export type Payment = Card2CryptoPayment | PayCryptPayment;

/** A payment with a crypto deposit (chain, transaction, confirmations, provider events): PayCrypt's shape. */
export type DepositPayment = Extract<Payment, { txHash: string | null }>;

/** A payment with a card checkout page: Card2Crypto's shape. */
export type CheckoutPayment = Extract<Payment, { checkoutUrl: string | null }>;

/** Whether `p` carries deposit fields. Branch on the shape, never on a provider's name (issue 12). */
export function isDepositPayment(p: Payment | null | undefined): p is DepositPayment {
  return p !== null && p !== undefined && 'txHash' in p;
}

/** Whether `p` carries a checkout page. */
export function isCheckoutPayment(p: Payment | null | undefined): p is CheckoutPayment {
  return p !== null && p !== undefined && 'checkoutUrl' in p;
}
