/**
 * The saved rules and quiet hours (issue 14), in the store's settings table. Read back through the
 * same schema the IPC edge uses: a hand-edited or older row is dropped, never trusted.
 */
import { z } from 'zod';
import type { AlertSettingsView } from '../../shared/alert-rules.ts';
import { ALERT_SETTINGS_SCHEMA } from '../../shared/ipc-schemas.ts';
import { defaultAlertSettings } from '../../shared/settings.ts';
import type { PaymonStore } from '../store/index.ts';

const RULES = ALERT_SETTINGS_SCHEMA.shape.rules.unwrap();
const QUIET = ALERT_SETTINGS_SCHEMA.shape.quietHours.unwrap();
const WATCH = ALERT_SETTINGS_SCHEMA.shape.watch.unwrap();
const isOf =
  <T>(schema: z.ZodType<T>) =>
  (v: unknown): v is T =>
    schema.safeParse(v).success;

/** The saved alert settings; defaults for anything unset or unreadable. */
export function loadAlertSettings(store: PaymonStore): AlertSettingsView {
  const fresh = defaultAlertSettings();
  return {
    rules: store.getSetting('alertRules', isOf(RULES)) ?? fresh.rules,
    quietHours: store.getSetting('quietHours', isOf(QUIET)) ?? fresh.quietHours,
    // Files from before stuck alerts have no row: the defaults.
    watch: store.getSetting('watchAlerts', isOf(WATCH)) ?? fresh.watch,
  };
}

/** Saves `next` in one transaction. */
export function saveAlertSettings(store: PaymonStore, next: AlertSettingsView): void {
  store.transaction(() => {
    store.setSetting('alertRules', next.rules);
    store.setSetting('quietHours', next.quietHours);
    store.setSetting('watchAlerts', next.watch);
  });
}
