/**
 * Whether a tray icon is actually shown, and what closing the window does (issue 10). On Linux,
 * Electron's Tray is a StatusNotifierItem: without a StatusNotifierWatcher with a registered host
 * on the session bus (stock GNOME, many tiling window managers) `new Tray()` succeeds and nothing
 * appears, so hiding the window there would leave a running app the user cannot reach.
 * Spec: https://www.freedesktop.org/wiki/Specifications/StatusNotifierItem/StatusNotifierWatcher/
 */
import { execFile } from 'node:child_process';
import type { CloseAction } from '../shared/ipc.ts';

/** What a command printed and how it ended (never throws). */
export interface RunResult {
  /** Exit code; null when it could not be started or was killed by the timeout. */
  code: number | null;
  stdout: string;
  /** Set when the command does not exist. */
  missing?: boolean;
}

/** Runs a command with a timeout. */
export type Runner = (command: string, args: string[], opts: { env: NodeJS.ProcessEnv; timeoutMs: number }) => Promise<RunResult>;

/** The real runner: execFile, no shell. */
export const execRunner: Runner = (command, args, { env, timeoutMs }) =>
  new Promise((resolve) => {
    execFile(command, args, { env, timeout: timeoutMs, encoding: 'utf8' }, (err, stdout) => {
      const code = err ? (typeof err.code === 'number' ? err.code : null) : 0;
      resolve({ code, stdout: String(stdout), ...(err?.code === 'ENOENT' ? { missing: true } : {}) });
    });
  });

const WATCHER = 'org.kde.StatusNotifierWatcher';
const PROPERTY = 'IsStatusNotifierHostRegistered';

/** The two D-Bus command-line clients that may be installed, and how each prints a boolean true. */
const CLIENTS: { command: string; args(timeoutMs: number): string[]; isTrue: RegExp }[] = [
  {
    command: 'dbus-send',
    args: (timeoutMs) => [
      '--session',
      '--print-reply=literal',
      `--reply-timeout=${timeoutMs}`,
      `--dest=${WATCHER}`,
      '/StatusNotifierWatcher',
      'org.freedesktop.DBus.Properties.Get',
      `string:${WATCHER}`,
      `string:${PROPERTY}`,
    ],
    // "   variant       boolean true"
    isTrue: /\bboolean\s+true\b/,
  },
  {
    command: 'gdbus',
    args: (timeoutMs) => [
      'call',
      '--session',
      '--dest',
      WATCHER,
      '--object-path',
      '/StatusNotifierWatcher',
      '--method',
      'org.freedesktop.DBus.Properties.Get',
      WATCHER,
      PROPERTY,
      '--timeout',
      String(Math.max(1, Math.ceil(timeoutMs / 1000))),
    ],
    // "(<true>,)"
    isTrue: /<true>/,
  },
];

/** Whether the reply of `client` says a StatusNotifier host is registered. */
export function parseHostReply(client: 'dbus-send' | 'gdbus', result: RunResult): boolean {
  const spec = CLIENTS.find((c) => c.command === client)!;
  return result.code === 0 && spec.isTrue.test(result.stdout);
}

/** How the tray probe went: shown or not, and why (for the log). */
export interface TrayProbe {
  shown: boolean;
  reason: string;
}

/**
 * Asks the session bus whether a tray icon would be shown. macOS and Windows always show one. On
 * Linux: yes only when a StatusNotifierWatcher answers that a host is registered; no watcher, no
 * session bus, no D-Bus client or no answer within the timeout all mean "not known to be shown".
 */
export async function probeTrayHost(
  platform: NodeJS.Platform,
  opts: { env?: NodeJS.ProcessEnv; run?: Runner; timeoutMs?: number } = {},
): Promise<TrayProbe> {
  if (platform !== 'linux') return { shown: true, reason: `${platform} always shows tray icons` };
  const env = opts.env ?? process.env;
  const run = opts.run ?? execRunner;
  const timeoutMs = opts.timeoutMs ?? 1_500;
  for (const client of CLIENTS) {
    // The child's own timeout plus a margin: a hung bus must not hold the answer forever.
    const result = await run(client.command, client.args(timeoutMs), { env, timeoutMs: timeoutMs + 500 });
    if (result.missing) continue;
    if (parseHostReply(client.command as 'dbus-send' | 'gdbus', result)) {
      return { shown: true, reason: 'a StatusNotifier host is registered' };
    }
    return { shown: false, reason: result.code === 0 ? 'no StatusNotifier host is registered' : 'no StatusNotifierWatcher on the session bus' };
  }
  return { shown: false, reason: 'neither dbus-send nor gdbus is installed to ask the session bus' };
}

/** What closing the main window does: hide it to the tray only when the user wants that and a tray is shown. */
export function closeAction(setting: CloseAction, trayShown: boolean): 'hide' | 'quit' {
  return setting === 'tray' && trayShown ? 'hide' : 'quit';
}

/** What the window's close handler reads, each at the moment of closing. */
export interface CloseDeps {
  /** The app is quitting (tray menu, Cmd+Q, the OS): let the window close. */
  quitting(): boolean;
  setting(): CloseAction;
  trayShown(): boolean;
  hide(): void;
}

/** The main window's 'close' listener: hides it to the tray, or lets it close (and the app quit with it). */
export function closeHandler(deps: CloseDeps): (event: { preventDefault(): void }) => void {
  return (event) => {
    if (deps.quitting() || closeAction(deps.setting(), deps.trayShown()) === 'quit') return;
    event.preventDefault();
    deps.hide();
  };
}
