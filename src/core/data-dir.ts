/**
 * Where Paymon keeps its files. The CLI has no Electron `app`, so this mirrors what
 * `app.getPath('userData')` returns for an app named "Paymon"; the app and the CLI must agree
 * or they would watch two different databases.
 * https://www.electronjs.org/docs/latest/api/app#appgetpathname
 */
import os from 'node:os';
import path from 'node:path';

/** The app name Electron derives the userData folder from. */
export const APP_DIR_NAME = 'Paymon';

/** The database file inside the data folder. */
export const DB_FILE_NAME = 'paymon.db';

/** The folder Paymon stores its database in: `PAYMON_DATA_DIR`, else Electron's userData path. */
export function dataDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  home: string = os.homedir(),
): string {
  const override = env.PAYMON_DATA_DIR;
  if (override) return path.resolve(override);
  if (platform === 'win32') {
    // Electron asks the shell for the Roaming AppData folder, which %APPDATA% names. path.win32
    // so the result is a Windows path even when computed (or tested) on another platform.
    return path.win32.join(env.APPDATA || path.win32.join(home, 'AppData', 'Roaming'), APP_DIR_NAME);
  }
  if (platform === 'darwin') return path.posix.join(home, 'Library', 'Application Support', APP_DIR_NAME);
  // Linux and the other Unixes: Chromium's GetXDGDirectory takes any non-empty XDG_CONFIG_HOME
  // as is (it does not drop relative values as the XDG spec would), so neither do we.
  const config = env.XDG_CONFIG_HOME || path.posix.join(home, '.config');
  return path.posix.join(config, APP_DIR_NAME);
}

/** The database file's full path inside `dir`. */
export function dbPath(dir: string): string {
  return path.join(dir, DB_FILE_NAME);
}
