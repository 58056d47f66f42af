/**
 * The one place a watched payment's state is named (issue 17, "one state, one name"): each state
 * has one word for its badge, one label for the header count and the status filter, and one
 * tone, never colour alone. The table, the detail pane, the counts and the filter all read
 * rowState(), so they cannot disagree. App wording only: the CLI words its own.
 */
import { KEY_PROBLEM_KINDS, type ErrorInfo, type ErrorKind } from '../../../shared/errors.ts';
import type { WatchRowView } from '../../../shared/ipc.ts';
import { findProviderSpec } from '../../../shared/providers/index.ts';

/** Colour families of the status badge. */
export type Tone = 'success' | 'danger' | 'warning' | 'pending' | 'neutral';

/** Every state a watched payment can be in, in the order the header lists them. */
export const STATE_IDS = ['pending', 'unchecked', 'paused', 'needs-key', 'not-found', 'failing', 'final'] as const;
/** A row's state. */
export type StateId = (typeof STATE_IDS)[number];

/** What a state is called and how it looks. */
export interface StateInfo {
  /** The header count's and the filter option's name. */
  label: string;
  /** The badge word, when the provider's own status word is not shown instead. */
  word: string;
  tone: Tone;
  /** One sentence for the badge's tooltip and screen readers. */
  meaning: string;
}

/** The states, written once. */
export const STATES: Readonly<Record<StateId, StateInfo>> = {
  pending: { label: 'Pending', word: 'pending', tone: 'pending', meaning: 'Checked; not final yet, so Paymon keeps checking.' },
  unchecked: { label: 'Not checked yet', word: 'not checked yet', tone: 'neutral', meaning: 'Waiting for its first check.' },
  paused: { label: 'Paused', word: 'paused', tone: 'neutral', meaning: 'Checking is paused for this payment.' },
  'needs-key': { label: 'Waiting for a key', word: 'waiting for a key', tone: 'danger', meaning: 'Not checked until its account has a working API key (Keys & accounts).' },
  'not-found': { label: 'Not found', word: 'not found', tone: 'danger', meaning: 'The provider does not know this payment with the keys Paymon has.' },
  failing: { label: 'Check failing', word: 'check failing', tone: 'warning', meaning: 'The last check failed; Paymon keeps retrying.' },
  final: { label: 'Final', word: 'final', tone: 'neutral', meaning: 'Final: the provider will not change it on its own.' },
};

/** A row's state as shown: the state, the badge word and tone, and why (for problem states). */
export interface RowState {
  id: StateId;
  /** The badge word: the provider's status for pending and final rows, else the state's word. */
  word: string;
  tone: Tone;
  /** A short reason beside the badge ("Key rejected", "Timed out"), or null. */
  reason: string | null;
}

const SUCCESS = new Set(['completed', 'confirmed']);
const DANGER = new Set(['failed', 'expired']);
const WARNING = new Set(['refunded', 'underpaid', 'overpaid']);

/** The colour family of a provider status word. */
export function statusTone(status: string): Tone {
  if (SUCCESS.has(status)) return 'success';
  if (DANGER.has(status)) return 'danger';
  if (WARNING.has(status)) return 'warning';
  return status === 'pending' ? 'pending' : 'neutral';
}

/** Short human names for error kinds, shown next to the badge. */
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

/** A row's state id: cheap and allocation-free, for counting and filtering 100,000 rows. */
export function stateOf(row: WatchRowView): StateId {
  if (row.final) return 'final';
  if (row.paused) return 'paused';
  const kind = row.lastError?.kind;
  if (kind !== undefined && KEY_PROBLEM_KINDS.has(kind)) return 'needs-key';
  if (kind === 'not_found') return 'not-found';
  // A rate limit only delays the check: the row is where it was (Paymon resumes by itself).
  if (kind !== undefined && kind !== 'rate_limited') return 'failing';
  if (row.stopped) return 'failing';
  return row.status === null ? 'unchecked' : 'pending';
}

/** The state of a row with its badge word, tone and reason (for the rows on screen). */
export function rowState(row: WatchRowView): RowState {
  const id = stateOf(row);
  const err = row.lastError;
  const shown = id === 'pending' || id === 'final' ? row.status : null;
  return {
    id,
    word: shown ?? STATES[id].word,
    tone: shown !== null ? statusTone(shown) : STATES[id].tone,
    reason: err && err.kind !== 'not_found' && id !== 'final' && id !== 'paused' ? ERROR_LABELS[err.kind] : null,
  };
}

/** Whether Paymon ever asked the provider about this row (a missing key or keychain sends nothing). */
export function wasAsked(row: WatchRowView): boolean {
  if (row.lastCheckedAt === null) return false;
  const kind = row.lastError?.kind;
  return row.payment !== null || (kind !== 'no_key' && kind !== 'keychain_unavailable');
}

/**
 * A row's error in the app's words. The core's messages are written for the command line
 * ("run `paymon keys set …`"); a desktop user is told where to click instead.
 */
export function appErrorText(err: ErrorInfo): string {
  switch (err.kind) {
    case 'no_key':
      return 'No API key for this account yet: add one in Keys & accounts.';
    case 'auth':
      return 'The provider rejected the API key: replace it in Keys & accounts.';
    case 'keychain_unavailable':
      return 'The key could not be read from the system keychain: enter one for this session in the banner above.';
    default:
      return err.message;
  }
}

/** A status filter value for one provider status word (state ids are plain). */
export function statusWordFilter(word: string): string {
  return `status:${word}`;
}

/** Whether a row passes the status filter: 'all', a state id, or statusWordFilter(word). */
export function matchesStatus(row: WatchRowView, filter: string): boolean {
  if (filter === 'all') return true;
  if (filter.startsWith('status:')) return row.status === filter.slice('status:'.length);
  return stateOf(row) === filter;
}

/** The badge of a row, as the detail pane and the row colour read it. */
export function statusLook(row: WatchRowView): { tone: Tone; word: string; phase: StateId } {
  const s = rowState(row);
  return { tone: s.tone, word: s.word, phase: s.id };
}

/**
 * What the Next check column says instead of a time, or null to show the time: a paused app or
 * row does not count down; a final row says why it is still checked (its provider's spec: refund
 * watch, until expiry) or nothing.
 */
export function nextCheckWord(row: WatchRowView, monitorPaused: boolean): string | null {
  const id = stateOf(row);
  if (id === 'final') {
    if (row.nextCheckAt === null || row.status === null) return '';
    const watch = findProviderSpec(row.ref.provider)?.watch;
    if (watch?.refundWatch.includes(row.status)) return 'refund watch';
    if (watch?.untilExpiry.includes(row.status)) return 'until expiry';
    return '';
  }
  if (id === 'paused' || monitorPaused) return 'paused';
  if (row.stopped) return 'stopped';
  if (id === 'needs-key') return 'after a key';
  return row.nextCheckAt === null ? '—' : null;
}
