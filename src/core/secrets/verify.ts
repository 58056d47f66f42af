/**
 * Key verification (issue 3): ask the provider for a payment that cannot exist.
 * A 404 means the key was accepted (the provider looked and found nothing), a 401
 * or 403 means it was rejected; anything else leaves the key unverified.
 */
import { PaymonError } from '../../shared/errors.ts';
import type { Provider } from '../../shared/payment.ts';
import type { PaymentRef } from '../../shared/refs.ts';
import { createClient } from '../providers/index.ts';

/** The verdict on a key, and when it was reached. */
export interface KeyVerification {
  verified: 'accepted' | 'rejected' | 'unverified';
  checkedAt: string;
  /** Why it is unverified or rejected, for a person. */
  detail: string | null;
}

/** IDs no real payment has: a 404 for them proves the key was read and accepted. */
const PROBES: Record<Provider, PaymentRef> = {
  card2crypto: { provider: 'card2crypto', kind: 'payment', value: 'pay_paymonkeycheck0000000000' },
  paycrypt: { provider: 'paycrypt', kind: 'payment', value: '00000000-0000-4000-8000-000000000000' },
};

/** Checks `key` against the provider at `baseUrl`. Never throws for provider answers. */
export async function verifyKey(
  provider: Provider,
  key: string,
  opts: { baseUrl: string; fetch?: typeof globalThis.fetch; timeoutMs?: number; now?: () => number },
): Promise<KeyVerification> {
  const checkedAt = (): string => new Date(opts.now?.() ?? Date.now()).toISOString();
  const client = createClient(provider, {
    baseUrl: opts.baseUrl,
    apiKey: key,
    timeoutMs: opts.timeoutMs ?? 10_000,
    ...(opts.fetch ? { fetch: opts.fetch } : {}),
  });
  try {
    await client.fetchPayment(PROBES[provider]);
    return { verified: 'accepted', checkedAt: checkedAt(), detail: null };
  } catch (err) {
    if (!(err instanceof PaymonError)) throw err;
    if (err.kind === 'not_found') return { verified: 'accepted', checkedAt: checkedAt(), detail: null };
    if (err.kind === 'auth') return { verified: 'rejected', checkedAt: checkedAt(), detail: err.message };
    return { verified: 'unverified', checkedAt: checkedAt(), detail: err.message };
  }
}
