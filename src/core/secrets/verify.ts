/**
 * Key verification for the app's key dialog: ask the provider for a payment that cannot
 * exist. A 404 means the provider read the key and looked (accepted), a 401/403 means it
 * refused the key (rejected); anything else (timeout, 5xx, 429) proves nothing (unverified).
 */
import { PaymonError } from '../../shared/errors.ts';
import type { Verification } from '../../shared/ipc.ts';
import type { Provider } from '../../shared/payment.ts';
import { providerSpec } from '../../shared/providers/index.ts';
import type { PaymentRef } from '../../shared/refs.ts';
import { redact } from '../http.ts';
import { createClient } from '../providers/index.ts';

/** The verdict on a key; `detail` says why it is not accepted, never containing the key. */
export interface KeyVerdict {
  verified: Verification;
  checkedAt: string;
  detail: string | null;
}

/** A well-formed ID no real payment has (each provider's spec names one). */
function probe(provider: Provider): PaymentRef {
  return { provider, kind: 'payment', value: providerSpec(provider).paymentId.probe };
}

/** Checks `key` against the provider at `baseUrl`; never throws for what the provider answers. */
export async function verifyKey(
  provider: Provider,
  key: string,
  opts: { baseUrl: string; fetch?: typeof globalThis.fetch; timeoutMs?: number; now?: () => number },
): Promise<KeyVerdict> {
  const checkedAt = new Date(opts.now?.() ?? Date.now()).toISOString();
  const client = createClient(provider, {
    baseUrl: opts.baseUrl,
    apiKey: key,
    timeoutMs: opts.timeoutMs ?? 10_000,
    ...(opts.fetch ? { fetch: opts.fetch } : {}),
  });
  try {
    await client.fetchPayment(probe(provider));
    // A payment with a made-up ID exists only on a permissive test server: the key was still read.
    return { verified: 'accepted', checkedAt, detail: null };
  } catch (err) {
    if (!(err instanceof PaymonError)) return { verified: 'unverified', checkedAt, detail: 'The check failed unexpectedly.' };
    if (err.kind === 'not_found') return { verified: 'accepted', checkedAt, detail: null };
    // The clients redact the key from provider text; this makes sure of it, with the same rule.
    const detail = redact(err.message, key, '[key]');
    return { verified: err.kind === 'auth' ? 'rejected' : 'unverified', checkedAt, detail };
  }
}
