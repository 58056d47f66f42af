/**
 * Starting at login on Linux (issue 13): Electron's app.setLoginItemSettings works only on macOS
 * and Windows, so on Linux Paymon writes an XDG autostart entry itself,
 * $XDG_CONFIG_HOME/autostart/paymon.desktop (https://specifications.freedesktop.org/autostart-spec/),
 * which every desktop that follows the spec (GNOME, KDE, Xfce, …) starts at login. No Electron
 * import: main passes the command line, tests a temporary HOME.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PaymonError } from '../shared/errors.ts';

/** The entry's file name in the autostart folder. */
export const AUTOSTART_FILE = 'paymon.desktop';

/** The argument that starts Paymon without its window, in the tray. */
export const HIDDEN_ARG = '--hidden';

/** Marks the entry as Paymon's own: only such a file is rewritten or removed (a hand-made one is the user's). */
const MARKER = 'X-Paymon-Autostart=true';

/** Where the autostart entry goes and what it starts. */
export interface AutostartTarget {
  env?: NodeJS.ProcessEnv;
  home?: string;
  /** The program and its arguments (without --hidden, which is added). */
  command: readonly string[];
}

/** $XDG_CONFIG_HOME/autostart, or ~/.config/autostart (the spec drops a relative XDG_CONFIG_HOME). */
export function autostartDir(env: NodeJS.ProcessEnv = process.env, home: string = os.homedir()): string {
  const config = env.XDG_CONFIG_HOME && path.posix.isAbsolute(env.XDG_CONFIG_HOME) ? env.XDG_CONFIG_HOME : path.posix.join(home, '.config');
  return path.posix.join(config, 'autostart');
}

/**
 * One argument of an Exec line: bare when it has only safe characters, else in double quotes with
 * `"`, backtick, `$` and `\` escaped (the Desktop Entry spec's quoting rule); `%` doubled (field codes).
 */
function execArg(arg: string): string {
  if (/[\n\r\0]/.test(arg)) throw new PaymonError('invalid_input', 'Paymon cannot start at login from a path with a line break in it.');
  const quoted = /^[A-Za-z0-9_\-./=:+,@]+$/.test(arg) ? arg : `"${arg.replace(/["`$\\]/g, (c) => `\\${c}`)}"`;
  return quoted.replace(/%/g, '%%');
}

/** The text of the autostart entry that runs `command` with --hidden. */
export function autostartEntry(command: readonly string[]): string {
  if (command.length === 0) throw new PaymonError('internal', 'No program to start at login.');
  // The spec's string escape (\ as \\) applies on top of the quoting rule.
  const exec = [...command, HIDDEN_ARG].map(execArg).join(' ').replace(/\\/g, '\\\\');
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Name=Paymon',
    'Comment=Keeps watching payments in the tray',
    `Exec=${exec}`,
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    MARKER,
    '',
  ].join('\n');
}

function entryPath(target: AutostartTarget): string {
  return path.posix.join(autostartDir(target.env, target.home), AUTOSTART_FILE);
}

/** Whether the file at `file` is Paymon's own entry (false when missing). */
function isOurs(file: string): boolean {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').includes(MARKER);
  } catch {
    return false;
  }
}

/** Whether Paymon's entry is in the autostart folder. */
export function xdgAutostartEnabled(target: AutostartTarget): boolean {
  return isOurs(entryPath(target));
}

/**
 * Writes Paymon's autostart entry (enabled) or removes it (disabled); a paymon.desktop the user
 * wrote by hand is left alone either way. Writes a temporary file and renames it, so a login never
 * finds half an entry. Throws a PaymonError ('storage') with a sentence when the folder cannot be written.
 */
export function setXdgAutostart(enabled: boolean, target: AutostartTarget): void {
  const file = entryPath(target);
  const exists = fs.existsSync(file);
  try {
    if (!enabled) {
      if (exists && isOurs(file)) fs.rmSync(file);
      return;
    }
    if (exists && !isOurs(file)) {
      throw new PaymonError('storage', `${file} exists and was not written by Paymon; it was left as it is. Remove it to let Paymon start at login.`);
    }
    const text = autostartEntry(target.command);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const temp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(temp, text, { mode: 0o644 });
    fs.renameSync(temp, file);
  } catch (err) {
    if (err instanceof PaymonError) throw err;
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    throw new PaymonError('storage', `Paymon could not ${enabled ? 'write' : 'remove'} ${file} (${code}), so starting at login is not ${enabled ? 'set up' : 'turned off'}.`);
  }
}
