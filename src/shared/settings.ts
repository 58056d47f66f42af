/**
 * The preferences of a fresh install (issue 12: written once; the core loads them, the renderer
 * shows them until main's snapshot arrives).
 */
import { defaultWatchAlerts, type AlertSettingsView } from './alert-rules.ts';
import type { CloseAction, SettingsView } from './ipc.ts';
import { FINAL_STATUSES, PROVIDERS } from './payment.ts';
import { DEFAULT_LOOKUP_SHORTCUT } from './shortcut.ts';

/** Every final status of every provider, in a stable order: the statuses a notification can be about. */
export const NOTIFIABLE_STATUSES: readonly string[] = [...new Set(PROVIDERS.flatMap((p) => FINAL_STATUSES[p]))];

/** What closing the window does until the user chooses: keep watching in the tray. */
export const DEFAULT_CLOSE_ACTION: CloseAction = 'tray';

/** The preferences of a fresh install: notify about everything. */
export function defaultSettings(): SettingsView {
  return { notifyStatuses: [...NOTIFIABLE_STATUSES], muteAll: false, onClose: DEFAULT_CLOSE_ACTION, lookupShortcut: DEFAULT_LOOKUP_SHORTCUT, openAtLogin: false };
}

/** The alert settings of a fresh install: no rules (the per-status choice decides), no quiet hours. */
export function defaultAlertSettings(): AlertSettingsView {
  return { rules: [], quietHours: null, watch: defaultWatchAlerts() };
}
