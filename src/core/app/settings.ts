/**
 * Notification preferences ("app, complete" issue): which final statuses raise a desktop
 * notification, a switch that mutes them all, and a per-payment mute. They gate only the desktop
 * notification (src/core/alerts/rules.ts decides); the in-app toast and alert list show every alert.
 * Also what closing the window does (keep watching in the tray, or quit; issue 10), the clipboard
 * lookup shortcut and starting at login (issue 13).
 */
import { PaymonError } from '../../shared/errors.ts';
import { CLOSE_ACTIONS, type CloseAction, type InvokeChannels, type RequestOf, type SettingsView } from '../../shared/ipc.ts';
import { DEFAULT_CLOSE_ACTION, NOTIFIABLE_STATUSES } from '../../shared/settings.ts';
import { DEFAULT_LOOKUP_SHORTCUT, parseShortcut, shortcutOrNull } from '../../shared/shortcut.ts';
import type { PaymonStore } from '../store/index.ts';
import type { AppContext } from './context.ts';

type SettingsChannel = 'settings:update' | 'watch:set-muted';
type SettingsHandlers = { [C in SettingsChannel]: (req: RequestOf<C>) => Promise<InvokeChannels[C][1]> };

export { defaultSettings, NOTIFIABLE_STATUSES } from '../../shared/settings.ts';

const isStringArray = (v: unknown): v is string[] => Array.isArray(v) && v.every((s) => typeof s === 'string');
const isBoolean = (v: unknown): v is boolean => typeof v === 'boolean';
const isCloseAction = (v: unknown): v is CloseAction => (CLOSE_ACTIONS as readonly unknown[]).includes(v);
/** A stored chord still passes today's rule (an edited database, an older rule); null is "off". */
const isShortcut = (v: unknown): v is string | null => v === null || (typeof v === 'string' && shortcutOrNull(v) === v);

/** `statuses` deduplicated in NOTIFIABLE_STATUSES order; unknown words dropped. */
function normalizeStatuses(statuses: readonly string[]): string[] {
  return NOTIFIABLE_STATUSES.filter((s) => statuses.includes(s));
}

/** The saved preferences, defaults for anything unset or unreadable. */
export function loadSettings(store: PaymonStore): SettingsView {
  const statuses = store.getSetting('notifyStatuses', isStringArray);
  const shortcut = store.getSetting('lookupShortcut', isShortcut);
  return {
    notifyStatuses: statuses ? normalizeStatuses(statuses) : [...NOTIFIABLE_STATUSES],
    muteAll: store.getSetting('muteAll', isBoolean) ?? false,
    onClose: store.getSetting('onClose', isCloseAction) ?? DEFAULT_CLOSE_ACTION,
    // Not `??`: a stored null is the user's "no shortcut", only a missing or unreadable one is the default.
    lookupShortcut: shortcut === undefined ? DEFAULT_LOOKUP_SHORTCUT : shortcut,
    openAtLogin: store.getSetting('openAtLogin', isBoolean) ?? false,
  };
}

/** The preference handlers bound to `ctx`. */
export function settingsHandlers(ctx: AppContext): SettingsHandlers {
  return {
    async 'settings:update'(req) {
      const next = { ...ctx.state.settings };
      if (req.notifyStatuses !== undefined) {
        const unknown = req.notifyStatuses.filter((s) => !NOTIFIABLE_STATUSES.includes(s));
        if (unknown.length > 0) {
          throw new PaymonError(
            'invalid_input',
            `Notifications can be chosen for final statuses only (${NOTIFIABLE_STATUSES.join(', ')}); "${unknown[0]!.slice(0, 40)}" is not one.`,
          );
        }
        next.notifyStatuses = normalizeStatuses(req.notifyStatuses);
      }
      if (req.muteAll !== undefined) next.muteAll = req.muteAll;
      if (req.onClose !== undefined) next.onClose = req.onClose;
      // Empty or null removes the shortcut; anything else must parse (the error says what is wrong).
      if (req.lookupShortcut !== undefined) next.lookupShortcut = req.lookupShortcut === null || req.lookupShortcut.trim() === '' ? null : parseShortcut(req.lookupShortcut);
      if (req.openAtLogin !== undefined) next.openAtLogin = req.openAtLogin;
      if (JSON.stringify(next) === JSON.stringify(ctx.state.settings)) return next;
      ctx.store.transaction(() => {
        ctx.store.setSetting('notifyStatuses', next.notifyStatuses);
        ctx.store.setSetting('muteAll', next.muteAll);
        ctx.store.setSetting('onClose', next.onClose);
        ctx.store.setSetting('lookupShortcut', next.lookupShortcut);
        ctx.store.setSetting('openAtLogin', next.openAtLogin);
      });
      ctx.state.settings = next;
      ctx.events.emit('settings', { ...next, notifyStatuses: [...next.notifyStatuses] });
      return next;
    },

    async 'watch:set-muted'(req) {
      ctx.watchlist.setMuted(req.keys, req.muted);
    },
  };
}
