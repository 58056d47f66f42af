/**
 * How a watched payment's state is shown: a tone (colour) and a word, never colour alone.
 * Pure, so the table, filters and counts agree.
 */
import type { ErrorKind } from '../../../shared/errors.ts';
import type { WatchRowView } from '../../../shared/ipc.ts';

/** Colour families of the status badge. */
export type Tone = 'success' | 'danger' | 'warning' | 'pending' | 'neutral';

/** What the status cell shows. */
export interface StatusLook {
  tone: Tone;
  /** The word shown in the badge: the provider's own status word, or Paymon's. */
  word: string;
  /** "final" or "pending" etc., for screen readers and the tooltip. */
  phase: 'final' | 'watching' | 'paused' | 'stopped' | 'checking';
}

const SUCCESS = new Set(['completed', 'confirmed']);
const DANGER = new Set(['failed', 'expired']);
const WARNING = new Set(['refunded', 'underpaid', 'overpaid']);

/** The badge for a row. */
export function statusLook(row: WatchRowView): StatusLook {
  const phase = row.final ? 'final' : row.stopped ? 'stopped' : row.paused ? 'paused' : row.status === null ? 'checking' : 'watching';
  if (row.status === null) {
    if (row.stopped) return { tone: 'danger', word: 'stopped', phase };
    return { tone: 'neutral', word: row.lastError ? 'not checked' : 'checking…', phase };
  }
  return { tone: statusTone(row.status), word: row.status, phase };
}

/** The colour family of a provider status word. */
export function statusTone(status: string): Tone {
  if (SUCCESS.has(status)) return 'success';
  if (DANGER.has(status)) return 'danger';
  if (WARNING.has(status)) return 'warning';
  return status === 'pending' ? 'pending' : 'neutral';
}

/** Short human names for error kinds, shown next to the row. */
export const ERROR_LABELS: Record<ErrorKind, string> = {
  invalid_input: 'Invalid ID',
  no_key: 'No API key',
  auth: 'Key rejected',
  not_found: 'Not found',
  rate_limited: 'Rate limited',
  timeout: 'Timed out',
  network: 'Network error',
  server: 'Provider error',
  bad_response: 'Bad response',
  keychain_unavailable: 'Keychain unavailable',
  storage: 'Storage error',
  internal: 'Internal error',
};

/** Status filter choices beyond single status words. */
export type StatusGroup = 'all' | 'pending' | 'final' | 'problems';

/** Whether a row is in a status group or matches a single status word. */
export function matchesStatus(row: WatchRowView, filter: string): boolean {
  switch (filter) {
    case 'all':
      return true;
    case 'pending':
      return !row.final;
    case 'final':
      return row.final;
    case 'problems':
      return row.lastError !== null || row.stopped;
    default:
      return row.status === filter;
  }
}
