/**
 * PayCrypt client: `GET {base}/payment/status?payment_id=…` or `?order_id=…` with a bearer
 * key; the payment object comes back bare (../shared/specs/paycrypt-payment-status.md).
 * Amounts are dollars as JSON numbers and are converted exactly (../money.ts).
 */
import { z } from 'zod';
import { PaymonError } from '../../shared/errors.ts';
import { isFinalStatus, type PaymentEvent, type PayCryptPayment } from '../../shared/payment.ts';
import { providerLabel } from '../../shared/providers/index.ts';
import { paycrypt } from '../../shared/providers/paycrypt.ts';
import { parseOrderId, parsePaymentId, type PaymentRef } from '../../shared/refs.ts';
import { getJson, joinUrl, validateBaseUrl } from '../http.ts';
import {
  currencyCode,
  isoTime,
  metadata,
  optCents,
  optDecimal,
  optString,
  optStringish,
  parseAnswer,
  requiredCents,
  toIsoTime,
} from './fields.ts';
import type { ClientOptions, FetchResult, ProviderClient } from './types.ts';

const LABEL = paycrypt.label;

const Event = z.looseObject({
  event_type: z.string().min(1),
  description: optString,
  occurred_at: z.unknown().optional(),
});

/** Events in time order; a malformed entry is dropped rather than failing the whole payment. */
const events = z.unknown().optional().transform((value): PaymentEvent[] => {
  if (!Array.isArray(value)) return [];
  const timed = value.flatMap((entry) => {
    const parsed = Event.safeParse(entry);
    if (!parsed.success) return [];
    const iso = toIsoTime(parsed.data.occurred_at);
    const raw = typeof parsed.data.occurred_at === 'string' ? parsed.data.occurred_at : '';
    const event: PaymentEvent = { type: parsed.data.event_type, description: parsed.data.description ?? '', at: iso ?? raw };
    return [{ event, ms: iso === null ? Number.POSITIVE_INFINITY : Date.parse(iso) }];
  });
  // Array.prototype.sort is stable, so events with equal (or unreadable) times keep the provider's order.
  timed.sort((a, b) => (a.ms === b.ms ? 0 : a.ms < b.ms ? -1 : 1));
  return timed.map((t) => t.event);
});

/** True for a PayCrypt payment ID exactly as refs.ts defines one (a UUID), with no surrounding text. */
function isPayCryptId(value: string): boolean {
  try {
    const ref = parsePaymentId(value);
    return ref.provider === paycrypt.id && ref.value === value.toLowerCase();
  } catch {
    return false;
  }
}

/** The payment object; unknown fields are kept (loose) and ignored. */
const PaymentBody = z.looseObject({
  // A UUID, also when the lookup was by order ID (nothing else checks it then): the ID is shown,
  // stored, and sent back in later lookups, so text that is not an ID must not get in (issue 16).
  payment_id: z.string().refine(isPayCryptId, { error: 'expected a PayCrypt payment ID (a UUID)' }),
  order_id: optStringish,
  status: z.string().min(1),
  amount: requiredCents,
  amount_received: optDecimal,
  amount_received_usd: optCents,
  coin: optString,
  network: optString,
  currency: currencyCode,
  deposit_address: optString,
  expires_at: isoTime,
  tx_hash: optString,
  block_number: optStringish,
  confirmations: z.number().int().min(0).nullish().catch(null),
  confirmed_at: isoTime,
  created_at: isoTime,
  updated_at: isoTime,
  completed_at: isoTime,
  customer_email: optString,
  customer_name: optString,
  customer_wallet: optString,
  metadata,
  events,
});

/** Normalize a validated PayCrypt payment object into the shared Payment model. */
export function normalizePayCrypt(p: z.output<typeof PaymentBody>): PayCryptPayment {
  return {
    provider: paycrypt.id,
    id: p.payment_id,
    orderId: p.order_id,
    status: p.status,
    final: isFinalStatus(paycrypt.id, p.status),
    amountMinor: p.amount,
    // The spec's example is "USD"; PayCrypt prices in dollars, so that is the default.
    currency: p.currency ?? 'USD',
    createdAt: p.created_at,
    completedAt: p.completed_at,
    confirmedAt: p.confirmed_at,
    updatedAt: p.updated_at,
    customerEmail: p.customer_email,
    customerName: p.customer_name,
    metadata: p.metadata,
    customerWallet: p.customer_wallet,
    coin: p.coin,
    network: p.network,
    depositAddress: p.deposit_address,
    expiresAt: p.expires_at,
    txHash: p.tx_hash,
    blockNumber: p.block_number,
    confirmations: p.confirmations ?? null,
    amountReceived: p.amount_received,
    amountReceivedUsdMinor: p.amount_received_usd,
    events: p.events,
  };
}

/** Re-check a ref before any request; returns the query to send. */
function queryFor(ref: PaymentRef): Record<string, string> {
  if (ref.kind === 'order') return { order_id: parseOrderId(ref.value).value };
  const checked = parsePaymentId(ref.value);
  if (checked.provider !== paycrypt.id) {
    throw new PaymonError('invalid_input', `That is a ${providerLabel(checked.provider)} payment ID, not a ${LABEL} one.`);
  }
  return { payment_id: checked.value };
}

/**
 * The payment object: bare, as documented. A `{ data: {...} }` wrapper (common in
 * other APIs, and cheap to accept) is unwrapped when the top level has no payment_id.
 */
function unwrap(body: unknown): unknown {
  if (typeof body !== 'object' || body === null || 'payment_id' in body) return body;
  const data = (body as { data?: unknown }).data;
  return typeof data === 'object' && data !== null ? data : body;
}

/** A PayCrypt client for one API key. Throws invalid_input for a bad base URL. */
export function createPayCryptClient(opts: ClientOptions): ProviderClient {
  const base = validateBaseUrl(opts.baseUrl, `The ${LABEL} base URL`);
  return {
    provider: paycrypt.id,
    async fetchPayment(ref, callOpts = {}): Promise<FetchResult> {
      const query = queryFor(ref);
      const url = joinUrl(base, ['payment', 'status'], query);
      const { status, body } = await getJson(url, { ...opts, label: LABEL, signal: callOpts.signal, onResponse: callOpts.onResponse });
      const payment = normalizePayCrypt(parseAnswer(PaymentBody, unwrap(body), LABEL, status));
      // UUIDs compare case-insensitively; parsePaymentId lower-cased ours.
      if (query.payment_id !== undefined && payment.id.toLowerCase() !== query.payment_id) {
        throw new PaymonError('bad_response', `${LABEL} answered about a different payment than the one asked for.`, {
          httpStatus: status,
        });
      }
      return { payment, raw: body };
    },
  };
}

/** The registry's entry for this provider (./index.ts). */
export const paycryptClient = { id: paycrypt.id, create: createPayCryptClient } as const;
