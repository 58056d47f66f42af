/**
 * What PayCrypt's answers teach about each network (issue 11, follow-up). The spec
 * (/work/shared/specs/paycrypt-payment-status.md) states neither the block time nor the
 * confirmations a deposit needs, and a provider may confirm after 2 confirmations or after 40,
 * so the policy's per-chain table is only a prior. Learned per network, in memory:
 * - the block pace, from the bounds that answers of one deposit put on it: an answer at time t
 *   showing c confirmations means block c came by t, and, unless it is final (its count may stop
 *   at the required one), block c+1 had not. Two answers (t0, c0), (t1, c1) thus bound the block
 *   time between (t1−t0)/(c1−c0+1) and (t1−t0)/(c1−c0−1). The estimate is the middle of the
 *   tightest bounds over the network's recent deposits. Bounds, not averages: the policy times its
 *   checks to the blocks it expects, so Δtime/Δconfirmations read blocks 15–20% slow on the
 *   60/min benchmark, and slower blocks meant later checks and slower readings still. Where the
 *   answers' `updated_at` moves with each confirmation (the time of the block that brought it), two
 *   answers of one deposit give the pace itself, Δupdated_at / Δconfirmations; such readings win
 *   (their median) when they agree with the bounds, and are ignored when they do not (an
 *   `updated_at` that does not follow the blocks);
 * - the confirmations at which deposits turned final: the first final answer's `confirmations`
 *   (or the last count seen before it when that answer has none); the smallest of the recent
 *   ones, since a late check sees more confirmations than were needed.
 */
import type { ChainFacts, ChainKnowledge } from './policy.ts';

/** Deposits per network whose pace and final count are remembered (older ones drop out). */
const RECENT = 20;

/** One answer of a PayCrypt payment, as the scheduler records it. */
export interface DepositAnswer {
  network: string | null;
  /** A deposit transaction is known (tx hash). */
  depositSeen: boolean;
  confirmations: number | null | undefined;
  final: boolean;
  /** When the answer came, epoch ms. */
  at: number;
  /** When the latest confirmation came, as the answer says (its `updated_at`), if it says. */
  confirmationAt?: number | null;
}

/** A deposit being followed: its first answer and its latest answer before final. */
interface Sighting {
  network: string;
  firstAt: number;
  firstCount: number;
  lastAt: number;
  lastCount: number;
  /** The first answer's `updated_at` and count, when it gave one (for pace readings). */
  firstStamp: { at: number; count: number } | null;
}

/** Bounds one deposit put on its network's block time, ms (0 / Infinity: none). */
interface Bounds {
  lo: number;
  hi: number;
}

/** What one network's recent deposits showed. */
interface NetworkLog {
  /** Per deposit key (insertion order is recency). */
  spans: Map<string, Bounds>;
  /** Confirmations of recent final answers. */
  finals: number[];
  /** Recent paces read from `updated_at` (ms per confirmation), with the deposit's bounds they must fit. */
  readings: number[];
  facts: ChainFacts;
}

const UNKNOWN: ChainFacts = { blockMs: null, required: null };

/** Learns each network's block pace and required confirmations from the answers it is shown. */
export class ChainLearner implements ChainKnowledge {
  readonly #open = new Map<string, Sighting>();
  readonly #networks = new Map<string, NetworkLog>();

  /** What has been learned of `network` (nulls: not yet). */
  facts(network: string | null): ChainFacts {
    return (network && this.#networks.get(network.toLowerCase())?.facts) || UNKNOWN;
  }

  /** Records a successful answer about the payment `key`. */
  observe(key: string, a: DepositAnswer): void {
    const network = a.network?.toLowerCase() ?? null;
    const seen = this.#open.get(key);
    const count = typeof a.confirmations === 'number' && Number.isFinite(a.confirmations) ? a.confirmations : 0;
    if (a.final) this.#open.delete(key);
    if (network === null || !a.depositSeen) return;
    if (!a.final) {
      const same = seen !== undefined && seen.network === network && count >= seen.lastCount;
      if (count < 1) return;
      const stamp = stampOf(a, count);
      if (!same) this.#open.set(key, { network, firstAt: a.at, firstCount: count, lastAt: a.at, lastCount: count, firstStamp: stamp });
      else if (a.at > seen.lastAt) {
        seen.lastAt = a.at;
        seen.lastCount = count;
        this.#bound(key, seen, null);
        this.#read(key, seen, stamp);
      }
      return;
    }
    const log = this.#log(network);
    if (seen?.network === network && count > 0 && a.at > seen.lastAt) {
      this.#bound(key, seen, { at: a.at, count });
      this.#read(key, seen, stampOf(a, count));
    }
    // No count on the final answer: the last one seen before it.
    const required = count > 0 ? count : seen?.network === network ? seen.lastCount : 0;
    if (required >= 1) {
      log.finals.push(required);
      if (log.finals.length > RECENT) log.finals.shift();
      this.#refresh(log);
    }
  }

  /** The payment is no longer watched. */
  forget(key: string): void {
    this.#open.delete(key);
  }

  /** Records the bounds a deposit's answers put on the block time (`final`: its final answer). */
  #bound(key: string, seen: Sighting, final: { at: number; count: number } | null): void {
    const b: Bounds = { lo: 0, hi: Infinity };
    const pair = (t0: number, c0: number, t1: number, c1: number, laterFinal: boolean): void => {
      const ms = t1 - t0;
      const d = c1 - c0;
      if (ms <= 0) return;
      // Block c0+1 had not come by t0, block c1 had by t1: at most d−1 whole blocks in between.
      if (d > 1) b.hi = Math.min(b.hi, ms / (d - 1));
      // Block c0 had come by t0, block c1+1 had not by t1 (unless final): fewer than d+1 blocks.
      if (!laterFinal) b.lo = Math.max(b.lo, ms / (d + 1));
    };
    pair(seen.firstAt, seen.firstCount, seen.lastAt, seen.lastCount, false);
    if (final) {
      pair(seen.firstAt, seen.firstCount, final.at, final.count, true);
      pair(seen.lastAt, seen.lastCount, final.at, final.count, true);
    }
    const log = this.#log(seen.network);
    const old = log.spans.get(key);
    log.spans.delete(key);
    log.spans.set(key, old ? { lo: Math.max(old.lo, b.lo), hi: Math.min(old.hi, b.hi) } : b);
    if (log.spans.size > RECENT) log.spans.delete(log.spans.keys().next().value as string);
    this.#refresh(log);
  }

  /**
   * A pace reading from two `updated_at` stamps of one deposit, kept if it fits the bounds the
   * answers' own times put on this deposit's blocks (5 % slack for clocks and rounding).
   */
  #read(key: string, seen: Sighting, stamp: { at: number; count: number } | null): void {
    const first = seen.firstStamp;
    if (!first || !stamp || stamp.count <= first.count || stamp.at <= first.at) return;
    const pace = (stamp.at - first.at) / (stamp.count - first.count);
    const log = this.#log(seen.network);
    const b = log.spans.get(key) ?? { lo: 0, hi: Infinity };
    if (pace < 0.95 * b.lo || pace > 1.05 * b.hi) return;
    log.readings.push(pace);
    if (log.readings.length > RECENT) log.readings.shift();
    this.#refresh(log);
  }

  #log(network: string): NetworkLog {
    let log = this.#networks.get(network);
    if (!log) {
      log = { spans: new Map(), finals: [], readings: [], facts: UNKNOWN };
      this.#networks.set(network, log);
    }
    return log;
  }

  #refresh(log: NetworkLog): void {
    let lo = 0;
    let hi = Infinity;
    for (const span of log.spans.values()) {
      lo = Math.max(lo, span.lo);
      hi = Math.min(hi, span.hi);
    }
    // Both bounds: their middle (blocks that vary may leave lo above hi; the middle still holds).
    // Without an upper bound (no span of 2 confirmations yet) the pace is not known.
    const bounded = hi < Infinity && lo > 0 ? (lo + hi) / 2 : null;
    const blockMs = log.readings.length > 0 ? median(log.readings) : bounded;
    log.facts = {
      blockMs,
      required: log.finals.length > 0 ? Math.min(...log.finals) : null,
    };
  }
}

/** The answer's `updated_at` as the time of its latest confirmation, when it can be (not after the answer). */
function stampOf(a: DepositAnswer, count: number): { at: number; count: number } | null {
  const at = a.confirmationAt;
  return typeof at === 'number' && Number.isFinite(at) && at <= a.at && count >= 1 ? { at, count } : null;
}

function median(xs: readonly number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
