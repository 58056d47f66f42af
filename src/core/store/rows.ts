/**
 * Database rows to typed objects. JSON cells are parsed defensively: one damaged cell must not
 * take the whole watchlist down with it, so it reads as "unknown" instead of throwing.
 */
import type { SQLOutputValue } from 'node:sqlite';
import { ERROR_KINDS, type ErrorInfo } from '../../shared/errors.ts';
import type { Payment, PaymentEvent, Provider } from '../../shared/payment.ts';
import { findProviderSpec } from '../../shared/providers/index.ts';
import type { AccountMeta, StatusChange, Verification, WatchDetail, WatchRow } from './types.ts';

/** A row as node:sqlite returns it. */
export type Row = Record<string, SQLOutputValue>;

function text(row: Row, column: string): string {
  const value = row[column];
  return typeof value === 'string' ? value : String(value ?? '');
}

function textOrNull(row: Row, column: string): string | null {
  const value = row[column];
  return typeof value === 'string' ? value : null;
}

function int(row: Row, column: string): number {
  const value = row[column];
  return typeof value === 'number' ? value : Number(value ?? 0);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A JSON cell's value; undefined when the cell is empty or not valid JSON. */
export function parseJson(cell: SQLOutputValue | undefined): unknown {
  if (typeof cell !== 'string') return undefined;
  try {
    return JSON.parse(cell) as unknown;
  } catch {
    return undefined;
  }
}

// We wrote the snapshot ourselves, so a light shape check is enough to catch a damaged cell.
function looksLikePayment(value: unknown): value is Payment {
  if (!isRecord(value) || typeof value.provider !== 'string') return false;
  const spec = findProviderSpec(value.provider);
  if (spec === undefined || typeof value.id !== 'string' || typeof value.status !== 'string') return false;
  // A provider whose pane shows events stores them in the snapshot too.
  return !spec.detail.includes('events') || Array.isArray(value.events);
}

function errorInfo(cell: SQLOutputValue | undefined): ErrorInfo | null {
  if (cell === null || cell === undefined) return null;
  const value = parseJson(cell);
  if (
    isRecord(value) &&
    (ERROR_KINDS as readonly unknown[]).includes(value.kind) &&
    typeof value.message === 'string'
  ) {
    const info: ErrorInfo = { kind: value.kind as ErrorInfo['kind'], message: value.message };
    if (typeof value.retryAfterSeconds === 'number') info.retryAfterSeconds = value.retryAfterSeconds;
    return info;
  }
  // The check did fail, we just can't say how: keep the failure visible.
  return { kind: 'storage', message: 'The saved error for this payment could not be read.' };
}

/** A `watches` row without its raw column. */
export function toWatchRow(row: Row): WatchRow {
  const provider = text(row, 'provider');
  const snapshot = parseJson(row.snapshot);
  return {
    key: text(row, 'key'),
    ref: {
      // The store's code checks the provider on every write (schema v3); kept as written.
      provider: provider as Provider,
      kind: text(row, 'kind') === 'order' ? 'order' : 'payment',
      value: text(row, 'value'),
    },
    account: textOrNull(row, 'account'),
    addedAt: text(row, 'added_at'),
    paused: int(row, 'paused') === 1,
    muted: int(row, 'muted') === 1,
    payment: looksLikePayment(snapshot) ? snapshot : null,
    status: textOrNull(row, 'status'),
    final: int(row, 'final') === 1,
    lastCheckedAt: textOrNull(row, 'last_checked_at'),
    // The team's PostgreSQL schema has no such column yet: its last_checked_at (failures included) stands in.
    lastSeenAt: textOrNull(row, 'last_seen_at' in row ? 'last_seen_at' : 'last_checked_at'),
    lastError: errorInfo(row.last_error),
    notFoundCount: int(row, 'not_found_count'),
    note: typeof row.note === 'string' ? row.note : '',
    tags: tagList(row.tags),
  };
}

/** A tags cell; anything but a JSON array of strings reads as no tags. */
function tagList(cell: unknown): string[] {
  const parsed = typeof cell === 'string' ? parseJson(cell) : null;
  return Array.isArray(parsed) ? parsed.filter((t): t is string => typeof t === 'string') : [];
}

/** A full `watches` row. A damaged raw cell reads as null. */
export function toWatchDetail(row: Row): WatchDetail {
  return { ...toWatchRow(row), raw: parseJson(row.raw) ?? null };
}

/** A `status_changes` row. */
export function toStatusChange(row: Row): StatusChange {
  return {
    from: textOrNull(row, 'from_status'),
    to: text(row, 'to_status'),
    seenAt: text(row, 'seen_at'),
    providerAt: textOrNull(row, 'provider_at'),
  };
}

/** An `events` row. */
export function toEvent(row: Row): PaymentEvent {
  return { type: text(row, 'type'), description: text(row, 'description'), at: text(row, 'at') };
}

const VERIFICATIONS: readonly string[] = ['accepted', 'rejected', 'unverified'] satisfies Verification[];

/** An `accounts` row. */
export function toAccount(row: Row): AccountMeta {
  const provider = text(row, 'provider');
  const verified = text(row, 'verified');
  const budget = row.budget_per_minute;
  return {
    provider: provider as Provider,
    account: text(row, 'account'),
    maskedKey: textOrNull(row, 'masked_key'),
    verified: VERIFICATIONS.includes(verified) ? (verified as Verification) : 'unverified',
    checkedAt: textOrNull(row, 'checked_at'),
    baseUrl: textOrNull(row, 'base_url'),
    budgetPerMinute: typeof budget === 'number' ? budget : null,
  };
}

/** A JSON column's text for a value; null stays SQL NULL. */
export function toJsonCell(value: unknown): string | null {
  return value === undefined || value === null ? null : JSON.stringify(value);
}
