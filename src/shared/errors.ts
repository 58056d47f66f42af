/**
 * Error kinds shared by the core, the CLI and the app. Every failure a user can
 * meet is one of these, with a message a person can act on (issue 2).
 */

export const ERROR_KINDS = [
  'invalid_input',
  'no_key',
  'auth',
  'not_found',
  'rate_limited',
  'timeout',
  'network',
  'server',
  'bad_response',
  'keychain_unavailable',
  'storage',
  'internal',
] as const;
export type ErrorKind = (typeof ERROR_KINDS)[number];

/** Problems a new key fixes (a rejected or missing key, no keychain): the engine pauses the account, the window asks for a key. */
export const KEY_PROBLEM_KINDS: ReadonlySet<ErrorKind> = new Set<ErrorKind>(['auth', 'no_key', 'keychain_unavailable']);

/** The serializable form of an error: what crosses IPC and what `--json` prints. */
export interface ErrorInfo {
  kind: ErrorKind;
  message: string;
  /** Seconds the provider asked us to wait (rate_limited only). */
  retryAfterSeconds?: number;
}

/** An error with a kind. Throw it from the core; print or send `toInfo()`. */
export class PaymonError extends Error {
  readonly kind: ErrorKind;
  readonly retryAfterSeconds: number | undefined;
  /** HTTP status when the error came from a provider answer. */
  readonly httpStatus: number | undefined;

  constructor(
    kind: ErrorKind,
    message: string,
    opts: { retryAfterSeconds?: number; httpStatus?: number; cause?: unknown } = {},
  ) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'PaymonError';
    this.kind = kind;
    this.retryAfterSeconds = opts.retryAfterSeconds;
    this.httpStatus = opts.httpStatus;
  }

  toInfo(): ErrorInfo {
    const info: ErrorInfo = { kind: this.kind, message: this.message };
    if (this.retryAfterSeconds !== undefined) info.retryAfterSeconds = this.retryAfterSeconds;
    return info;
  }
}

/** Any thrown value as ErrorInfo; anything that is not a PaymonError is a bug, kind `internal`. */
export function toErrorInfo(err: unknown): ErrorInfo {
  if (err instanceof PaymonError) return err.toInfo();
  const message = err instanceof Error ? err.message : String(err);
  return { kind: 'internal', message: `Unexpected error: ${message}` };
}
