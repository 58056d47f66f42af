/**
 * The watchlist store as the engine needs it, asynchronous so that both stores can implement it
 * (issue 15): the embedded SQLite store through an adapter (./sqlite-adapter.ts) and the team
 * PostgreSQL store (./pg-store.ts). One contract test suite runs against both.
 */
import type { ErrorInfo } from '../../shared/errors.ts';
import type { PaymentEvent } from '../../shared/payment.ts';
import type { PaymentRef } from '../../shared/refs.ts';
import type { Observation, ObservationResult, StatusChange, WatchDetail, WatchFilter, WatchRow } from '../store/types.ts';

/** What a shared row adds: who added it, and who on the team said they handle it. */
export interface SharedFields {
  /** The agent who added the payment; null in the single-user store, which does not record it. */
  addedBy: string | null;
  /** The team-wide "handled by …" marker; null when nobody took it (always null in SQLite). */
  handledBy: string | null;
  handledAt: string | null;
}

/** A listed watch with its shared fields. */
export type SharedWatchRow = WatchRow & SharedFields;
/** A watch with its raw answer and shared fields. */
export type SharedWatchDetail = WatchDetail & SharedFields;

/** The store interface both backends implement. Every method may reject with PaymonError('storage'). */
export interface WatchStoreAsync {
  /** Who writes through this store (recorded on every shared row). */
  readonly agent: string;
  /** True when rows are shared between agents (the team store). */
  readonly shared: boolean;
  /** Start watching `ref`; `added` is false when it was already watched. */
  addWatch(ref: PaymentRef, opts?: { account?: string | null; addedAt?: string }): Promise<{ added: boolean }>;
  /** Stop watching (history and events go with it; the ledger stays); false when not watched. */
  removeWatch(key: string): Promise<boolean>;
  getWatch(key: string): Promise<SharedWatchDetail | null>;
  /** Watched payments in the order they were added. */
  listWatches(filter?: WatchFilter): Promise<SharedWatchRow[]>;
  setPaused(key: string, paused: boolean): Promise<boolean>;
  setMuted(key: string, muted: boolean): Promise<boolean>;
  setNote(key: string, note: string, tags: readonly string[]): Promise<boolean>;
  /** A successful check, in one transaction: snapshot, status change (the first counts), events. */
  recordObservation(key: string, obs: Observation): Promise<ObservationResult | null>;
  /** A failed check; returns the not-found count, or null when not watched. */
  recordError(key: string, error: ErrorInfo, at: string, opts?: { notFound?: boolean }): Promise<number | null>;
  statusHistory(key: string): Promise<StatusChange[]>;
  events(key: string): Promise<PaymentEvent[]>;
  /** True exactly once per (payment, status) for this store's agent, across restarts and processes. */
  claimAnnouncement(key: string, toStatus: string, at: string): Promise<boolean>;
  wasAnnounced(key: string, toStatus: string): Promise<boolean>;
  close(): Promise<void>;
}
