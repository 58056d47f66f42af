/**
 * Card2Crypto payments as lifecycle scripts: the state at time T is a pure
 * function of T, so a benchmark knows exactly when each status changed.
 * Body shape: /work/shared/specs/card2crypto-get-payment.md (GET /payments/{id}).
 */

/** How a Card2Crypto payment ends: completed or failed at a time, or pending forever. */
export type Card2CryptoOutcome = { complete: number } | { fail: number } | 'pending';

/** What a test or scenario says about a new Card2Crypto payment. Times are ms epoch. */
export interface Card2CryptoSpec {
  id?: string;
  /** The shop's API key; defaults to the world's default Card2Crypto key. */
  key?: string;
  /** Integer cents. */
  amount: number;
  customer?: { email?: string | null; name?: string | null };
  /** Custom data; an `order_id` is generated when missing. */
  metadata?: Record<string, unknown>;
  createdAt?: number;
  outcome: Card2CryptoOutcome;
  /** Only after a completion: the time an admin refunds it. */
  refundAt?: number;
  /** Status changes after the outcome (and refund), e.g. a status the spec does not document. */
  later?: readonly LaterChange[];
}

/** A validated script, every default filled in. */
export interface Card2CryptoScript {
  id: string;
  key: string;
  amount: number;
  email: string | null;
  name: string | null;
  metadata: Record<string, unknown>;
  createdAt: number;
  outcome: Card2CryptoOutcome;
  refundAt: number | null;
  later: readonly LaterChange[];
}

/** One status change of a scripted payment. */
export interface StatusChange {
  status: string;
  at: number;
}

/**
 * A scripted change after a payment's outcome (issue 14's reopenings): paid after expiry, topped
 * up after an underpayment, an undocumented status. Deposit fields apply to PayCrypt only.
 */
export interface LaterChange {
  at: number;
  status: string;
  /** The crypto amount received from then on (a late deposit, a top-up). */
  amountReceived?: number | string;
  /** The deposit's confirmations from then on. */
  confirmations?: number;
}

/** Throws RangeError unless `later` moves forward in time, strictly after `last`. */
export function validateLater(id: string, later: readonly LaterChange[], last: number): void {
  let t = last;
  for (const change of later) {
    if (!(change.at > t)) throw new RangeError(`${id}: later changes must come after the outcome, in time order`);
    if (change.status.trim() === '') throw new RangeError(`${id}: a later change needs a status`);
    t = change.at;
  }
}

/** Check a script's times, throwing RangeError for one that could not happen. */
export function validateCard2Crypto(s: Card2CryptoScript): void {
  if (!Number.isInteger(s.amount) || s.amount <= 0) throw new RangeError(`amount must be positive cents: ${s.amount}`);
  const end = s.outcome === 'pending' ? null : 'complete' in s.outcome ? s.outcome.complete : s.outcome.fail;
  if (end !== null && end < s.createdAt) throw new RangeError(`${s.id}: outcome before creation`);
  if (s.refundAt !== null) {
    if (s.outcome === 'pending' || !('complete' in s.outcome)) {
      throw new RangeError(`${s.id}: only a completed payment can be refunded`);
    }
    if (s.refundAt < s.outcome.complete) throw new RangeError(`${s.id}: refund before completion`);
  }
  validateLater(s.id, s.later, Math.max(s.createdAt, end ?? 0, s.refundAt ?? 0));
}

/** Every status the payment takes, in time order, starting with `pending` at creation. */
export function card2cryptoChanges(s: Card2CryptoScript): StatusChange[] {
  const changes: StatusChange[] = [{ status: 'pending', at: s.createdAt }];
  if (s.outcome !== 'pending' && 'fail' in s.outcome) changes.push({ status: 'failed', at: s.outcome.fail });
  else if (s.outcome !== 'pending') changes.push({ status: 'completed', at: s.outcome.complete });
  if (s.refundAt !== null) changes.push({ status: 'refunded', at: s.refundAt });
  for (const change of s.later) changes.push({ status: change.status, at: change.at });
  return changes;
}

/** The status at time `t`, or null before the payment exists. */
export function card2cryptoStatusAt(s: Card2CryptoScript, t: number): string | null {
  let status: string | null = null;
  for (const change of card2cryptoChanges(s)) if (change.at <= t) status = change.status;
  return status;
}

/** ISO 8601 to the second, like the spec's examples ("2025-10-16T12:00:00Z"). */
export function isoSeconds(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/** The `data` object of a 200 answer at time `t` (the payment must exist at `t`). */
export function card2cryptoData(s: Card2CryptoScript, t: number, checkoutBase: string): Record<string, unknown> {
  const status = card2cryptoStatusAt(s, t) ?? 'pending';
  const completeAt = s.outcome !== 'pending' && 'complete' in s.outcome ? s.outcome.complete : null;
  // The spec keeps completed_at on a refunded payment and null for pending/failed.
  const completedAt = (status === 'completed' || status === 'refunded') && completeAt !== null ? isoSeconds(completeAt) : null;
  return {
    id: s.id,
    amount: s.amount,
    currency: 'usd',
    status,
    checkout_url: `${checkoutBase}${s.id}`,
    customer_email: s.email,
    customer_name: s.name,
    metadata: s.metadata,
    created_at: isoSeconds(s.createdAt),
    completed_at: completedAt,
    // Undocumented on purpose: clients must tolerate fields the spec does not list.
    livemode: false,
  };
}
