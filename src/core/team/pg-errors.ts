/**
 * PostgreSQL failures turned into PaymonError('storage') with a sentence a person can act on
 * (issue 15): unreachable, wrong credentials, missing permissions, no such database. The URL's
 * password never appears in a message.
 */
import { PaymonError } from '../../shared/errors.ts';

/** The URL without its password, for messages. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'the team database URL (unreadable)';
  }
}

function codeOf(err: unknown): string | undefined {
  return err instanceof Error && 'code' in err && typeof err.code === 'string' ? err.code : undefined;
}

/** Whether the error means the server could not be reached at all (retry with backoff). */
export function isUnreachable(err: unknown): boolean {
  const code = codeOf(err);
  return code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EHOSTUNREACH' || code === 'ETIMEDOUT' || code === 'ECONNRESET' || code === '57P01' || code === '57P03';
}

/** Whether a teamError (or the error it wraps) means the server could not be reached. */
export function isUnreachableError(err: unknown): boolean {
  return isUnreachable(err) || (err instanceof Error && err.cause !== undefined && isUnreachable(err.cause));
}

/** The failure as a storage PaymonError; `doing` completes "Paymon could not …". */
export function teamError(err: unknown, doing: string, url: string): PaymonError {
  if (err instanceof PaymonError) return err;
  const where = redactUrl(url);
  const raw = err instanceof Error ? err.message : String(err);
  // A server message may quote the connection string; keep any password out of it.
  const detail = raw.replace(/postgres(ql)?:\/\/[^\s]*/gi, (m) => redactUrl(m));
  const code = codeOf(err);
  let advice: string;
  switch (code) {
    case '28P01':
    case '28000':
      advice = 'The user name or password in PAYMON_DATABASE_URL was refused: check them with whoever runs the database.';
      break;
    case '42501':
      advice = 'The database user lacks a permission Paymon needs (to create its tables on first use, then to read and write them); ask the database owner to grant it.';
      break;
    case '3D000':
      advice = 'That database does not exist on the server; create it or fix the name in PAYMON_DATABASE_URL.';
      break;
    default:
      advice = isUnreachable(err)
        ? 'The database server is unreachable: check the host and port, your network, and that the server is running.'
        : 'If this keeps happening, tell whoever runs the team database.';
  }
  return new PaymonError('storage', `Paymon could not ${doing} the team database ${where} (${detail}). ${advice}`, { cause: err });
}
