/**
 * Turning an untrusted IPC argument into a typed request, and any failure into an ErrorInfo a
 * person can read: short, never echoing the (possibly huge or secret) input back.
 */
import type { z } from 'zod';
import { PaymonError, toErrorInfo, type ErrorInfo } from '../../shared/errors.ts';
import type { InvokeChannel } from '../../shared/ipc.ts';
import { REQUEST_SCHEMAS } from '../../shared/ipc-schemas.ts';
import { redact } from '../http.ts';

const MAX_MESSAGE = 300;
const MAX_PART = 20;

/** Cuts text to `max` characters and flattens control characters. */
export function short(text: string, max = MAX_MESSAGE): string {
  // eslint-disable-next-line no-control-regex
  const flat = text.replace(/[\u0000-\u001f\u007f]+/g, ' ');
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}

/** Whether `channel` names an invoke channel (own property only: "__proto__" and "constructor" are not channels). */
export function isInvokeChannel(channel: unknown): channel is InvokeChannel {
  return typeof channel === 'string' && Object.hasOwn(REQUEST_SCHEMAS, channel);
}

/** One zod issue as "field: problem", with field names and unknown keys cut short. */
function describeIssue(issue: z.core.$ZodIssue): string {
  const where = issue.path.map((p) => short(String(p), MAX_PART)).join('.') || 'request';
  if (issue.code === 'unrecognized_keys') {
    const names = issue.keys.slice(0, 3).map((k) => `"${short(k, MAX_PART)}"`).join(', ');
    return `${where}: unexpected field${issue.keys.length > 1 ? 's' : ''} ${names}${issue.keys.length > 3 ? ', …' : ''}`;
  }
  // zod's own messages name the expected type or limit, never the received value.
  return `${where}: ${short(issue.message, 120)}`;
}

/** Parses `arg` for `channel`; returns the request or an invalid_input ErrorInfo. */
export function parseRequest<C extends InvokeChannel>(
  channel: C,
  arg: unknown,
): { ok: true; value: z.output<(typeof REQUEST_SCHEMAS)[C]> } | { ok: false; error: ErrorInfo } {
  let result;
  try {
    result = REQUEST_SCHEMAS[channel].safeParse(arg);
  } catch {
    // Only a hand-built object (a throwing getter, a revoked proxy) gets here; IPC delivers clones.
    return { ok: false, error: { kind: 'invalid_input', message: `Invalid ${channel} request: it could not be read.` } };
  }
  if (result.success) return { ok: true, value: result.data as z.output<(typeof REQUEST_SCHEMAS)[C]> };
  const issues = result.error.issues;
  const text = issues.slice(0, 3).map(describeIssue).join('; ') + (issues.length > 3 ? '; …' : '');
  return { ok: false, error: { kind: 'invalid_input', message: short(`Invalid ${channel} request: ${text}.`) } };
}

/** Any thrown value as a short ErrorInfo, with `secret` (a key being set) blanked out if it appears. */
export function failure(err: unknown, secret?: string): ErrorInfo {
  const info = toErrorInfo(err);
  let message = info.message;
  if (secret) message = redact(message, secret, '[key]');
  return { ...info, message: short(message, 600) };
}

/** Rejects after `ms` with a timeout error, so an IPC call never waits forever on a stuck keychain or socket. */
export function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new PaymonError('timeout', `${what} took longer than ${Math.round(ms / 1000)} s; try again.`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
