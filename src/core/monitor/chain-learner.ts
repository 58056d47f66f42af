/**
 * What PayCrypt's answers teach about each network (issue 11, follow-up). The spec
 * (/work/shared/specs/paycrypt-payment-status.md) states neither the block time nor the
 * confirmations a deposit needs, and a provider may confirm after 2 confirmations or after 40,
 * so the policy's per-chain table is only a prior. Learned per network, in memory:
 * - the block pace, from successive answers of one deposit: Δtime / Δconfirmations, from the
 *   first answer at one count to the first answer at a higher one (both lag the block by the
 *   sampling delay, so the lags cancel), summed over the network's recent deposits;
 * - the confirmations at which deposits turned final: the first final answer's `confirmations`
 *   (or the last count seen before it when that answer has none); the smallest of the recent
 *   ones, since a late check sees more confirmations than were needed.
 */
import type { ChainFacts, ChainKnowledge } from './policy.ts';

/** Deposits per network whose pace and final count are remembered (older ones drop out). */
const RECENT = 20;
/** Confirmations a network's pace must span before it is trusted. */
const MIN_PACE_CONFIRMATIONS = 2;

/** One answer of a PayCrypt payment, as the scheduler records it. */
export interface DepositAnswer {
  network: string | null;
  /** A deposit transaction is known (tx hash). */
  depositSeen: boolean;
  confirmations: number | null | undefined;
  final: boolean;
  /** When the answer came, epoch ms. */
  at: number;
}

/** A deposit being followed: its first answer and the first answer at its highest count. */
interface Sighting {
  network: string;
  firstAt: number;
  firstCount: number;
  lastAt: number;
  lastCount: number;
}

/** What one network's recent deposits showed. */
interface NetworkLog {
  /** Per deposit key: time and confirmations spanned (insertion order is recency). */
  spans: Map<string, { ms: number; count: number }>;
  /** Confirmations of recent final answers. */
  finals: number[];
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
    const same = seen !== undefined && seen.network === network && count >= seen.lastCount;
    if (!a.final) {
      if (count < 1) return;
      if (!same) this.#open.set(key, { network, firstAt: a.at, firstCount: count, lastAt: a.at, lastCount: count });
      else if (count > seen.lastCount && a.at > seen.lastAt) this.#extend(key, seen, a.at, count);
      return;
    }
    const log = this.#log(network);
    if (same && count > seen.lastCount && a.at > seen.lastAt) this.#extend(key, seen, a.at, count);
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

  #extend(key: string, seen: Sighting, at: number, count: number): void {
    seen.lastAt = at;
    seen.lastCount = count;
    const log = this.#log(seen.network);
    log.spans.delete(key);
    log.spans.set(key, { ms: seen.lastAt - seen.firstAt, count: seen.lastCount - seen.firstCount });
    if (log.spans.size > RECENT) log.spans.delete(log.spans.keys().next().value as string);
    this.#refresh(log);
  }

  #log(network: string): NetworkLog {
    let log = this.#networks.get(network);
    if (!log) {
      log = { spans: new Map(), finals: [], facts: UNKNOWN };
      this.#networks.set(network, log);
    }
    return log;
  }

  #refresh(log: NetworkLog): void {
    let ms = 0;
    let count = 0;
    for (const span of log.spans.values()) {
      ms += span.ms;
      count += span.count;
    }
    log.facts = {
      blockMs: count >= MIN_PACE_CONFIRMATIONS ? ms / count : null,
      required: log.finals.length > 0 ? Math.min(...log.finals) : null,
    };
  }
}
