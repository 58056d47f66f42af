/**
 * Notification rules and quiet hours (issue 14): the shapes the settings screen edits, main
 * validates (./ipc-schemas.ts) and the core evaluates (src/core/alerts/rules.ts). Pure types.
 */
import { KIND_LABELS, type AlertKindView } from './alert-history.ts';
import { PROVIDER_LABELS, type Provider } from './payment.ts';

/**
 * One rule. The first enabled rule that matches an alert decides it; when none matches, the
 * per-status choice (SettingsView.notifyStatuses) does. An empty list matches anything.
 */
export interface NotifyRule {
  /** Stable id, recorded in the alert history ("which rule"). */
  id: string;
  /** The name people see in the history and the editor. */
  name: string;
  enabled: boolean;
  /** Providers it applies to; empty: all. */
  providers: Provider[];
  /** Accounts (shops) it applies to, by name; empty: all. */
  accounts: string[];
  /** Statuses reached it applies to; empty: all. A watch alert's status is the one it stays in (pending). */
  statuses: string[];
  /**
   * Kinds of alert it applies to (a final status, stuck pending, a milestone…); empty or missing:
   * all. Optional: rules saved before kinds existed load unchanged and match every kind.
   */
  kinds?: AlertKindView[];
  /**
   * At or above these amounts, in minor units per currency ({ USD: 100000 } is $1,000.00). When
   * any is set, a payment in a currency without one does not match.
   */
  minAmount: Record<string, number>;
  /** Raise a desktop notification (true), or record the alert in-app only (false). */
  notify: boolean;
  /** Play the OS's notification sound (off by default). */
  sound: boolean;
}

/** Local times "HH:MM" between which no desktop notification is raised (alerts are still recorded). */
export interface QuietHours {
  start: string;
  end: string;
}

/**
 * Alerts about payments that do not move, and deposit milestones (issue 14). Each fires once per
 * episode and goes through the rules and quiet hours like any alert (src/core/alerts/watch-alerts.ts).
 */
export interface WatchAlertSettings {
  /** Minutes a payment may stay pending before "Pending for …", per provider (missing: the default); null: off. */
  stuckPendingMinutes: Partial<Record<Provider, number | null>>;
  /** PayCrypt: "Expires in N min, no deposit yet" this many minutes before expires_at; null: off. */
  expiringMinutes: number | null;
  /** "Confirmations stalled at N": a deposit whose count stops moving for several block times. */
  stalled: boolean;
  /** "Deposit seen" and "N confirmations" (off by default). */
  milestones: { enabled: boolean; confirmations: number };
}

/** The rules and quiet hours, as saved and shown. */
export interface AlertSettingsView {
  rules: NotifyRule[];
  /** Null: no quiet hours. */
  quietHours: QuietHours | null;
  /** Stuck payments and milestones. */
  watch: WatchAlertSettings;
}

/** Minutes pending before a stuck alert when none is set for the provider. */
export const DEFAULT_STUCK_PENDING_MINUTES = 60;
/** Minutes before expires_at of the "about to expire" alert, by default. */
export const DEFAULT_EXPIRING_MINUTES = 5;
/** Bounds of the minutes a person may set (a week at most). */
export const WATCH_MINUTES_MAX = 7 * 24 * 60;
/** Bounds of the milestone's confirmations. */
export const MILESTONE_CONFIRMATIONS_MAX = 1000;

/** The watch alerts of a fresh install: stuck after 60 min, expiring 5 min before, stalled on, milestones off. */
export function defaultWatchAlerts(): WatchAlertSettings {
  return { stuckPendingMinutes: {}, expiringMinutes: DEFAULT_EXPIRING_MINUTES, stalled: true, milestones: { enabled: false, confirmations: 3 } };
}

/** The stuck-pending threshold of `provider` in minutes, null when off. */
export function stuckPendingMinutes(settings: WatchAlertSettings, provider: Provider): number | null {
  const set = settings.stuckPendingMinutes[provider];
  return set === undefined ? DEFAULT_STUCK_PENDING_MINUTES : set;
}

/** Rules kept at most: the editor stays usable and evaluation stays trivially cheap. */
export const MAX_RULES = 50;

/** Minutes since local midnight of "HH:MM", or null when it is not such a time. */
export function clockMinutes(text: string): number | null {
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(text);
  return m ? Number(m[1]) * 60 + Number(m[2]) : null;
}

/** Whether `minutes` (since local midnight) falls in the quiet hours; a span may cross midnight. */
export function inQuietHours(quiet: QuietHours | null, minutes: number): boolean {
  if (!quiet) return false;
  const start = clockMinutes(quiet.start);
  const end = clockMinutes(quiet.end);
  if (start === null || end === null || start === end) return false;
  return start < end ? minutes >= start && minutes < end : minutes >= start || minutes < end;
}

/**
 * Minor units of an amount typed in major units ("1,240.50" → 124050), exactly (no floating
 * point), or null when it is not such an amount. Paymon's amounts have two decimals (format.ts).
 */
export function parseMajorAmount(text: string): number | null {
  const m = /^(\d{1,13})(?:\.(\d{1,2}))?$/.exec(text.trim().replace(/,/g, ''));
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}

/** Major units of `minor` as the editor shows it: 124050 → "1240.50". */
export function majorAmountText(minor: number): string {
  return `${Math.floor(minor / 100)}.${String(minor % 100).padStart(2, '0')}`;
}

/** A new rule with nothing chosen: it matches every alert and notifies, silently. */
export function newRule(id: string, name: string): NotifyRule {
  return { id, name, enabled: true, providers: [], accounts: [], statuses: [], kinds: [], minAmount: {}, notify: true, sound: false };
}

/** The kinds a rule names, in the list's order ("stuck pending, about to expire"), or "any kind". */
export function kindsText(kinds: readonly AlertKindView[] | undefined): string {
  return kinds && kinds.length > 0 ? kinds.map((k) => KIND_LABELS[k]).join(', ') : 'any kind';
}

/**
 * One line saying what a rule does, as the editor shows it under the rule:
 * "Stuck pending · Card2Crypto · shop-x → desktop notification with sound".
 */
export function ruleSummary(rule: NotifyRule): string {
  const kinds = kindsText(rule.kinds);
  const parts = [kinds === 'any kind' ? 'Any alert' : kinds.charAt(0).toUpperCase() + kinds.slice(1)];
  if (rule.providers.length > 0) parts.push(rule.providers.map((p) => PROVIDER_LABELS[p]).join(' or '));
  if (rule.accounts.length > 0) parts.push(`${rule.accounts.length === 1 ? 'shop' : 'shops'} ${rule.accounts.join(', ')}`);
  if (rule.statuses.length > 0) parts.push(`status ${rule.statuses.join(' or ')}`);
  for (const [currency, minor] of Object.entries(rule.minAmount)) parts.push(`${currency} ${majorAmountText(minor)} or more`);
  const action = !rule.notify ? 'in-app only' : rule.sound ? 'desktop notification with sound' : 'desktop notification';
  return `${rule.enabled ? '' : 'Off: '}${parts.join(' · ')} → ${action}`;
}
