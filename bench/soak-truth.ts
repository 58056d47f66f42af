/**
 * The soak's ground truth (issue 14): the alerts the simulator's scripts say the app owes, as
 * (payment, kind, episode) records. Each kind of alert has a source here; soak-alerts.ts compares
 * them with what the app claimed and raised. A new kind (stuck pending) is one entry in ALERT_SOURCES.
 */
import { DEFAULT_POLICY } from '../src/core/monitor/policy.ts';
import { findProviderSpec } from '../src/shared/providers/index.ts';
import type { StatusChange } from '../src/simulator/card2crypto.ts';
import type { SimWorld } from '../src/simulator/world.ts';
import { keyOf } from './sim-env.ts';
import type { SoakWorkload } from './soak-workload.ts';
import { WATCH } from './soak-watch-truth.ts';

/** An alert the ground truth says the app owes: one per (payment, kind, episode). */
export interface ExpectedAlert {
  key: string;
  kind: string;
  /** Which one of the payment's alerts of this kind: the status reached, for transitions. */
  episode: string;
  /** When it happened at the provider. */
  changedAt: number;
  /** When, by the engine's own policy (plus slack), it should have been claimed at the latest. */
  dueAt: number;
  /** The app could not tell whether it is owed (watch alerts): one row or none both pass, two are a duplicate. */
  tolerated?: boolean;
}

/** One row of the alert history, as the database holds it at the end. */
export interface AlertRow {
  id: number;
  key: string;
  /** When it was claimed (ms). */
  at: number;
  kind: string;
  to: string;
  provider: string;
  account: string | null;
  decision: string;
  delivery: string;
  groupId: number | null;
}


/** What the ground truth is read from. */
export interface Truth {
  workload: SoakWorkload;
  world: SimWorld;
  /** The statuses the engine reported per payment, with when it first did (to tell a status no check could see). */
  seen: ReadonlyMap<string, ReadonlyMap<string, number>>;
  /** Filled by the sources: statuses left before any check could see them (not owed an alert). */
  unobservable: string[];
  /** The 200 answers served per payment id (soak-net.ts), for the watch alerts. */
  answers?: ReadonlyMap<string, readonly { at: number; status: string; tx: boolean; confirmations: number }[]>;
}

/** A kind (or kinds) of alert the soak checks: its expected records and which episode a row is. */
export interface AlertSource {
  kinds: readonly string[];
  expected(truth: Truth): ExpectedAlert[];
  /** The episode a history row of these kinds stands for (default: the status reached). */
  episode?(row: AlertRow): string;
}

/** Slack past the policy's own next check: backoff after failures, the budget queue, the 429 storm. */
export const SLACK_MS = 15 * 60_000;

/** A payment's alert-worthy transitions from its status changes (`changes` without the creation). */
function transitionAlerts(truth: Truth, payment: SoakWorkload['arrivals'][number], changes: readonly StatusChange[]): ExpectedAlert[] {
  const spec = findProviderSpec(payment.provider);
  if (!spec) return [];
  const p = DEFAULT_POLICY;
  const key = keyOf(payment);
  const out: ExpectedAlert[] = [];
  const reached = new Set<string>();
  let lastFinal: string | null = null;
  let prev: StatusChange = { status: 'pending', at: payment.createdAt };
  for (const change of changes) {
    if (change.at > truth.workload.end) break;
    const final = spec.finalStatuses.includes(change.status);
    const kind = lastFinal !== null && change.status !== lastFinal ? 'reopened' : final && lastFinal === null ? 'final' : null;
    if (kind !== null && change.status !== prev.status && !reached.has(change.status)) {
      reached.add(change.status);
      let dueAt: number;
      if (kind === 'final') dueAt = change.at + 0.3 * (change.at - payment.createdAt + p.tauMs) + SLACK_MS;
      else {
        // The next check after the check that saw the final status before it: the refund watch, or a
        // top-up watch. (That check being late is its own alert's delay, not this one's.)
        const seenAt = Math.max(prev.at, truth.seen.get(key)?.get(prev.status) ?? prev.at);
        const age = seenAt - payment.createdAt;
        const gap = spec.watch.refundWatch.includes(prev.status)
          ? Math.max(p.refundWatchMs, p.refundFade * age)
          : spec.watch.untilExpiry.includes(prev.status)
            ? p.underpaidWatchMs
            : Infinity;
        dueAt = Math.max(change.at, seenAt + gap) + SLACK_MS;
      }
      out.push({ key, kind, episode: change.status, changedAt: change.at, dueAt });
    }
    if (final) lastFinal = change.status;
    prev = change;
  }
  return out;
}

/**
 * Final statuses and reopenings (src/core/monitor/transitions.ts), from each script's status
 * changes: the first final status is a 'final' alert, any later change away from the last final
 * status a 'reopened' one, each status reached at most once per payment (the ledger's claim). A
 * status the provider left before the policy owed a check (completed, then refunded during the 429
 * storm) and that no check saw is unobservable: it is left out and the rest classified as the
 * engine could see them; one that lasted past its due time and was never seen stays expected.
 */
export const TRANSITIONS: AlertSource = {
  kinds: ['final', 'reopened'],
  expected(truth) {
    const out: ExpectedAlert[] = [];
    for (const payment of truth.workload.arrivals) {
      const key = keyOf(payment);
      const seen = truth.seen.get(key) ?? new Map<string, number>();
      const changes = truth.world.changeTimes(payment.id).slice(1);
      const first = transitionAlerts(truth, payment, changes);
      const skipped = new Set<StatusChange>();
      changes.forEach((c, i) => {
        const next = changes[i + 1];
        const owed = first.find((e) => e.episode === c.status && e.changedAt === c.at);
        if (!owed || !next || seen.has(c.status) || !changes.slice(i + 1).some((l) => seen.has(l.status))) return;
        if (next.at < owed.dueAt) skipped.add(c);
      });
      if (skipped.size === 0) out.push(...first);
      else {
        for (const c of skipped) truth.unobservable.push(`${key} ${c.status} (minute ${Math.round((c.at - truth.workload.start) / 60_000)}, left after ${Math.round((changes[changes.indexOf(c) + 1]!.at - c.at) / 1000)} s)`);
        out.push(...transitionAlerts(truth, payment, changes.filter((c) => !skipped.has(c))));
      }
    }
    return out;
  },
};

/** Every kind the soak proves exactly-once for: status changes, and the watch alerts (soak-watch-truth.ts). */
export const ALERT_SOURCES: readonly AlertSource[] = [TRANSITIONS, WATCH];
