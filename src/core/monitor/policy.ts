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
import { findProviderSpec, type ProviderSpec } from '../../shared/providers/index.ts';
import type { ChangeKnowledge } from './change-learner.ts';

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
  /** PayCrypt: block confirmations of the deposit at the last check (null: unknown). */
  confirmations?: number | null;
  /** PayCrypt: when the deposit was first seen (the check that first showed its tx hash). */
  depositSeenAt?: number | null;
  /** PayCrypt: when the deposit's latest confirmation came, as the last answer said (`updated_at`); null: unknown. */
  confirmationAt?: number | null;
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
  /**
   * Once the change times are learned: the expected delay, ms, one check is worth. A pending payment
   * is due when a change, had it come since the last check, would have waited this long on average.
   * Spare budget lowers it (the scheduler's pacing), as it lowers `threshold`.
   */
  checkWorthMs: number;
  /** Longest gap between two checks of a non-final payment (the cap of its staleness bound). */
  maxIntervalMs: number;
  /** The staleness bound is the payment's age at its last check, but never below this. */
  stalenessFloorMs: number;
  /** Shortest gap between slow checks of a completed Card2Crypto payment (refund watch). */
  refundWatchMs: number;
  /** Refunds cluster early: the refund-watch gap grows to this share of the payment's age. */
  refundFade: number;
  /** Final payments older than this leave the active schedule (archived; still listed and exported). */
  archiveAfterMs: number;
  /** Gap between checks of an underpaid PayCrypt payment until it expires (top-up watch). */
  underpaidWatchMs: number;
  /** A confirming deposit is expected to settle within this many blocks. */
  confirmBlocks: number;
  /**
   * The first check after `expires_at` comes this long past it; if the payment still shows pending
   * (the provider is slow to move it), again at 1 s, 2 s, 4 s … past it, for EXPIRY_WATCH_MS.
   */
  expiryGraceMs: number;
  /** What answers taught about each network's blocks (the scheduler's learner); none: nothing learned. */
  chains?: ChainKnowledge;
  /** When each provider's pending payments change, as checks taught (the scheduler's learner); none: the prior only. */
  changes?: ChangeKnowledge;
}

/** A network's block time and required confirmations as learned from answers (null: not yet). */
export interface ChainFacts {
  blockMs: number | null;
  required: number | null;
}

/** Where the policy reads what was learned per network (src/core/monitor/chain-learner.ts). */
export interface ChainKnowledge {
  facts(network: string | null): ChainFacts;
}

/** Defaults for the app and the CLI. */
export const DEFAULT_POLICY: PolicyOptions = {
  threshold: Math.log(1.3),
  tauMs: 10_000,
  checkWorthMs: 10_000,
  maxIntervalMs: 6 * 3600_000,
  stalenessFloorMs: 30_000,
  refundWatchMs: 3600_000,
  refundFade: 0.5,
  archiveAfterMs: 30 * 24 * 3600_000,
  underpaidWatchMs: 5 * 60_000,
  confirmBlocks: 3,
  expiryGraceMs: 0,
};

/** How long past `expires_at` a payment still shown pending keeps its expiry checks (doubling gaps). */
export const EXPIRY_WATCH_MS = 5 * 60_000;
/** The shortest gap between two expiry checks of a payment the provider has not moved yet. */
const EXPIRY_RETRY_MS = 1000;

/**
 * When the next expiry check of a payment is due (null: none): just past `expires_at`, where the
 * status is predictable to the millisecond, and, for a payment still shown pending after it, at
 * doubling gaps from it (a provider that moves statuses late costs a few checks, not a wait for
 * the staleness bound). Once for payments in other watches (a confirming deposit does not expire).
 */
export function expiryCheckAt(s: WatchState, p: PolicyOptions = DEFAULT_POLICY): number | null {
  if (s.expiresAt === null) return null;
  const first = s.expiresAt + p.expiryGraceMs;
  const last = s.lastCheckedAt ?? -Infinity;
  if (last < first) return first;
  const late = last - s.expiresAt;
  if (watchMode(s, p) !== 'pending' || late > EXPIRY_WATCH_MS) return null;
  return s.expiresAt + Math.max(EXPIRY_RETRY_MS, 2 * late);
}

/** Whether an expiry check (expiryCheckAt) is due at `now`. */
function expiryDue(s: WatchState, now: number, p: PolicyOptions): boolean {
  const at = expiryCheckAt(s, p);
  return at !== null && now >= at;
}

/**
 * Typical block times, ms. Only a prior (issue 11, follow-up): the PayCrypt spec states neither
 * block times nor required confirmations, so what answers teach (`chains`) wins over both tables.
 */
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

/**
 * Confirmations PayCrypt waits for before a deposit is final, per chain (its usual settings;
 * the spec's example shows 12 on ethereum). Unknown chains are followed block by block.
 */
const REQUIRED_CONFIRMATIONS: Record<string, number> = {
  bitcoin: 2,
  ethereum: 12,
  tron: 19,
  bsc: 15,
  polygon: 30,
};

/** The chain's typical block time in ms. */
export function blockTimeMs(network: string | null): number {
  return (network && BLOCK_MS[network.toLowerCase()]) || DEFAULT_BLOCK_MS;
}

/** Confirmations a deposit on `network` needs, or null if unknown. */
export function requiredConfirmations(network: string | null): number | null {
  return (network && REQUIRED_CONFIRMATIONS[network.toLowerCase()]) || null;
}

const NOTHING_LEARNED: ChainFacts = { blockMs: null, required: null };

/** What answers taught about `network` under policy `p`. */
export function learnedChain(network: string | null, p: PolicyOptions = DEFAULT_POLICY): ChainFacts {
  return p.chains?.facts(network) ?? NOTHING_LEARNED;
}

/**
 * How long a PayCrypt deposit stays visible (tx hash, confirmations) before it turns final:
 * a check inside that window sees it and can time the final check to the block. So a pending
 * deposit is only "missed" once it is older than this; 80% of the learned time, for slow blocks.
 * Until the network's blocks and confirmations are learned, 0: a guessed window made a deposit
 * that confirmed in 1 s be noticed 50 s late (issue 11, follow-up).
 */
export function confirmWindowMs(network: string | null, p: PolicyOptions = DEFAULT_POLICY): number {
  const { blockMs, required } = learnedChain(network, p);
  return blockMs === null || required === null ? 0 : 0.8 * (required - 1) * blockMs;
}

/**
 * Gap from the last check of a confirming deposit to the next: just past the block that should
 * bring the last confirmation (half a block late on average). Learned blocks and confirmations win
 * over the table; until both are learned the gap also stays within max(½ block, time since the
 * deposit was first seen), a geometric back-off, so a wrong prior costs at most about the deposit's
 * own confirming time and a right one costs a few extra checks, no delay. A deposit that needs more
 * confirmations than expected is checked a block later, then ever more sparsely.
 */
export function confirmingGapMs(s: WatchState, p: PolicyOptions = DEFAULT_POLICY): number {
  const learned = learnedChain(s.network, p);
  const block = learned.blockMs ?? blockTimeMs(s.network);
  const required = learned.required ?? requiredConfirmations(s.network);
  const trusted = learned.blockMs !== null && learned.required !== null;
  const seen = s.confirmations ?? null;
  const last = s.lastCheckedAt ?? s.createdAt;
  const backoff = Math.max(block / 2, last - (s.depositSeenAt ?? last));
  if (seen === null) return Math.min(block, backoff);
  if (required === null) return backoff;
  if (seen >= required) return Math.max(block / 2, Math.min((seen - required + 1) * block, backoff));
  const timed = trusted ? finalFromStamp(s, block, required, seen, last) : null;
  if (timed !== null) return timed;
  const estimate = Math.max(block / 2, (required - seen - 0.5) * block);
  return trusted ? estimate : Math.min(estimate, backoff);
}

/**
 * The gap to a confirming deposit's final block timed from the answer's `updated_at` (when its
 * latest confirmation came): that block plus the missing confirmations' blocks, to the moment, not
 * half a block late on average (issue 11: the bound, bench/bound.ts, times it so). Used only when
 * the stamp is credible: not after the answer, and within two blocks of it (a stamp that does not
 * follow the blocks is older). A check that came too early (a slow block) looks again a quarter
 * block later. Null: no credible stamp.
 */
function finalFromStamp(s: WatchState, block: number, required: number, seen: number, last: number): number | null {
  const stamp = s.confirmationAt ?? null;
  if (stamp === null || seen < 1 || stamp > last || last - stamp > 2 * block) return null;
  const finalAt = stamp + (required - seen) * block;
  return Math.max(block / 4, finalAt - last);
}

/** Gap between refund-watch checks: hourly at first, then fading with age (refunds cluster early). */
export function refundGapMs(s: WatchState, p: PolicyOptions = DEFAULT_POLICY): number {
  const age = Math.max(0, (s.lastCheckedAt ?? s.createdAt) - s.createdAt);
  return Math.max(p.refundWatchMs, p.refundFade * age);
}

const NO_WATCH_FACTS: ProviderSpec['watch'] = { deposits: false, refundWatch: [], untilExpiry: [] };

/** How this payment's provider is followed (its spec's watch facts). */
function watchFacts(s: WatchState): ProviderSpec['watch'] {
  return findProviderSpec(s.provider)?.watch ?? NO_WATCH_FACTS;
}

/**
 * The staleness bound of a non-final payment (issue 11): it is checked again at most this long
 * after its last check whenever the budget allows: its age at that check, between
 * `stalenessFloorMs` (30 s) and `maxIntervalMs` (6 h), plus for a PayCrypt payment awaiting its
 * deposit the time a deposit stays visible while confirming. Infinity for final or stopped payments.
 */
export function stalenessBoundMs(s: WatchState, p: PolicyOptions = DEFAULT_POLICY): number {
  if (s.final || s.stopped || s.paused) return Infinity;
  const last = s.lastCheckedAt ?? s.createdAt;
  const age = Math.max(0, last - s.createdAt);
  // A PayCrypt deposit stays visible while it confirms, so nothing is missed within that window.
  const visible = watchFacts(s).deposits && !s.depositSeen && (s.expiresAt === null || last < s.expiresAt) ? confirmWindowMs(s.network, p) : 0;
  return Math.min(p.maxIntervalMs, Math.max(p.stalenessFloorMs, age) + visible);
}

/** Whether a final payment is old enough to leave the active schedule. */
export function archived(s: WatchState, now: number, p: PolicyOptions = DEFAULT_POLICY): boolean {
  return s.final && now - s.createdAt > p.archiveAfterMs;
}

/** What kind of watch a payment is under. */
export type WatchMode = 'pending' | 'confirming' | 'refund-watch' | 'underpaid-watch' | 'stopped';

/** The watch a payment needs given what was last seen. */
export function watchMode(s: WatchState, p: PolicyOptions = DEFAULT_POLICY): WatchMode {
  if (s.stopped || s.paused) return 'stopped';
  if (s.final) {
    // Archived: out of the schedule (the clock of the last check stands in for "now").
    if (archived(s, s.lastCheckedAt ?? s.createdAt, p)) return 'stopped';
    const facts = watchFacts(s);
    if (s.status !== null && facts.refundWatch.includes(s.status)) return 'refund-watch';
    // An underpaid deposit can still be topped up until it expires; one check after expiry.
    if (s.status !== null && facts.untilExpiry.includes(s.status) && s.expiresAt !== null) {
      return s.lastCheckedAt === null || s.lastCheckedAt < s.expiresAt ? 'underpaid-watch' : 'stopped';
    }
    return 'stopped';
  }
  return watchFacts(s).deposits && s.depositSeen ? 'confirming' : 'pending';
}

const NEVER_CHECKED = 1e6;

/** Expected changes missed since the last check at time `now` (Infinity: check at once). */
export function score(s: WatchState, now: number, p: PolicyOptions = DEFAULT_POLICY): number {
  const mode = watchMode(s, p);
  if (mode === 'stopped') return 0;
  // "Refresh now" outranks everything; a never-checked payment outranks any routine check.
  if (s.urgent) return Infinity;
  if (s.lastCheckedAt === null) return NEVER_CHECKED;
  const last = s.lastCheckedAt;
  if (now <= last) return 0;
  const elapsed = now - last;
  let h = 0;
  switch (mode) {
    case 'pending': {
      // A PayCrypt deposit shows (tx hash, confirmations) for a while before it is final, and a
      // check in that while times the final check to the block: only deposits older than that
      // window are missed. So the hazard is counted up to `now - window` (issue 11: deposits were
      // noticed twice as late as Card2Crypto completions when counted up to `now`).
      const window = watchFacts(s).deposits && s.expiresAt !== null && last < s.expiresAt ? confirmWindowMs(s.network, p) : 0;
      const t = now - window;
      if (t > last) {
        const ageNow = Math.max(0, t - s.createdAt);
        const ageLast = Math.max(0, last - s.createdAt);
        // What checks taught about this provider's payments wins over the prior (expiry included).
        // Once learned, a check is due when the delay a change would have waited reaches what a
        // check is worth (`checkWorthMs`): the Lagrangian rule, which spaces checks by √(worth/density)
        // where the hazard rule spaced them by 1/density (issue 11, follow-up).
        const learned = p.changes?.delayMs(s.provider, ageLast, ageNow) ?? null;
        if (learned !== null) {
          h = (p.threshold * learned) / p.checkWorthMs;
          break;
        }
        h = Math.log((ageNow + p.tauMs) / (ageLast + p.tauMs));
        if (s.expiresAt !== null && last < s.expiresAt) {
          // A deposit, if it comes, comes before expiry: the hazard rises as expiry nears.
          const end = s.expiresAt + p.tauMs;
          h += Math.log((end - last) / Math.max(p.tauMs, end - Math.min(t, s.expiresAt)));
        }
      }
      break;
    }
    case 'confirming': {
      // Due when the last confirmation should have come; then it is likely final: it goes first.
      const gap = confirmingGapMs(s, p);
      h = elapsed < gap ? 0.99 * p.threshold * (elapsed / gap) : 4 * p.threshold * (elapsed / gap);
      break;
    }
    case 'refund-watch':
      h = (elapsed / refundGapMs(s, p)) * p.threshold;
      break;
    case 'underpaid-watch':
      h = (elapsed / p.underpaidWatchMs) * p.threshold;
      break;
  }
  // Expiry is a change we can predict to the second: be there right after it.
  if (expiryDue(s, now, p)) h += 10;
  // The staleness bound holds for payments not yet final (a learned hazard may be low for long);
  // refund watch fades past it (issue 11).
  if (mode === 'pending') h = Math.max(h, (elapsed / stalenessBoundMs(s, p)) * p.threshold);
  else if (mode === 'confirming') h = Math.max(h, (elapsed / p.maxIntervalMs) * p.threshold);
  return s.focused ? h * 4 : h;
}

/**
 * How urgently a due payment should go when the budget is short, in thresholds: its score, except
 * that a pending payment whose change times are learned ranks by the changes it likely missed
 * (the learned cumulative hazard since its last check), not by the delay they have waited: under a
 * short budget the check most likely to find something goes first.
 */
export function urgency(s: WatchState, now: number, p: PolicyOptions = DEFAULT_POLICY): number {
  const base = score(s, now, p) / p.threshold;
  if (!Number.isFinite(base) || watchMode(s, p) !== 'pending' || s.lastCheckedAt === null) return base;
  const window = watchFacts(s).deposits && s.expiresAt !== null && s.lastCheckedAt < s.expiresAt ? confirmWindowMs(s.network, p) : 0;
  const missed = p.changes?.cumulative(s.provider, s.lastCheckedAt - s.createdAt, now - window - s.createdAt) ?? null;
  if (missed === null) return base;
  const expiry = expiryDue(s, now, p) ? 10 : 0;
  return (missed + expiry) / p.threshold;
}

/**
 * What checking a pending payment early is worth, in checks' worth (`checkWorthMs`): the delay a
 * change, had it come since the last check, would have waited (learned, or under the prior hazard
 * 1/(age + τ): (t − a) − (a + τ)·ln((t + τ)/(a + τ)) between ages a and t), with a PayCrypt deposit
 * counted only once older than its confirming window; or more where expiry passed or the staleness
 * bound is passed. Spare budget goes to the largest (spare.ts). Unlike `score`, the prior's value is a
 * delay too, so a payment a few seconds old is not polled every second before anything is learned.
 */
export function earlyCheckValue(s: WatchState, now: number, p: PolicyOptions = DEFAULT_POLICY): number {
  if (watchMode(s, p) !== 'pending' || s.lastCheckedAt === null || now <= s.lastCheckedAt) return 0;
  const last = s.lastCheckedAt;
  const window = watchFacts(s).deposits && s.expiresAt !== null && last < s.expiresAt ? confirmWindowMs(s.network, p) : 0;
  const a = Math.max(0, last - s.createdAt);
  const t = Math.max(a, now - window - s.createdAt);
  const learned = p.changes?.delayMs(s.provider, a, t) ?? null;
  const delay = learned ?? t - a - (a + p.tauMs) * Math.log((t + p.tauMs) / (a + p.tauMs));
  let value = delay / p.checkWorthMs;
  if (expiryDue(s, now, p)) value += 10;
  // Past its staleness bound a payment is due anyway; before it, nearing the bound is worth nothing
  // by itself (counting it made every payment under a minute old look worth a check every 6 s).
  const late = (now - last) / stalenessBoundMs(s, p);
  return late >= 1 ? Math.max(value, late) : value;
}

/** The first time the payment's score reaches the threshold (Infinity if never). */
export function nextDueAt(s: WatchState, p: PolicyOptions = DEFAULT_POLICY): number {
  const mode = watchMode(s, p);
  if (mode === 'stopped') return Infinity;
  if (s.urgent || s.lastCheckedAt === null) return Math.max(s.retryAt ?? -Infinity, s.lastCheckedAt ?? -Infinity);
  // Refund watch has no cap on its gap: it fades with age.
  if (mode === 'refund-watch') return Math.max(s.lastCheckedAt + Math.ceil(refundGapMs(s, p)), s.retryAt ?? -Infinity);
  // The score only grows with time, so bisect between the last check and the longest gap.
  let lo = s.lastCheckedAt;
  let hi = s.lastCheckedAt + p.maxIntervalMs;
  if (score(s, hi, p) < p.threshold) return Math.max(hi, s.retryAt ?? hi);
  while (hi - lo > 50) {
    const mid = lo + (hi - lo) / 2;
    if (score(s, mid, p) >= p.threshold) hi = mid;
    else lo = mid;
  }
  return Math.max(Math.ceil(hi), s.retryAt ?? -Infinity);
}
