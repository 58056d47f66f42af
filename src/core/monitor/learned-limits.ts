/**
 * The limits a budget learned from 429s (issue 11), one per time scale, each with its probing
 * state. A learned limit holds, then is probed one step up while our demand presses on it (we never
 * probe for capacity we would not use); a probe met by a 429 falls back and doubles the hold, so
 * against a steady limit 429s grow exponentially rarer, while a limit that comes back is found.
 */
import type { InferredLimit } from './limit-learner.ts';
import { defaultBurst, WindowLimit, type SendLog } from './window-limit.ts';

/** A learned limit is a guess: its burst stays small (at most 10), so a wrong guess costs little. */
function learnedBurst(limit: number): number {
  return Math.min(10, defaultBurst(limit));
}

/**
 * How long a learned limit holds before it is probed: at least a minute, two of its windows, and
 * the time of 100 requests at its rate (so probes, one 429 at most each, stay under 1 % of the
 * requests); doubled by each failed probe up to 4 times, halved by each that passes.
 */
const MIN_HOLD_MS = 60_000;
const MAX_HOLD_FACTOR = 4;
const MAX_HOLD_MS = 60 * 60_000;
function holdFor(limit: WindowLimit, factor: number): number {
  return Math.min(MAX_HOLD_MS, factor * Math.max(MIN_HOLD_MS, 2 * limit.windowMs, 100 * limit.intervalMs));
}
/** A reading that earlier successes contradict (the limit was lowered) is taken at this share. */
const BETA = 0.7;
/** A learned limit that did not prevent a 429 keeps this share (at least one request fewer). */
const TIGHTEN = 0.9;
/** Learned limits kept at once (one per time scale). */
const MAX_LEARNED = 4;

/** A limit learned from 429s, with its probing state. */
interface Learned {
  limit: WindowLimit;
  /** The hold is this multiple of the base hold (1 to MAX_HOLD_FACTOR). */
  holdFactor: number;
  /** The hold started then, and probing (one step above the learned count) may start at `holdUntil`. */
  heldFrom: number;
  holdUntil: number;
  /** The count before the running probe, if one runs. */
  probedFrom: number | null;
  /** Last time this limit held a request back (our demand pressed on it). */
  boundAt: number;
}

/** The learned limits of one account. */
export class LearnedLimits {
  #items: Learned[] = [];

  /** The limits as they stand (probes included). */
  get limits(): WindowLimit[] {
    return this.#items.map((l) => l.limit);
  }

  /** Forgets them (the provider named its limits: it knows better). */
  clear(): void {
    this.#items = [];
  }

  /** When they let the next request go, noting which of them held it back (our demand pressed on them). */
  nextAt(now: number, sent: SendLog): number {
    let at = now;
    for (const l of this.#items) {
      const own = l.limit.nextAt(now, sent);
      if (own > now) l.boundAt = now;
      at = Math.max(at, own);
    }
    return at;
  }

  /**
   * A 429 met while a learned limit was pressing on our requests tightens that limit (or undoes
   * its probe); one met while none was is a limit at another time scale, learned beside them.
   */
  learn(now: number, found: InferredLimit | null, sent: SendLog): void {
    const pressing = this.#items.filter((l) => l.boundAt >= now - l.limit.windowMs || sent.countAfter(now - l.limit.windowMs) >= l.limit.limit - 1);
    const sameScale = (a: WindowLimit, b: { windowMs: number }) => a.windowMs <= b.windowMs * 1.5 && b.windowMs <= a.windowMs * 1.5;
    if (pressing.length > 0) {
      // What this 429 reveals replaces a pressing limit when it is tighter; else that limit steps down.
      const better = found?.consistent ? new WindowLimit(found.limit, found.windowMs, { burst: learnedBurst(found.limit) }) : null;
      this.#items = this.#items.map((l) => {
        if (!pressing.includes(l)) return l;
        const next = tightened(l, now);
        return better && l.probedFrom === null && better.perMinute < next.limit.perMinute ? { ...next, limit: better } : next;
      });
      return;
    }
    if (!found) return;
    const limit = found.consistent ? found.limit : Math.max(1, Math.floor(found.limit * BETA));
    const old = this.#items.find((l) => sameScale(l.limit, found));
    const count = Math.min(limit, old?.limit.limit ?? Infinity);
    const learnedLimit = new WindowLimit(count, found.windowMs, { burst: learnedBurst(count) });
    const holdFactor = old?.holdFactor ?? 1;
    const learned: Learned = {
      limit: learnedLimit,
      holdFactor,
      heldFrom: now,
      holdUntil: now + holdFor(learnedLimit, holdFactor),
      probedFrom: null,
      boundAt: -Infinity,
    };
    const rest = this.#items.filter((l) => l !== old && !implies(learned.limit, l.limit));
    // Keep one limit per time scale; past that, the loosest goes.
    this.#items = [learned, ...rest].sort((a, b) => a.limit.windowMs - b.limit.windowMs);
    while (this.#items.length > MAX_LEARNED) {
      const loosest = this.#items.reduce((a, b) => (a.limit.perMinute >= b.limit.perMinute ? a : b));
      this.#items = this.#items.filter((l) => l !== loosest);
    }
  }

  /** A learned limit that held long enough while our demand pressed on it is raised one step. */
  probe(now: number): void {
    for (const l of this.#items) {
      if (now < l.holdUntil) continue;
      if (l.probedFrom !== null) {
        if (l.boundAt >= l.heldFrom) {
          // The probe pressed on the provider a whole hold without a 429: the higher count stands, the next comes sooner.
          l.holdFactor = Math.max(1, l.holdFactor / 2);
        } else {
          // Other limits kept our requests below it: the probe proved nothing, so it is taken back.
          l.limit = l.limit.withLimit(l.probedFrom, learnedBurst(l.probedFrom));
        }
        l.probedFrom = null;
      }
      // Only a limit our demand pressed on during the hold is worth raising.
      if (l.boundAt < l.heldFrom) continue;
      const from = l.limit.limit;
      const raised = from + Math.max(1, Math.floor(from * 0.1));
      l.limit = l.limit.withLimit(raised, learnedBurst(raised));
      l.probedFrom = from;
      l.heldFrom = now;
      l.holdUntil = now + holdFor(l.limit, l.holdFactor);
    }
  }
}

/** A learned limit after a 429 it did not prevent: its probe undone (and held twice as long), or one step lower. */
function tightened(l: Learned, now: number): Learned {
  const failedProbe = l.probedFrom !== null;
  const from = l.limit.limit;
  const count = failedProbe ? l.probedFrom! : Math.max(1, Math.min(from - 1, Math.floor(from * TIGHTEN)));
  const limit = l.limit.withLimit(count, learnedBurst(count));
  const holdFactor = failedProbe ? Math.min(MAX_HOLD_FACTOR, l.holdFactor * 2) : l.holdFactor;
  return { limit, holdFactor, heldFrom: now, holdUntil: now + holdFor(limit, holdFactor), probedFrom: null, boundAt: l.boundAt };
}

/** Whether limit `a` alone keeps `b` (at most as many requests in a window at least as long). */
function implies(a: WindowLimit, b: WindowLimit): boolean {
  return a.windowMs >= b.windowMs && a.limit <= b.limit;
}
