/**
 * The limits a budget learned from 429s (issue 11), one per time scale, each with its probing
 * state. A learned limit holds, then is probed upward while our demand presses on it (we never
 * probe for capacity we would not use), CUBIC-style: fast towards the last level that failed
 * (each step held seconds), then past it in growing steps (each held a minute or a window); a
 * probe met by a 429 falls back, and
 * the hold doubles only while probes keep failing at the same level, so against a steady limit
 * 429s grow exponentially rarer, while a limit that comes back is found in minutes.
 */
import { MIN_WINDOW_MS, type InferredLimit } from './limit-learner.ts';
import { defaultBurst, WindowLimit, type SendLog } from './window-limit.ts';

/** A learned limit is a guess: its burst stays small (at most 10), so a wrong guess costs little. */
function learnedBurst(limit: number): number {
  return Math.min(10, defaultBurst(limit));
}

/**
 * How long a learned level must hold, pressed on by our demand, before the next step up: a little
 * more than its window (a sliding window has then seen the whole rate) and 20 requests. Regrowth
 * towards the last level that failed is known ground: at least 5 s. Near or past it, at least a
 * minute, so a limit at a longer scale (60 a minute under 2 a second) shows itself while the probe
 * runs (20 requests count up to 20 s: at a low rate more would starve the regrowth). A passed probe
 * costs nothing; after a 429 the next probe waits a minute or more, doubling while the probes fail
 * near the same level (the provider's limit is there): failed probes stay well under 1 % of the
 * requests. Far below the level that passed for long (a 429 storm) it doubles to 2 minutes at most,
 * and each probe aims three quarters of the way back to that level, so a limit that came back after
 * a storm is found within a couple of minutes (one 429 per probe while the storm lasts).
 * Near the last level that failed, the probe goes to it in one step (held a minute), then past it.
 */
const SHORT_HOLD_MS = 5000;
const LONG_HOLD_MS = 60_000;
const MAX_HOLD_MS = 60 * 60_000;
/** A level at most a third of the good one is a storm's (a halved limit is not). */
const STORM_SHARE = 3;
/** A failed probe's hold far below the good level grows to this at most (a longer window: a little longer than it). */
const MAX_FAILED_HOLD_MS = 2 * 60_000;
/** "20 requests" of a hold stop counting past this: at a low rate they would starve the regrowth. */
const MAX_COUNTED_HOLD_MS = 20_000;
/** Holds double up to 2^5 = 32 times the base while probes fail at one level. */
const MAX_FAILURES = 6;
function holdFor(limit: WindowLimit, near: boolean): number {
  return Math.min(MAX_HOLD_MS, Math.max(near ? LONG_HOLD_MS : SHORT_HOLD_MS, 1.2 * limit.windowMs, Math.min(MAX_COUNTED_HOLD_MS, 20 * limit.intervalMs)));
}
/**
 * The hold after the `failures`-th 429 in a row at one level: a minute (or a little more than the
 * window; 100 requests, up to 2 minutes), doubling. It is time, not requests: at the 5 a minute a
 * 429 storm leaves, 100 requests were 20 minutes of starving after the provider had recovered. A
 * level at most a third of the rate that passed for long (`good`) is a storm's, likely to pass: it
 * holds a minute, doubling to 2 minutes at most.
 */
function failedHold(limit: WindowLimit, failures: number, good: number): number {
  const storm = STORM_SHARE * rateOf(limit) <= good;
  const base = Math.max(LONG_HOLD_MS, 1.2 * limit.windowMs, storm ? 0 : Math.min(2 * LONG_HOLD_MS, 100 * limit.intervalMs));
  const cap = storm ? Math.max(MAX_FAILED_HOLD_MS, 1.2 * limit.windowMs) : MAX_HOLD_MS;
  return Math.min(cap, 2 ** (Math.max(1, failures) - 1) * base);
}
/** A reading that earlier successes contradict (the limit was lowered) is taken at this share. */
const BETA = 0.7;
/** A learned level that did not prevent a 429 keeps this share of its rate. */
const TIGHTEN = 0.9;
/** Levels within this ratio are "the same level" for repeated failures. */
const SAME_LEVEL = 1.1;
/** Regrowth past the ceiling: 10 %, 20 %, 40 % … per passed step, at most doubling. */
const FIRST_GROWTH = 0.1;
/** Learned limits kept at once (one per time scale). */
const MAX_LEARNED = 4;

/** A limit learned from 429s, with its probing state. */
interface Learned {
  limit: WindowLimit;
  /**
   * Requests per minute of the last level known to fail (CUBIC's W_max): regrowth closes half the
   * distance to it per step, then grows past it faster and faster (a limit that came back is found in minutes).
   */
  ceiling: number;
  /** Requests per minute that last passed for long (before the first 429, or a passed probe): regrowth past the ceiling aims back at it. */
  good: number;
  /** Failed probes in a row near the ceiling; the hold doubles with each. */
  failures: number;
  /** Probes passed in a row past the ceiling (convex growth). */
  streak: number;
  /** The hold started then, and probing (one step above the learned level) may start at `holdUntil`. */
  heldFrom: number;
  holdUntil: number;
  /** The level before the running probe, if one runs. */
  probedFrom: WindowLimit | null;
  /** Last time this limit held a request back (our demand pressed on it). */
  boundAt: number;
}

/** Requests per minute of a learned level, without the padding (the level as learned). */
function rateOf(l: { limit: number; windowMs: number }): number {
  return (60_000 * l.limit) / l.windowMs;
}

/**
 * The same count at `perMinute` (the window changes, so small counts step finely); a window
 * that would shrink below a second keeps its length and takes more requests instead.
 */
function atRate(l: WindowLimit, perMinute: number): WindowLimit {
  const windowMs = (60_000 * l.limit) / perMinute;
  if (windowMs >= MIN_WINDOW_MS || l.windowMs < MIN_WINDOW_MS) return l.withWindow(windowMs);
  const count = Math.max(l.limit + 1, Math.round((perMinute * l.windowMs) / 60_000));
  return l.withLimit(count, learnedBurst(count));
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
   * The rate we were sending at before the first 429 is the first ceiling: a limit that was lowered
   * for a while is regrown towards it. `unread` counts the requests accepted inside the reading's
   * window before the previous 429, which the reading left out.
   */
  learn(now: number, found: InferredLimit | null, sent: SendLog, unread = 0): void {
    // A running probe is what changed: it alone is undone, the levels that held stay. (Whether it
    // pressed cannot be told from our own window: a shorter one than the provider's never fills.)
    const probing = this.#items.filter((l) => l.probedFrom !== null);
    const pressing =
      probing.length > 0 ? probing : this.#items.filter((l) => l.boundAt >= now - l.limit.windowMs || sent.countAfter(now - l.limit.windowMs) >= l.limit.limit - 1);
    const sameScale = (a: { windowMs: number }, b: { windowMs: number }) => a.windowMs <= b.windowMs * 1.5 && b.windowMs <= a.windowMs * 1.5;
    // A consistent reading at a shorter scale, allowing more per minute than every pressing limit,
    // is a limit of its own (2 a second over 60 a minute: the longer limit's bursts meet it), learned beside.
    const shorter =
      probing.length === 0 &&
      found?.consistent === true &&
      pressing.every((l) => found.windowMs * 1.5 < l.limit.windowMs && rateOf(found) > rateOf(l.limit));
    if (pressing.length > 0 && !shorter) {
      // What this 429 reveals replaces a pressing limit when it is tighter; else that limit steps down.
      this.#items = this.#items.map((l) => {
        if (!pressing.includes(l)) return l;
        const next = tightened(l, now);
        // (A failed probe falls back to a level that may itself be too loose; a reading at its own
        // scale, within 3 times its window, is trusted then, not one at another scale.)
        const near = found !== null && found.windowMs <= 3 * l.limit.windowMs && l.limit.windowMs <= 3 * found.windowMs;
        // A reading at a shorter scale also holds what was accepted in its window before the last 429
        // (`unread`): a provider counting a sliding window still counts it.
        const count = found === null ? 0 : found.limit + (found.windowMs < l.limit.windowMs ? unread : 0);
        // A reading stands on whole requests: one more in its window is within its doubt. Only a reading
        // tighter even then replaces the limit; "1 or 2 per few seconds", read from the handful sent since
        // the last 429, would otherwise replace a limit of 60 a minute (the bench's 60/min collapse).
        const tighter = found !== null && rateOf({ limit: count + 1, windowMs: found.windowMs }) < rateOf(next.limit);
        if (!found?.consistent || (l.probedFrom !== null && !near) || !tighter) return next;
        const limit = new WindowLimit(count, found.windowMs, { burst: learnedBurst(count) });
        return { ...next, limit, holdUntil: now + failedHold(limit, next.failures, next.good) };
      });
      return;
    }
    if (!found) return;
    const limit = found.consistent ? found.limit : Math.max(1, Math.floor(found.limit * BETA));
    const old = this.#items.find((l) => sameScale(l.limit, found));
    const count = Math.min(limit, old?.limit.limit ?? Infinity);
    const learnedLimit = new WindowLimit(count, found.windowMs, { burst: learnedBurst(count) });
    // What we sent before this 429 passed, bar the last request: the level to regrow towards.
    const span = Math.max(60_000, found.windowMs);
    const sentRate = (60_000 * Math.max(0, sent.countAfter(now - span) - 1)) / span;
    // A limit learned beside others inherits the rate the account passed at (one found mid-storm would aim at the storm's).
    const good = Math.max(sentRate, old?.good ?? 0, ...this.#items.map((l) => l.good));
    const learned: Learned = {
      limit: learnedLimit,
      ceiling: Math.max(rateOf(learnedLimit), sentRate, old?.ceiling ?? 0),
      good,
      failures: old?.failures ?? 0,
      streak: 0,
      heldFrom: now,
      // It was learned from a 429: like a failed probe, it holds a minute or more.
      holdUntil: now + failedHold(learnedLimit, old?.failures ?? 1, good),
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

  /**
   * A learned level that held long enough while our demand pressed on it is raised: half way to
   * the ceiling below it (at least 5 %; once within 10 %, the ceiling itself), and by
   * 10 %, 20 %, 40 % … per passed step above it.
   */
  probe(now: number, maxPerMinute: number, sent: SendLog): void {
    for (const l of this.#items) {
      if (now < l.holdUntil) continue;
      const pressed = l.boundAt >= l.heldFrom;
      if (l.probedFrom !== null) {
        if (pressed) {
          // The probe pressed on the provider a whole hold without a 429: the higher level stands.
          if (rateOf(l.limit) > l.ceiling) {
            l.streak += 1;
            l.failures = 0;
          }
          l.good = Math.max(l.good, rateOf(l.limit));
        } else if (sent.countAfter(now - l.probedFrom.windowMs) < l.probedFrom.limit) {
          // Other limits kept our requests below it: the probe proved nothing, so it is taken back
          // (unless what passed meanwhile is already past the old level: taking it back would stall us).
          l.limit = l.probedFrom.withWindow(l.probedFrom.windowMs);
          l.streak = 0;
        }
        l.probedFrom = null;
      }
      // Only a limit our demand pressed on during the hold is worth raising, and only while it is
      // below the user's own cap (past it, it holds back bursts, not the rate).
      const rate = rateOf(l.limit);
      if (!pressed || rate >= maxPerMinute) continue;
      const next = nextLevel(rate, l);
      l.probedFrom = l.limit;
      l.limit = atRate(l.limit, next);
      l.heldFrom = now;
      l.holdUntil = now + holdFor(l.limit, rateOf(l.limit) * SAME_LEVEL > l.ceiling);
    }
  }
}

/**
 * The level a probe tries from `rate`: below the ceiling, half way to it (at least 5 %), and the
 * ceiling itself once within 10 % of it (the plateau where the provider's limit likely is); past it, three quarters of the
 * way back to the last good level when that is well above (a limit that was lowered for a while and came back),
 * else 10 %, 20 %, 40 % … more per passed step.
 */
function nextLevel(rate: number, l: Learned): number {
  // A storm's level (a third or less of what passed for long): straight back towards the good level.
  if (STORM_SHARE * rate <= l.good) return rate + 0.75 * (l.good - rate);
  if (rate < l.ceiling * 0.99) return rate * SAME_LEVEL < l.ceiling ? Math.max(rate * 1.05, (rate + l.ceiling) / 2) : l.ceiling;
  if (l.good > rate * SAME_LEVEL) return rate + 0.75 * (l.good - rate);
  return rate * (1 + Math.min(1, FIRST_GROWTH * 2 ** l.streak));
}

/**
 * A learned limit after a 429 it did not prevent. A probe is undone, its level becomes the
 * ceiling, and the hold doubles if it failed near the last ceiling (exponentially rarer 429s
 * against a steady limit). A level that held before is lowered to 0.9 of its rate (the provider
 * lowered its limit), and becomes the ceiling.
 */
function tightened(l: Learned, now: number): Learned {
  const rate = rateOf(l.limit);
  if (l.probedFrom !== null) {
    const again = rate <= l.ceiling * SAME_LEVEL && rate * SAME_LEVEL >= l.ceiling;
    const failures = again ? Math.min(MAX_FAILURES, l.failures + 1) : 1;
    const limit = l.probedFrom.withWindow(l.probedFrom.windowMs);
    return { ...l, limit, ceiling: rate, failures, streak: 0, heldFrom: now, holdUntil: now + failedHold(limit, failures, l.good), probedFrom: null };
  }
  const limit = atRate(l.limit, rate * TIGHTEN);
  return { ...l, limit, ceiling: rate, streak: 0, heldFrom: now, holdUntil: now + failedHold(limit, l.failures, l.good), probedFrom: null };
}

/** Whether limit `a` alone keeps `b` (at most as many requests in a window at least as long). */
function implies(a: WindowLimit, b: WindowLimit): boolean {
  return a.windowMs >= b.windowMs && a.limit <= b.limit;
}
