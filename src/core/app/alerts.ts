/**
 * The alert settings and history handlers (issue 14). Rules and quiet hours are saved in the store,
 * where the engine's decider reads them in each claim's transaction; the history is the store's.
 */
import type { AlertSettingsView } from '../../shared/alert-rules.ts';
import type { InvokeChannels, RequestOf } from '../../shared/ipc.ts';
import { loadAlertSettings, saveAlertSettings } from '../alerts/settings.ts';
import type { AppContext } from './context.ts';

type AlertChannel = 'alerts:settings' | 'alerts:update-settings' | 'alerts:history';
type AlertHandlers = { [C in AlertChannel]: (req: RequestOf<C>) => Promise<InvokeChannels[C][1]> };

const copy = (s: AlertSettingsView): AlertSettingsView => structuredClone(s);

/** The alert handlers bound to `ctx`. */
export function alertHandlers(ctx: AppContext): AlertHandlers {
  return {
    async 'alerts:settings'() {
      return loadAlertSettings(ctx.store);
    },

    async 'alerts:update-settings'(req) {
      const current = loadAlertSettings(ctx.store);
      const next: AlertSettingsView = {
        rules: req.rules ?? current.rules,
        quietHours: req.quietHours === undefined ? current.quietHours : req.quietHours,
        watch: req.watch ?? current.watch,
      };
      if (JSON.stringify(next) === JSON.stringify(current)) return next;
      saveAlertSettings(ctx.store, next);
      // New thresholds move the times stuck and expiring alerts fall due.
      if (JSON.stringify(next.watch) !== JSON.stringify(current.watch)) ctx.engine.watchAlertsChanged();
      ctx.events.emit('alerts:settings', copy(next));
      return next;
    },

    async 'alerts:history'(req) {
      return ctx.store.listAlerts(req);
    },
  };
}
