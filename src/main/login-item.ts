/**
 * Start at login (issue 13), in the tray without a window: macOS and Windows through Electron's
 * app.setLoginItemSettings, Linux through an XDG autostart entry the core writes
 * (src/core/autostart.ts). Applied at every start (a moved AppImage gets its new path) and when the
 * setting changes; a failure is reported beside the setting, never fatal.
 */
import { HIDDEN_ARG, setXdgAutostart, type AutostartTarget } from '../core/autostart.ts';
import type { AppService } from '../core/app/index.ts';
import { PaymonError } from '../shared/errors.ts';

/** The parts of Electron's app used here. */
export interface LoginItemAppLike {
  setLoginItemSettings(settings: { openAtLogin: boolean; path?: string; args?: string[] }): void;
}

/** What the login item needs from the service. */
export type LoginItemService = Pick<AppService, 'settings' | 'on' | 'desktopIntegration'>;

/** How this Paymon was started, to start it the same way at login. */
export interface LaunchFacts {
  platform: NodeJS.Platform;
  execPath: string;
  /** `electron .` in development: the Electron binary needs the app folder. */
  defaultApp: boolean;
  appPath: string;
  /** Set by an AppImage's runtime: the file to start (execPath is inside its temporary mount). */
  appImage?: string | undefined;
}

/** The program and arguments that start this Paymon (without --hidden). */
export function launchCommand(facts: LaunchFacts): string[] {
  if (facts.appImage) return [facts.appImage];
  return facts.defaultApp ? [facts.execPath, facts.appPath] : [facts.execPath];
}

/**
 * Whether this launch should stay in the tray: --hidden on the command line (Windows' login item,
 * the Linux autostart entry), or macOS's word that it opened Paymon at login (wasOpenedAtLogin).
 */
export function startsHidden(argv: readonly string[], macOpenedAtLogin = false): boolean {
  return argv.includes(HIDDEN_ARG) || macOpenedAtLogin;
}

/** Dependencies: Electron's app, the launch facts, and (Linux) where the autostart entry goes. */
export interface LoginItemDeps {
  app: LoginItemAppLike;
  launch: LaunchFacts;
  /** Linux: env and home for the autostart folder (default the process's). */
  autostart?: Omit<AutostartTarget, 'command'>;
  /** Linux: the writer (a stand-in in tests of the other paths). */
  writeXdg?: typeof setXdgAutostart;
}

/** Sets the login item from the setting now and on each change; returns the unsubscribe function. */
export function setupLoginItem(service: LoginItemService, deps: LoginItemDeps): () => void {
  const { platform } = deps.launch;
  const command = launchCommand(deps.launch);
  const apply = (on: boolean): void => {
    let problem: string | null = null;
    try {
      if (platform === 'darwin') {
        // macOS passes no arguments to login items (and Electron 45 dropped openAsHidden): main asks
        // getLoginItemSettings().wasOpenedAtLogin instead (startsHidden).
        deps.app.setLoginItemSettings({ openAtLogin: on });
      } else if (platform === 'win32') {
        deps.app.setLoginItemSettings({ openAtLogin: on, path: command[0]!, args: [...command.slice(1), HIDDEN_ARG] });
      } else if (platform === 'linux' || platform === 'freebsd' || platform === 'openbsd') {
        (deps.writeXdg ?? setXdgAutostart)(on, { ...deps.autostart, command });
      } else if (on) {
        problem = 'Starting at login is not supported on this system.';
      }
    } catch (err) {
      // The core's errors are sentences already; Electron's are the OS's words, given with what failed.
      problem = err instanceof PaymonError ? err.message : `The system did not let Paymon ${on ? 'start' : 'stop starting'} at login: ${String(err instanceof Error ? err.message : err).slice(0, 200)}`;
    }
    service.desktopIntegration({ loginItemProblem: problem });
  };
  let last = service.settings.openAtLogin;
  apply(last);
  return service.on('settings', (s) => {
    if (s.openAtLogin === last) return;
    last = s.openAtLogin;
    apply(last);
  });
}
