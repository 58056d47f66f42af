/**
 * Who is due, and how urgently (issue 4). Each watched payment gets a score: the
 * expected number of status changes that happened since it was last checked,
 * from a simple hazard model. A payment becomes due when its score reaches a
 * threshold, and when the budget is short the highest score goes first. This
 * spaces checks geometrically with age (every few seconds in the first minute,
 * rarely for old abandoned checkouts), follows deposits at the chain's block pace,
 * and lets old payments wait without ever starving young ones.
 */
import type { Provider } from '../../shared/payment.ts';

/** What the scheduler knows about one watched payment. Times are epoch ms. */
export interface WatchState {
  key: string;
  provider: Provider;
  /** The budget this payment's requests are charged to. */
  accountId: string;
  /** Last status seen; null before the first answer. */
  status: string | null;
  final: boolean;
  /** When the payment was created at the provider (or added, if unknown). */
  createdAt: number;
  lastCheckedAt: number | null;
  /** PayCrypt only. */
  expiresAt: number | null;
  /** PayCrypt: a deposit transaction is known (tx hash seen). */
  depositSeen: boolean;
  network: string | null;
  /** Consecutive transient failures (network, timeout, 5xx, bad answers). */
  failures: number;
  /** Earliest next attempt after a failure (backoff), if any. */
  retryAt: number | null;
  paused: boolean;
  /** Checked as soon as the budget allows: just added, or "refresh now". */
  urgent: boolean;
  /** The payment the user has open: watched more closely. */
  focused: boolean;
  /** No more checks: not found after retries, or final with nothing left to watch. */
  stopped: boolean;
}

/** Tuning of the policy; defaults are for real providers, not for any one benchmark. */
export interface PolicyOptions {
  /** Score at which a payment becomes due (ln 1.3: next check when the age has grown by 30%). */
  threshold: number;
  /** Age offset of the hazard model, ms: how soon after creation a change is plausible. */
  tauMs: number;
  /** Longest gap between two checks of a non-final payment. */
  maxIntervalMs: number;
  /** Gap between slow checks of a completed Card2Crypto payment (refund watch). */
  refundWatchMs: number;
  /** Gap between checks of an underpaid PayCrypt payment until it expires (top-up watch). */
  underpaidWatchMs: number;
  /** A confirming deposit is expected to settle within this many blocks. */
  confirmBlocks: number;
  /** Checks wait this long past `expires_at`, so the provider has moved the status. */
  expiryGraceMs: number;
}

/** Defaults for the app and the CLI. */
export const DEFAULT_POLICY: PolicyOptions = {
  threshold: Math.log(1.3),
  tauMs: 10_000,
  maxIntervalMs: 6 * 3600_000,
  refundWatchMs: 3600_000,
  underpaidWatchMs: 5 * 60_000,
  confirmBlocks: 3,
  expiryGraceMs: 2_000,
};

/** Typical block times, ms: a deposit is re-checked at its chain's pace. */
const BLOCK_MS: Record<string, number> = {
  bitcoin: 600_000,
  litecoin: 150_000,
  ethereum: 12_000,
  polygon: 2_000,
  bsc: 3_000,
  tron: 3_000,
  solana: 400,
  ton: 5_000,
};
const DEFAULT_BLOCK_MS = 15_000;

/** The chain's typical block time in ms. */
export function blockTimeMs(network: string | null): number {
  return (network && BLOCK_MS[network.toLowerCase()]) || DEFAULT_BLOCK_MS;
}

/** What kind of watch a payment is under. */
export type WatchMode = 'pending' | 'confirming' | 'refund-watch' | 'underpaid-watch' | 'stopped';

/** The watch a payment needs given what was last seen. */
export function watchMode(s: WatchState): WatchMode {
  if (s.stopped || s.paused) return 'stopped';
  if (s.final) {
    if (s.provider === 'card2crypto' && s.status === 'completed') return 'refund-watch';
    // An underpaid deposit can still be topped up until it expires; one check after expiry.
    if (s.provider === 'paycrypt' && s.status === 'underpaid' && s.expiresAt !== null) {
      return s.lastCheckedAt === null || s.lastCheckedAt < s.expiresAt ? 'underpaid-watch' : 'stopped';
    }
    return 'stopped';
  }
  return s.provider === 'paycrypt' && s.depositSeen ? 'confirming' : 'pending';
}

const NEVER_CHECKED = 1e6;

/** Expected changes missed since the last check at time `now` (Infinity: check at once). */
export function score(s: WatchState, now: number, p: PolicyOptions = DEFAULT_POLICY): number {
  const mode = watchMode(s);
  if (mode === 'stopped') return 0;
  // "Refresh now" outranks everything; a never-checked payment outranks any routine check.
  if (s.urgent) return Infinity;
  if (s.lastCheckedAt === null) return NEVER_CHECKED;
  const last = s.lastCheckedAt;
  if (now <= last) return 0;
  const elapsed = now - last;
  let h: number;
  switch (mode) {
    case 'pending': {
      const ageNow = Math.max(0, now - s.createdAt);
      const ageLast = Math.max(0, last - s.createdAt);
      h = Math.log((ageNow + p.tauMs) / (ageLast + p.tauMs));
      if (s.expiresAt !== null && last < s.expiresAt) {
        // A deposit, if it comes, comes before expiry: the hazard rises as expiry nears.
        const end = s.expiresAt + p.tauMs;
        h += Math.log((end - last) / Math.max(p.tauMs, end - Math.min(now, s.expiresAt)));
      }
      break;
    }
    case 'confirming':
      h = (elapsed / (p.confirmBlocks * blockTimeMs(s.network))) * p.threshold * 3;
      break;
    case 'refund-watch':
      h = (elapsed / p.refundWatchMs) * p.threshold;
      break;
    case 'underpaid-watch':
      h = (elapsed / p.underpaidWatchMs) * p.threshold;
      break;
  }
  // Expiry is a change we can predict to the second: be there right after it.
  if (s.expiresAt !== null && last < s.expiresAt + p.expiryGraceMs && now >= s.expiresAt + p.expiryGraceMs) h += 10;
  h = Math.max(h, (elapsed / p.maxIntervalMs) * p.threshold);
  return s.focused ? h * 4 : h;
}

/** The first time the payment's score reaches the threshold (Infinity if never). */
export function nextDueAt(s: WatchState, p: PolicyOptions = DEFAULT_POLICY): number {
  if (watchMode(s) === 'stopped') return Infinity;
  if (s.urgent || s.lastCheckedAt === null) return Math.max(s.retryAt ?? -Infinity, s.lastCheckedAt ?? -Infinity);
  // The score only grows with time, so bisect between the last check and the longest gap.
  let lo = s.lastCheckedAt;
  let hi = s.lastCheckedAt + p.maxIntervalMs;
  if (score(s, hi, p) < p.threshold) return Math.max(hi, s.retryAt ?? hi);
  while (hi - lo > 250) {
    const mid = lo + (hi - lo) / 2;
    if (score(s, mid, p) >= p.threshold) hi = mid;
    else lo = mid;
  }
  return Math.max(Math.ceil(hi), s.retryAt ?? -Infinity);
}
