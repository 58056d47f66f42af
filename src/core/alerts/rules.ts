/**
 * Who hears of an alert (issue 14), decided once in the core so the app and `paymon watch` agree:
 * everything muted, the payment muted, the first matching rule, else the per-status choice; then
 * quiet hours hold back the desktop notification. Every alert is recorded and shown in-app whatever
 * this says; it decides only the desktop notification.
 */
import type { AlertDecisionView, AlertKindView } from '../../shared/alert-history.ts';
import { inQuietHours, type AlertSettingsView, type NotifyRule } from '../../shared/alert-rules.ts';
import type { SettingsView } from '../../shared/ipc.ts';
import type { Provider } from '../../shared/payment.ts';
import { NOTIFIABLE_STATUSES } from '../../shared/settings.ts';

/** What an alert is about, as rules see it. */
export interface AlertSubject {
  provider: Provider;
  /** The account (shop) that answered, null when not known yet. */
  account: string | null;
  /** The status reached (a watch alert's: the one it stays in). */
  status: string;
  /** What the alert is: a final status, a reopening, stuck pending, a milestone… */
  kind: AlertKindView;
  amountMinor: number;
  currency: string;
  /** The payment is muted (its detail pane). */
  muted: boolean;
}

/** Why a desktop notification is raised or not; recorded in the history. */
export type Decision = AlertDecisionView;

/** The verdict on one alert. */
export interface Delivery {
  /** Raise a desktop notification. */
  desktop: boolean;
  decision: Decision;
  /** The rule that decided, null for the per-status choice or a mute. */
  rule: { id: string; name: string } | null;
  /** Play a sound (the rule's choice). */
  sound: boolean;
}

/** Whether `rule` applies to `subject`. */
export function ruleMatches(rule: NotifyRule, subject: AlertSubject): boolean {
  if (!rule.enabled) return false;
  if (rule.providers.length > 0 && !rule.providers.includes(subject.provider)) return false;
  if (rule.accounts.length > 0 && (subject.account === null || !rule.accounts.includes(subject.account))) return false;
  if (rule.statuses.length > 0 && !rule.statuses.includes(subject.status)) return false;
  // Missing (a rule saved before kinds) or empty: every kind.
  if (rule.kinds && rule.kinds.length > 0 && !rule.kinds.includes(subject.kind)) return false;
  // Exact minor units per currency: no rate conversion, so a EUR payment never meets a USD threshold.
  if (Object.keys(rule.minAmount).length === 0) return true;
  const min = rule.minAmount[subject.currency.toUpperCase()];
  return min !== undefined && subject.amountMinor >= min;
}

/** Minutes since local midnight at `ms`: quiet hours are the user's wall clock. */
export function localMinutes(ms: number): number {
  const d = new Date(ms);
  return d.getHours() * 60 + d.getMinutes();
}

/** Decides the desktop notification of one alert at local time `minutes` (since midnight). */
export function decideDelivery(prefs: SettingsView, alerts: AlertSettingsView, subject: AlertSubject, minutes: number): Delivery {
  const none = (decision: Decision, rule: Delivery['rule'] = null): Delivery => ({ desktop: false, decision, rule, sound: false });
  if (prefs.muteAll) return none('mute-all');
  if (subject.muted) return none('muted');
  const match = alerts.rules.find((r) => ruleMatches(r, subject));
  const rule = match ? { id: match.id, name: match.name } : null;
  if (match && !match.notify) return none('rule-silent', rule);
  // A status no choice is offered for (back to pending, undocumented) is rare and wants a look.
  if (!match && NOTIFIABLE_STATUSES.includes(subject.status) && !prefs.notifyStatuses.includes(subject.status)) return none('status-off');
  if (inQuietHours(alerts.quietHours, minutes)) return none('quiet-hours', rule);
  return { desktop: true, decision: 'desktop', rule, sound: match?.sound ?? false };
}
