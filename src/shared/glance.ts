/**
 * Today at a glance (issue 13): what the watchlist in view adds up to since local midnight, and
 * the last 24 hours hour by hour. Pure, so the summary strip and any other reader agree; amounts
 * are summed per currency in integer minor units, never converted or rounded.
 */
import type { WatchRowView } from './ipc.ts';
import { findProviderSpec } from './providers/index.ts';

/** What a final status means to a merchant (each provider's `outcomes`). */
export type Outcome = 'paid' | 'failed' | 'refunded';

/** The outcomes, in the order the strip shows them. */
export const OUTCOMES: readonly Outcome[] = ['paid', 'failed', 'refunded'];

/** A count and its amounts, per currency (minor units). */
export interface Tally {
  count: number;
  /** Currency code → sum of minor units, in first-seen order. */
  amounts: Map<string, number>;
}

/** One hour of the chart: final statuses reached in [start, start + 1 h), by outcome. */
export interface GlanceHour {
  start: number;
  counts: Record<Outcome, number>;
}

/** The day so far, what is still pending, and the last 24 hours. */
export interface Glance {
  /** Local midnight of today, epoch ms. */
  since: number;
  today: Record<Outcome, Tally>;
  /** Pending now (checked, not final), whenever it was created. */
  pending: Tally;
  /** Oldest first; the last one holds `now`. */
  hours: GlanceHour[];
}

const HOUR = 3_600_000;

/** The outcome of a row's final status, or null (not final, not checked, or a status without one). */
export function outcomeOf(row: Pick<WatchRowView, 'final' | 'payment'>): Outcome | null {
  const p = row.payment;
  if (!row.final || !p) return null;
  const outcomes = findProviderSpec(p.provider)?.outcomes;
  if (!outcomes) return null;
  for (const o of OUTCOMES) if (outcomes[o].includes(p.status)) return o;
  return null;
}

/**
 * When the row reached its outcome: the provider's own time when it gives one for this change
 * (`updated_at`; the completion time of a paid one; the expiry of an expired one), else when
 * Paymon saw it (its last check: final rows are not checked again, or rarely).
 */
export function outcomeAt(row: Pick<WatchRowView, 'payment' | 'lastCheckedAt'>, outcome: Outcome): number | null {
  const p = row.payment;
  const expiresAt = p && 'expiresAt' in p && p.status === 'expired' ? p.expiresAt : null;
  const candidates = [p?.updatedAt, outcome === 'paid' ? (p?.completedAt ?? p?.confirmedAt) : expiresAt, row.lastCheckedAt];
  for (const c of candidates) {
    const t = c ? Date.parse(c) : NaN;
    if (Number.isFinite(t)) return t;
  }
  return null;
}

function tally(): Tally {
  return { count: 0, amounts: new Map() };
}

function add(t: Tally, amountMinor: number, currency: string): void {
  t.count += 1;
  t.amounts.set(currency, (t.amounts.get(currency) ?? 0) + amountMinor);
}

/** Local midnight of the day holding `now`. */
export function localMidnight(now: number): number {
  const d = new Date(now);
  d.setHours(0, 0, 0, 0);
  return d.getTime();
}

/** The glance over `rows` (the rows in view) at `now`. Linear; 100,000 rows cost one pass. */
export function glance(rows: readonly WatchRowView[], now: number): Glance {
  const since = localMidnight(now);
  const today: Record<Outcome, Tally> = { paid: tally(), failed: tally(), refunded: tally() };
  const pending = tally();
  const firstHour = Math.floor(now / HOUR) * HOUR - 23 * HOUR;
  const hours: GlanceHour[] = Array.from({ length: 24 }, (_, i) => ({ start: firstHour + i * HOUR, counts: { paid: 0, failed: 0, refunded: 0 } }));
  for (const row of rows) {
    const p = row.payment;
    if (!p) continue;
    if (!row.final) {
      add(pending, p.amountMinor, p.currency);
      continue;
    }
    const outcome = outcomeOf(row);
    if (outcome === null) continue;
    const seen = outcomeAt(row, outcome);
    if (seen === null) continue;
    // A provider clock a little ahead of ours still counts now, not never.
    const at = Math.min(seen, now);
    if (at >= since) add(today[outcome], p.amountMinor, p.currency);
    const h = Math.floor((at - firstHour) / HOUR);
    if (h >= 0 && h < 24) hours[h]!.counts[outcome] += 1;
  }
  return { since, today, pending, hours };
}
