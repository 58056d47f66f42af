/**
 * Who may read Paymon's data: the folder 0700 and the database with its sidecars 0600, on every
 * open, not only when Paymon creates them — a folder made by hand (0755) or a database copied in
 * (0644) would otherwise let every local user read customer names and emails (issue 16). Files
 * the current user does not own are left alone, with a notice. Windows has no POSIX modes: skipped.
 */
import fs from 'node:fs';

/** The modes Paymon keeps: owner only. */
export const DIR_MODE = 0o700;
export const FILE_MODE = 0o600;

/** SQLite's files beside the database (the same list open.ts moves aside with it). */
const SIDECARS = ['-wal', '-shm', '-journal'];

/** What tightenModes needs from the process; tests pass their own. */
export interface ModeContext {
  platform?: NodeJS.Platform;
  /** The current user's uid; undefined where there is none (Windows). */
  uid?: number | undefined;
}

const octal = (mode: number) => (mode & 0o777).toString(8).padStart(4, '0');

/**
 * Tightens `dir` and the database `file` (and its sidecars) that exist to owner-only modes when
 * the current user owns them; returns a sentence for the user about each one it could not fix.
 */
export function tightenModes(dir: string, file: string, ctx: ModeContext = {}): string[] {
  const platform = ctx.platform ?? process.platform;
  if (platform === 'win32') return [];
  const uid = 'uid' in ctx ? ctx.uid : process.getuid?.();
  const notices: string[] = [];
  const targets: { path: string; mode: number; what: string }[] = [
    { path: dir, mode: DIR_MODE, what: 'data folder' },
    ...[file, ...SIDECARS.map((s) => file + s)].map((path) => ({ path, mode: FILE_MODE, what: 'database file' })),
  ];
  for (const t of targets) {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(t.path);
    } catch {
      continue; // absent (a sidecar SQLite has not made yet): nothing to protect
    }
    // Only bits beyond the wanted ones matter; an owner-only 0500 is left as it is.
    if ((stat.mode & 0o777 & ~t.mode) === 0) continue;
    const fix = `chmod ${octal(t.mode).slice(1)} "${t.path}"`;
    if (uid === undefined || stat.uid !== uid) {
      notices.push(
        `Paymon's ${t.what} ${t.path} can be read by other users (mode ${octal(stat.mode)}), and it belongs to another ` +
          `user (uid ${stat.uid}), so Paymon left it as it is. Ask its owner to run: ${fix}`,
      );
      continue;
    }
    try {
      fs.chmodSync(t.path, stat.mode & t.mode);
    } catch (err) {
      notices.push(
        `Paymon's ${t.what} ${t.path} can be read by other users (mode ${octal(stat.mode)}) and could not be made ` +
          `private (${(err as Error).message}). Run: ${fix}`,
      );
    }
  }
  return notices;
}
