/** The typed rows the store hands out. Times are ISO 8601 strings, like the payment model's. */
import type { ErrorInfo } from '../../shared/errors.ts';
import type { Payment, PaymentEvent, Provider } from '../../shared/payment.ts';
import type { PaymentRef } from '../../shared/refs.ts';

/** One watched payment as listed: everything except the provider's raw answer (kept out for speed). */
export interface WatchRow {
  /** refKey(ref). */
  key: string;
  ref: PaymentRef;
  /** The account (shop) whose key found the payment; null until known. */
  account: string | null;
  addedAt: string;
  paused: boolean;
  /** No desktop notification for this payment (schema v2). */
  muted: boolean;
  /** The last normalized answer; null before the first successful check or if it can't be read. */
  payment: Payment | null;
  status: string | null;
  final: boolean;
  /** The last check, answered or failed (what the UI shows). */
  lastCheckedAt: string | null;
  /** The last check the provider answered (schema v7); the engine schedules from it after a restart. */
  lastSeenAt: string | null;
  lastError: ErrorInfo | null;
  /** Not-found answers since the last successful check. */
  notFoundCount: number;
  /** The user's note (schema v4); '' when none. */
  note: string;
  /** The user's tags (schema v4). */
  tags: string[];
}

/** A watched payment with the provider's raw answer (null before the first successful check). */
export interface WatchDetail extends WatchRow {
  raw: unknown;
}

/** What removeWatch returns: enough to put the payment back exactly with restoreWatch. */
export interface RemovedWatch extends WatchDetail {
  history: StatusChange[];
  events: PaymentEvent[];
}

/** Which watches to list. */
export interface WatchFilter {
  /** Only final (true) or only still-moving (false) payments; all when absent. */
  final?: boolean;
}

/** One status transition as Paymon saw it. */
export interface StatusChange {
  /** null for the first observation. */
  from: string | null;
  to: string;
  /** When Paymon observed the new status. */
  seenAt: string;
  /** When the provider says it changed, if it says. */
  providerAt: string | null;
}

/** A successful check of one payment. */
export interface Observation {
  payment: Payment;
  /** The provider's answer as received, for support questions. */
  raw: unknown;
  /** The account whose key answered. */
  account?: string;
  seenAt: string;
  /** The provider's time for a status change; defaults to payment.updatedAt. */
  providerAt?: string | null;
}

/** What recordObservation saw. */
export interface ObservationResult {
  /** True when the status differs from the stored one, including the first observation. */
  changed: boolean;
  from: string | null;
  to: string;
}

/** Whether the provider accepted an account's key the last time it was checked. */
export type Verification = 'accepted' | 'rejected' | 'unverified';

/** An account's metadata. Never the key itself: that stays in the OS keychain. */
export interface AccountMeta {
  provider: Provider;
  account: string;
  /** A masked form for display (e.g. "c2c_live_…wxyz"); must contain a mask character. */
  maskedKey: string | null;
  verified: Verification;
  checkedAt: string | null;
  /** Overrides the provider's base URL (the simulator, a staging host). */
  baseUrl: string | null;
  /** Requests per minute this account may spend; null for the default. */
  budgetPerMinute: number | null;
}
