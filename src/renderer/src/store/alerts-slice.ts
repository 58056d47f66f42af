/**
 * The alerts slice, mirrored from main (issue 14): the rules and quiet hours, and the alert history
 * as last loaded, kept current by 'alerts:recorded' (a new alert, or its delivery changed).
 */
import type { StateCreator } from 'zustand';
import { MAX_HISTORY_ROWS, type AlertView } from '../../../shared/alert-history.ts';
import type { AlertSettingsView } from '../../../shared/alert-rules.ts';
import type { WatchState } from './watch-store.ts';

/** The alerts slice's state and actions. */
export interface AlertsSlice {
  /** Null until the settings screen loaded them. */
  alertSettings: AlertSettingsView | null;
  /** Newest first, unfiltered; the list filters it in view. Null until loaded. */
  alertHistory: AlertView[] | null;

  setAlertSettings(settings: AlertSettingsView): void;
  setAlertHistory(history: AlertView[]): void;
  /** A new or changed row: replaces the row with its id, or goes on top. */
  recordAlert(alert: AlertView): void;
}

/** The alerts slice (zustand slices pattern). */
export const createAlertsSlice: StateCreator<WatchState, [], [], AlertsSlice> = (set) => ({
  alertSettings: null,
  alertHistory: null,

  setAlertSettings: (alertSettings) => set({ alertSettings }),
  setAlertHistory: (alertHistory) => set({ alertHistory }),
  recordAlert: (alert) =>
    set((s) => {
      // Not loaded yet: the load brings it.
      if (s.alertHistory === null) return {};
      const at = s.alertHistory.findIndex((a) => a.id === alert.id);
      if (at >= 0) return { alertHistory: s.alertHistory.map((a, i) => (i === at ? alert : a)) };
      return { alertHistory: [alert, ...s.alertHistory].slice(0, MAX_HISTORY_ROWS) };
    }),
});
