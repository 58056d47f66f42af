/**
 * Card2Crypto client: `GET {base}/payments/{id}` with a bearer key, answer wrapped in
 * `{ success, data }` (../shared/specs/card2crypto-get-payment.md). There is no order lookup.
 */
import { z } from 'zod';
import { PaymonError } from '../../shared/errors.ts';
import { isFinalStatus, type Card2CryptoPayment } from '../../shared/payment.ts';
import { card2crypto } from '../../shared/providers/card2crypto.ts';
import { providerLabel } from '../../shared/providers/index.ts';
import { parsePaymentId, type PaymentRef } from '../../shared/refs.ts';
import { getJson, joinUrl, providerText, validateBaseUrl } from '../http.ts';
import { currencyCode, isoTime, metadata, optString, parseAnswer } from './fields.ts';
import type { ClientOptions, FetchResult, ProviderClient } from './types.ts';

const LABEL = card2crypto.label;

/** The payment object inside `data`; unknown fields are kept (loose) and ignored. */
const PaymentData = z.looseObject({
  id: z.string().min(1),
  // Documented as integer cents, so a fraction or a string means the answer is not what we think.
  amount: z.number().int(),
  currency: currencyCode,
  status: z.string().min(1),
  checkout_url: optString,
  customer_email: optString,
  customer_name: optString,
  metadata,
  created_at: isoTime,
  completed_at: isoTime,
  // Not documented; read when present.
  updated_at: isoTime,
});

const Envelope = z.looseObject({ success: z.boolean().optional(), data: PaymentData });

/** Normalize a validated `data` object into the shared Payment model. */
export function normalizeCard2Crypto(data: z.output<typeof PaymentData>): Card2CryptoPayment {
  const orderId = data.metadata.order_id;
  return {
    provider: card2crypto.id,
    id: data.id,
    orderId: typeof orderId === 'string' ? orderId : null,
    status: data.status,
    final: isFinalStatus(card2crypto.id, data.status),
    amountMinor: data.amount,
    // The spec says currency is always "usd"; default to that rather than reject a missing field.
    currency: data.currency ?? 'USD',
    createdAt: data.created_at,
    completedAt: data.completed_at,
    confirmedAt: null,
    updatedAt: data.updated_at,
    customerEmail: data.customer_email,
    customerName: data.customer_name,
    metadata: data.metadata,
    checkoutUrl: data.checkout_url,
  };
}

/** Re-check a ref before any request: only Card2Crypto payment IDs may reach the URL. */
function checkRef(ref: PaymentRef): string {
  if (ref.kind === 'order') {
    throw new PaymonError('invalid_input', `${LABEL} has no order lookup; look the payment up by its ID (pay_…).`);
  }
  const checked = parsePaymentId(ref.value);
  if (checked.provider !== card2crypto.id) {
    throw new PaymonError('invalid_input', `That is a ${providerLabel(checked.provider)} payment ID, not a ${LABEL} one.`);
  }
  return checked.value;
}

/** A Card2Crypto client for one API key. Throws invalid_input for a bad base URL. */
export function createCard2CryptoClient(opts: ClientOptions): ProviderClient {
  const base = validateBaseUrl(opts.baseUrl, `The ${LABEL} base URL`);
  return {
    provider: card2crypto.id,
    async fetchPayment(ref, callOpts = {}): Promise<FetchResult> {
      const id = checkRef(ref);
      const url = joinUrl(base, ['payments', id]);
      const { status, body } = await getJson(url, { ...opts, label: LABEL, signal: callOpts.signal, onResponse: callOpts.onResponse });
      if (typeof body === 'object' && body !== null && (body as { success?: unknown }).success === false) {
        const said = providerText(body, opts.apiKey);
        throw new PaymonError('bad_response', `${LABEL} reported a failure${said ? `: "${said}"` : ''} (status ${status}).`, {
          httpStatus: status,
        });
      }
      const { data } = parseAnswer(Envelope, body, LABEL, status);
      if (data.id !== id) {
        const other = data.id.slice(0, 80).replace(/[^\x20-\x7e]/g, '?');
        throw new PaymonError('bad_response', `${LABEL} answered about payment ${other} instead of ${id}.`, { httpStatus: status });
      }
      return { payment: normalizeCard2Crypto(data), raw: body };
    },
  };
}

/** The registry's entry for this provider (./index.ts). */
export const card2cryptoClient = { id: card2crypto.id, create: createCard2CryptoClient } as const;
