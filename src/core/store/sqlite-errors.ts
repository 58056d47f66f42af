/**
 * node:sqlite failures turned into PaymonError('storage') with a message a person can act on:
 * a raw "SQLITE_CANTOPEN" tells a shop owner nothing.
 */
import { PaymonError } from '../../shared/errors.ts';

// Primary result codes; extended codes keep the primary one in the low byte.
// https://www.sqlite.org/rescode.html
const SQLITE_PERM = 3;
const SQLITE_BUSY = 5;
const SQLITE_LOCKED = 6;
const SQLITE_READONLY = 8;
const SQLITE_CORRUPT = 11;
const SQLITE_FULL = 13;
const SQLITE_CANTOPEN = 14;
const SQLITE_NOTADB = 26;

/** The primary SQLite result code of an error thrown by node:sqlite, or null for any other error. */
export function sqliteCode(err: unknown): number | null {
  if (err instanceof Error && 'errcode' in err && typeof err.errcode === 'number') return err.errcode & 0xff;
  return null;
}

/** Whether SQLite refused a write because the file or its folder is read-only. */
export function isReadOnly(err: unknown): boolean {
  return sqliteCode(err) === SQLITE_READONLY;
}

/** Whether the error means the file's bytes are not a sound database (garbage, truncated, damaged). */
export function isCorruption(err: unknown): boolean {
  const code = sqliteCode(err);
  return code === SQLITE_CORRUPT || code === SQLITE_NOTADB;
}

/** The failure as a storage PaymonError; `doing` completes "Paymon could not …". */
export function storageError(err: unknown, doing: string, file: string): PaymonError {
  if (err instanceof PaymonError) return err;
  const detail = err instanceof Error ? err.message : String(err);
  // SQLite result codes and Node's errno codes (from creating the folder) mean the same few things.
  const errno = err instanceof Error && 'code' in err ? err.code : undefined;
  let advice: string;
  switch (sqliteCode(err) ?? errno) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      advice = 'Another Paymon process is holding the database; try again in a moment.';
      break;
    case SQLITE_PERM:
    case SQLITE_READONLY:
    case SQLITE_CANTOPEN:
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
    case 'ENOTDIR':
    case 'EEXIST':
      advice = 'Check that the folder exists and is writable by you, or set PAYMON_DATA_DIR to a folder that is.';
      break;
    case SQLITE_FULL:
    case 'ENOSPC':
      advice = 'The disk is full; free some space and try again.';
      break;
    default:
      advice = 'If this keeps happening, set PAYMON_DATA_DIR to another folder.';
  }
  return new PaymonError('storage', `Paymon could not ${doing} ${file} (${detail}). ${advice}`, {
    cause: err,
  });
}
