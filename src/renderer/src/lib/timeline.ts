/**
 * The detail pane's timeline: the provider's events and the status changes Paymon observed,
 * merged in time order. Pure.
 */
import type { StatusChangeView } from '../../../shared/ipc.ts';
import type { PaymentEvent } from '../../../shared/payment.ts';
import { findProviderSpec } from '../../../shared/providers/index.ts';
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

/** How the pane titles a provider's timeline, and whether it shows the provider's own events. */
export interface TimelineHeading {
  title: string;
  /** Who the events come from: the provider's label from its spec. */
  source: string;
  showsEvents: boolean;
}

/**
 * The timeline heading for `provider`, from its spec (issue 12): "Timeline" with the provider's
 * events where its spec lists them, else the status history Paymon observed. Always the
 * provider's own name (every provider but PayCrypt used to be labelled "Card2Crypto").
 */
export function timelineHeading(provider: string): TimelineHeading {
  const spec = findProviderSpec(provider);
  const showsEvents = spec?.detail.includes('events') ?? false;
  return { title: showsEvents ? 'Timeline' : 'Status history', source: spec?.label ?? provider, showsEvents };
}
