/**
 * The global clipboard-lookup shortcut (issue 13): registered with Electron's globalShortcut from
 * the setting, moved when the setting changes, and on a press the clipboard's text goes to the
 * service, whose answer main shows as a notification. A chord another app holds (register answers
 * false) or one the OS refuses (it throws) is reported in the settings, never fatal.
 */
import type { AppService } from '../core/app/index.ts';
import type { ClipboardAnswer } from '../core/app/clipboard.ts';

/** The parts of Electron's globalShortcut used here. */
export interface GlobalShortcutLike {
  register(accelerator: string, callback: () => void): boolean;
  unregister(accelerator: string): void;
}

/** What the shortcut needs from the service. */
export type LookupService = Pick<AppService, 'settings' | 'on' | 'lookupClipboard' | 'desktopIntegration'>;

/** Electron's pieces: the shortcut registry, the clipboard, and where the answer is shown. */
export interface LookupShortcutDeps {
  globalShortcut: GlobalShortcutLike;
  /** clipboard.readText() (a promise since Electron 45). */
  readClipboard(): Promise<string> | string;
  /** Shows the answer (a notification whose click opens the payment). */
  show(answer: ClipboardAnswer): void;
}

/** The sentence settings shows when `accelerator` could not be taken. */
export function shortcutProblem(accelerator: string, why: 'taken' | 'refused'): string {
  return why === 'taken'
    ? `${accelerator} is already used by another app or the system, so the clipboard lookup is off. Choose another shortcut.`
    : `The system refused ${accelerator} as a global shortcut, so the clipboard lookup is off. Choose another shortcut.`;
}

/** Registers the lookup shortcut and follows the setting; returns the cleanup (unregisters it). */
export function setupLookupShortcut(service: LookupService, deps: LookupShortcutDeps): () => void {
  let current: string | null = null;
  let busy = false;
  const press = (): void => {
    // A second press while an answer is on its way would only answer the same thing twice.
    if (busy) return;
    busy = true;
    void Promise.resolve()
      .then(() => deps.readClipboard())
      // An unreadable clipboard (an image, a locked session) is an empty one.
      .catch(() => '')
      .then((text) => service.lookupClipboard(typeof text === 'string' ? text : ''))
      .then(deps.show)
      .finally(() => (busy = false));
  };
  const apply = (wanted: string | null): void => {
    if (wanted === current) return;
    if (current !== null) deps.globalShortcut.unregister(current);
    current = null;
    if (wanted === null) {
      service.desktopIntegration({ shortcutProblem: null });
      return;
    }
    let problem: string | null = null;
    try {
      if (deps.globalShortcut.register(wanted, press)) current = wanted;
      else problem = shortcutProblem(wanted, 'taken');
    } catch {
      problem = shortcutProblem(wanted, 'refused');
    }
    service.desktopIntegration({ shortcutProblem: problem });
  };
  apply(service.settings.lookupShortcut);
  // A failed chord is tried again only when the user picks one: the setting is what they want.
  let last = service.settings.lookupShortcut;
  const off = service.on('settings', (s) => {
    if (s.lookupShortcut === last) return;
    last = s.lookupShortcut;
    apply(s.lookupShortcut);
  });
  return () => {
    off();
    if (current !== null) deps.globalShortcut.unregister(current);
    current = null;
  };
}
