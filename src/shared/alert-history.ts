/** The alert history's shapes (issue 14): what the in-app list shows and how it is filtered. Pure types. */
import type { Provider } from './payment.ts';

/**
 * Kinds of alert: status changes (src/core/monitor/transitions.ts), then watch alerts about a
 * payment that does not move (src/core/alerts/watch-alerts.ts): stuck pending, about to expire,
 * confirmations stalled, and the optional deposit milestones.
 */
export const ALERT_KINDS = ['final', 'reopened', 'unknown-status', 'stuck-pending', 'expiring', 'stalled', 'deposit-seen', 'confirmations'] as const;
export type AlertKindView = (typeof ALERT_KINDS)[number];

/** The watch alerts: about a payment that does not move, or a deposit milestone, not a status change. */
export const WATCH_ALERT_KINDS = ['stuck-pending', 'expiring', 'stalled', 'deposit-seen', 'confirmations'] as const satisfies readonly AlertKindView[];

export type WatchAlertKindView = (typeof WATCH_ALERT_KINDS)[number];

/** The status changes, the kinds that are not watch alerts. */
export const STATUS_ALERT_KINDS = ['final', 'reopened', 'unknown-status'] as const satisfies readonly AlertKindView[];

/** Each kind in people's words: the rules editor's picker, the history's filter, `paymon watch`. */
export const KIND_LABELS = {
  'final': 'final',
  'reopened': 'reopened',
  'unknown-status': 'unknown status',
  'stuck-pending': 'stuck pending',
  'expiring': 'about to expire',
  'stalled': 'confirmations stalled',
  'deposit-seen': 'deposit seen',
  'confirmations': 'N confirmations',
} as const satisfies Record<AlertKindView, string>;

/** The kinds in two groups, as the editor and the history offer them. */
export const KIND_GROUPS = [
  { label: 'Status changes', kinds: STATUS_ALERT_KINDS },
  { label: 'Watch alerts', kinds: WATCH_ALERT_KINDS },
] as const;

/** Whether `kind` is a watch alert's. */
export function isWatchAlertKind(kind: AlertKindView): kind is WatchAlertKindView {
  return (WATCH_ALERT_KINDS as readonly string[]).includes(kind);
}

/**
 * Why a desktop notification was raised or not (src/core/alerts/rules.ts), decided in the claim's
 * transaction: 'desktop' raises one; the others record the alert in-app only.
 */
export const ALERT_DECISIONS = ['desktop', 'quiet-hours', 'rule-silent', 'status-off', 'muted', 'mute-all'] as const;
export type AlertDecisionView = (typeof ALERT_DECISIONS)[number];

/**
 * What became of the desktop notification, as main reports it: 'pending' until the OS answers,
 * 'none' when none was raised (a silencing decision, or `paymon watch`, which has no desktop).
 */
export const ALERT_DELIVERIES = ['pending', 'shown', 'clicked', 'failed', 'none'] as const;
export type AlertDeliveryView = (typeof ALERT_DELIVERIES)[number];

/** One recorded alert. */
export interface AlertView {
  id: number;
  /** When the alert was claimed (ISO). */
  at: string;
  key: string;
  provider: Provider;
  account: string | null;
  kind: AlertKindView;
  from: string | null;
  to: string;
  /** For a reopening, the final status it came after. */
  after: string | null;
  title: string;
  body: string;
  amountMinor: number;
  currency: string;
  /** The rule that decided, by id and the name it had then; null for the per-status choice. */
  rule: { id: string; name: string } | null;
  /** The rule asked for a sound. */
  sound: boolean;
  decision: AlertDecisionView;
  delivery: AlertDeliveryView;
  /** The OS's reason when the notification failed. */
  deliveryError: string | null;
  /** Set when the notification was one grouped notification for several alerts (the group's first id). */
  groupId: number | null;
}

/** Filters of the history list; all optional, combined with AND. */
export interface AlertFilter {
  provider?: Provider;
  account?: string;
  kind?: AlertKindView;
  decision?: AlertDecisionView;
  delivery?: AlertDeliveryView;
  /** Words in the title or body, or the payment key. */
  text?: string;
  /** Newest first; at most this many (default and cap 500). */
  limit?: number;
}

/** Most rows one history request returns. */
export const MAX_HISTORY_ROWS = 500;

/** What each decision means, in the history's words. */
export const DECISION_LABELS = {
  'desktop': 'Desktop notification',
  'quiet-hours': 'Held: quiet hours',
  'rule-silent': 'In-app only (rule)',
  'status-off': 'In-app only (status off)',
  'muted': 'Held: payment muted',
  'mute-all': 'Held: all muted',
} as const satisfies Record<AlertDecisionView, string>;

/** What became of the notification, in the history's words. */
export const DELIVERY_LABELS = {
  pending: 'Sent',
  shown: 'Delivered',
  clicked: 'Clicked',
  failed: 'Failed',
  none: '—',
} as const satisfies Record<AlertDeliveryView, string>;
