/**
 * The detail pane's timeline: the provider's events and the status changes Paymon observed,
 * merged in time order. Pure.
 */
import type { StatusChangeView } from '../../../shared/ipc.ts';
import type { PaymentEvent } from '../../../shared/payment.ts';
import { toMs } from './time.ts';

/** One line of the timeline. */
export type TimelineEntry =
  | { kind: 'event'; at: string; type: string; text: string }
  | { kind: 'observed'; at: string; from: string | null; to: string; providerAt: string | null };

/**
 * Events and observed changes by time. On equal times the provider's event comes first (Paymon
 * sees a change after it happened); unreadable times go last; the sort is stable otherwise.
 */
export function mergeTimeline(events: readonly PaymentEvent[], history: readonly StatusChangeView[]): TimelineEntry[] {
  const entries: TimelineEntry[] = [
    ...events.map((e): TimelineEntry => ({ kind: 'event', at: e.at, type: e.type, text: e.description || e.type })),
    ...history.map((h): TimelineEntry => ({ kind: 'observed', at: h.seenAt, from: h.from, to: h.to, providerAt: h.providerAt })),
  ];
  const ms = (e: TimelineEntry) => toMs(e.at) ?? Number.POSITIVE_INFINITY;
  return entries
    .map((entry, i) => ({ entry, i, t: ms(entry) }))
    .sort((a, b) => (a.t === b.t ? a.i - b.i : a.t < b.t ? -1 : 1))
    .map((x) => x.entry);
}
