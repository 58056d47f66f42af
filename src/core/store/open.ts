/**
 * Opening the database: create the folder, inspect an existing file without writing to it, move a
 * damaged or foreign file aside (never delete it), then configure and migrate.
 */
import fs from 'node:fs';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { PaymonError } from '../../shared/errors.ts';
import { dbPath } from '../data-dir.ts';
import { DIR_MODE, FILE_MODE, tightenModes } from './file-modes.ts';
import { APPLICATION_ID, SCHEMA_VERSION, migrate, newerSchemaError, userVersion } from './schema.ts';
import { isCorruption, isReadOnly, storageError } from './sqlite-errors.ts';
import { PaymonStore } from './store.ts';

/** Options for openStore. */
export interface OpenOptions {
  /** How long to wait for another process (the app or the CLI) to release the file, in ms. */
  busyTimeoutMs?: number;
  /** The clock used to name a moved-aside file. */
  now?: () => Date;
}

/** An open store and anything the user should be told about how it was opened. */
export interface OpenedStore {
  store: PaymonStore;
  /** Sentences for the user, e.g. that a damaged database was moved aside and where to. */
  notices: string[];
}

type Verdict = { kind: 'absent' | 'usable' } | { kind: 'newer'; version: number } | { kind: 'unusable'; reason: string };

// SQLite keeps these beside the database; they belong to it and move with it.
const SIDECARS = ['-wal', '-shm', '-journal'];

/** Open (creating if needed) the database in `dir`. Throws PaymonError('storage') when it can't. */
export function openStore(dir: string, opts: OpenOptions = {}): OpenedStore {
  const timeout = opts.busyTimeoutMs ?? 5000;
  const file = dbPath(dir);
  const notices: string[] = [];
  try {
    // 0700: the database holds customer names and emails. Applies only when we create the folder;
    // tightenModes below fixes a folder or database that already existed with looser modes.
    fs.mkdirSync(dir, { recursive: true, mode: DIR_MODE });
  } catch (err) {
    throw storageError(err, 'create its data folder', dir);
  }
  notices.push(...tightenModes(dir, file));

  const verdict = inspect(file, timeout);
  if (verdict.kind === 'newer') throw newerSchemaError(file, verdict.version);
  if (verdict.kind === 'unusable') {
    const aside = moveAside(file, (opts.now ?? (() => new Date()))());
    notices.push(
      `Paymon's database ${file} could not be used (${verdict.reason}). It was moved to ${aside} and ` +
        'a new, empty database was created: add your payments to the watchlist again. The old file was kept ' +
        'so nothing is lost; it can be sent to support or recovered with the sqlite3 tool.',
    );
  }

  let db: DatabaseSync | undefined;
  try {
    const fresh = !fs.existsSync(file);
    db = new DatabaseSync(file, { timeout, enableForeignKeyConstraints: true });
    // SQLite gives -wal and -shm the main file's mode, so this covers them too.
    if (fresh && process.platform !== 'win32') fs.chmodSync(file, FILE_MODE);
    // WAL: readers (the CLI) never block the app's writer, and a killed process loses nothing committed.
    db.exec('PRAGMA journal_mode = WAL');
    // FULL, not NORMAL: in WAL mode NORMAL survives a crashed process but may lose the last
    // commits on power loss, and a lost announcement claim means a repeated notification. FULL
    // costs one fsync per commit (~0.3 ms measured on ext4); batching with transaction() amortises it.
    db.exec('PRAGMA synchronous = FULL');
    db.exec('PRAGMA foreign_keys = ON');
    migrate(db, file);
    return { store: new PaymonStore(db, file), notices };
  } catch (err) {
    if (db?.isOpen) db.close();
    throw storageError(err, 'open its database', file);
  }
}

/** Judge an existing file from a read-only connection, so a file we refuse is left byte-for-byte. */
function inspect(file: string, timeout: number): Verdict {
  if (!fs.existsSync(file)) return { kind: 'absent' };
  try {
    return inspectWith(file, timeout, true);
  } catch (err) {
    // A read-only connection cannot replay a hot journal a crashed writer left; a writable one can.
    if (!isReadOnly(err)) throw err;
    return inspectWith(file, timeout, false);
  }
}

function inspectWith(file: string, timeout: number, readOnly: boolean): Verdict {
  let db: DatabaseSync;
  try {
    db = new DatabaseSync(file, { readOnly, timeout });
  } catch (err) {
    throw storageError(err, 'open its database', file);
  }
  try {
    const appId = db.prepare('PRAGMA application_id').get()?.application_id;
    const version = userVersion(db);
    if (appId !== APPLICATION_ID) {
      const tables = db.prepare('SELECT count(*) AS n FROM sqlite_schema').get()?.n;
      // An empty file (or empty database) is a fresh start, not someone else's data.
      if (appId === 0 && version === 0 && tables === 0) return { kind: 'usable' };
      return { kind: 'unusable', reason: 'it is an SQLite database that another program created' };
    }
    if (version > SCHEMA_VERSION) return { kind: 'newer', version };
    // quick_check: integrity_check without the O(N log N) index cross-checks; milliseconds at 10k rows.
    const problems = db
      .prepare('PRAGMA quick_check')
      .all()
      .map((row) => String(row.quick_check).replace(/\s+/g, ' '))
      .filter((result) => result !== 'ok');
    if (problems.length > 0) {
      return { kind: 'unusable', reason: `it failed its integrity check: ${problems.slice(0, 3).join('; ')}` };
    }
    return { kind: 'usable' };
  } catch (err) {
    if (isCorruption(err)) return { kind: 'unusable', reason: `it is damaged: ${(err as Error).message}` };
    if (readOnly && isReadOnly(err)) throw err;
    throw storageError(err, 'open its database', file);
  } finally {
    db.close();
  }
}

/** Rename the file and its sidecars to `<file>.corrupt-<time>`; returns the new path. */
function moveAside(file: string, when: Date): string {
  // No ":" in the name: Windows forbids it.
  const stamp = when.toISOString().replace(/[:.]/g, '-');
  let aside = `${file}.corrupt-${stamp}`;
  for (let n = 2; fs.existsSync(aside); n++) aside = `${file}.corrupt-${stamp}-${n}`;
  try {
    // Sidecars first: a stale -wal beside a new empty database would be replayed into it.
    // They keep their suffix so `sqlite3 <aside>` still finds the moved WAL.
    for (const suffix of SIDECARS) {
      if (fs.existsSync(file + suffix)) fs.renameSync(file + suffix, aside + suffix);
    }
    fs.renameSync(file, aside);
  } catch (err) {
    throw new PaymonError(
      'storage',
      `Paymon's database ${file} is damaged and could not be moved aside (${(err as Error).message}). ` +
        `Move it out of ${path.dirname(file)} yourself, or set PAYMON_DATA_DIR to another folder.`,
      { cause: err },
    );
  }
  return aside;
}
