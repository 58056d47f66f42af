/**
 * Exactly once, proven (issue 14): the soak's alerts against the simulator's ground truth. Each
 * source (soak-truth.ts) turns the scripts into "expected alert" records (payment, kind, episode); the history rows
 * the app claimed and the notifications it raised are compared with them: every expected alert
 * recorded once, none that nobody expected, each decided as the run's rules say (muted, silenced
 * by a rule or the status choice, held by quiet hours), each desktop one raised exactly once and
 * the held ones never, and bursts grouped into a few notifications a minute. A new kind of alert
 * (stuck pending, say) is one more entry in ALERT_SOURCES.
 */
import { BURST } from '../src/core/alerts/bursts.ts';
import { inQuietHours, type AlertSettingsView, type NotifyRule } from '../src/shared/alert-rules.ts';
import { NOTIFIABLE_STATUSES } from '../src/shared/settings.ts';
import { maxInWindow } from './metrics.ts';
import { ALERT_SOURCES, type AlertRow, type AlertSource, type ExpectedAlert } from './soak-truth.ts';

export { ALERT_SOURCES, TRANSITIONS, type AlertRow, type AlertSource, type ExpectedAlert, type Truth } from './soak-truth.ts';

/** A desktop notification the notifier was handed. */
export interface Notice {
  at: number;
  /** The payment it opens; null for a group. */
  key: string | null;
  alertIds: number[];
  /** Which start of the app raised it (0 the first). */
  boot: number;
}

/** One close-and-reopen of the app during the run. */
export interface RestartRecord {
  at: number;
  reason: 'half-way' | 'mid-burst';
  /** Desktop alerts claimed and not yet shown when the app quit (held in the grouper). */
  unshownDesktop: number;
  /** For a mid-burst restart: the wave's alerts claimed by then, and the wave's size. */
  waveClaimed: number;
  waveSize: number;
  /** Watches in the store, and in the reopened engine's scheduler. */
  stored: number;
  scheduled: number;
}

/** The decision a row should carry under the run's preferences, decided here independently of src/core/alerts/rules.ts. */
export type Decide = (row: AlertRow) => string;

/** The rules of the run as a checker: a mute, a silent rule, a status left out, quiet hours, else a desktop notification. */
export function soakDecider(opts: { muted: ReadonlySet<string>; notifyStatuses: readonly string[]; alertSettings: AlertSettingsView }): Decide {
  const matches = (r: NotifyRule, row: AlertRow): boolean => {
    if (Object.keys(r.minAmount).length > 0) throw new Error(`the soak's checker does not evaluate amounts (rule ${r.id})`);
    return (
      r.enabled &&
      (r.providers.length === 0 || (r.providers as string[]).includes(row.provider)) &&
      (r.accounts.length === 0 || (row.account !== null && r.accounts.includes(row.account))) &&
      (r.statuses.length === 0 || r.statuses.includes(row.to))
    );
  };
  return (row) => {
    if (opts.muted.has(row.key)) return 'muted';
    const rule = opts.alertSettings.rules.find((r) => matches(r, row));
    if (rule && !rule.notify) return 'rule-silent';
    if (!rule && NOTIFIABLE_STATUSES.includes(row.to) && !opts.notifyStatuses.includes(row.to)) return 'status-off';
    const d = new Date(row.at);
    if (inQuietHours(opts.alertSettings.quietHours, d.getHours() * 60 + d.getMinutes())) return 'quiet-hours';
    return 'desktop';
  };
}

/** One burst: a wave of payments finishing in the same minute. */
export interface BurstFigures {
  /** Virtual minute of the run it finished in. */
  minute: number;
  payments: number;
  /** Its alerts recorded, and those that were desktop notifications (the rest muted or held). */
  alerts: number;
  desktop: number;
  /** Notifications that announced its alerts, and how many of its alerts came in a group. */
  notices: number;
  grouped: number;
  /** Most notifications (any) raised in one minute while its alerts were raised. */
  maxPerMinute: number;
}

/** One kind's figures: owed, those the app could not know about (either way passes), rows, faults. */
export interface KindFigures {
  expected: number;
  tolerated: number;
  recorded: number;
  duplicates: number;
  missed: number;
  unexpected: number;
}

/** The alert checks' figures. */
export interface AlertFigures {
  /**
   * Owed alerts by kind; those not due by the end (missing is no fault); statuses no check could
   * see (owed none); watch alerts the app could not know were owed (one row or none pass).
   */
  expected: { total: number; byKind: Record<string, number>; notDueYet: string[]; unobservable: string[]; tolerated: string[] };
  /** Per kind, so the watch alerts' figures stand apart from the status alerts'. */
  perKind: Record<string, KindFigures>;
  /** History rows in all, and by decision. */
  recorded: number;
  byDecision: Record<string, number>;
  /** Desktop alerts raised exactly once; notifications raised in all. */
  delivered: number;
  notices: number;
  duplicates: string[];
  missed: string[];
  unexpected: string[];
  wrongDecision: string[];
  /** Alerts a mute, rule or quiet hours held back that were raised anyway. */
  deliveredWhileHeld: string[];
  /** Desktop alerts never raised. */
  undelivered: string[];
  bursts: BurstFigures[];
  invariants: Record<'exactlyOnce' | 'rulesKept' | 'deliveredOnce' | 'burstsGrouped', boolean>;
}

/**
 * Most notifications a minute a burst may raise: one batch of singles before the minute counts as
 * busy, then one per BURST.busyHoldMs, and one that opened just before.
 */
export const BURST_NOTICES_PER_MINUTE = BURST.threshold - 1 + Math.ceil(BURST.busyWindowMs / BURST.busyHoldMs) + 1;

/** The input of checkAlerts. */
export interface AlertInput {
  expected: readonly ExpectedAlert[];
  rows: readonly AlertRow[];
  notices: readonly Notice[];
  decide: Decide;
  /** Virtual end of the run; alerts due after it may be missing. */
  end: number;
  start: number;
  /** The bursts: when each finishes and its payments. */
  waves: readonly { at: number; keys: readonly string[] }[];
  sources?: readonly AlertSource[];
  /** What the sources left out as unobservable, for the figures. */
  unobservable?: readonly string[];
}

const id = (key: string, kind: string, episode: string) => `${key} ${kind} ${episode}`;

/** Compares the claimed and raised alerts with the expected ones. */
export function checkAlerts(input: AlertInput): AlertFigures {
  const sources = input.sources ?? ALERT_SOURCES;
  const episodeOf = (row: AlertRow): string => sources.find((s) => s.kinds.includes(row.kind))?.episode?.(row) ?? row.to;
  const rowsById = new Map<string, AlertRow[]>();
  for (const row of input.rows) {
    const k = id(row.key, row.kind, episodeOf(row));
    rowsById.set(k, [...(rowsById.get(k) ?? []), row]);
  }
  const raisedTimes = new Map<number, number>();
  for (const n of input.notices) for (const a of n.alertIds) raisedTimes.set(a, (raisedTimes.get(a) ?? 0) + 1);

  const byKind: Record<string, number> = {};
  const duplicates: string[] = [];
  const missed: string[] = [];
  const notDueYet: string[] = [];
  const expectedIds = new Set<string>();
  const perKind: Record<string, KindFigures> = {};
  const kindOf = (kind: string): KindFigures => (perKind[kind] ??= { expected: 0, tolerated: 0, recorded: 0, duplicates: 0, missed: 0, unexpected: 0 });
  const tolerated: string[] = [];
  for (const row of input.rows) kindOf(row.kind).recorded += 1;
  for (const e of input.expected) {
    const k = id(e.key, e.kind, e.episode);
    expectedIds.add(k);
    const n = rowsById.get(k)?.length ?? 0;
    if (e.tolerated) {
      kindOf(e.kind).tolerated += 1;
      tolerated.push(`${k} (${n === 0 ? 'none' : 'recorded'})`);
      if (n > 1) {
        duplicates.push(`${k} recorded x${n}`);
        kindOf(e.kind).duplicates += 1;
      }
      continue;
    }
    byKind[e.kind] = (byKind[e.kind] ?? 0) + 1;
    kindOf(e.kind).expected += 1;
    if (n > 1) kindOf(e.kind).duplicates += 1;
    else if (n === 0 && e.dueAt <= input.end) kindOf(e.kind).missed += 1;
    if (n > 1) duplicates.push(`${k} recorded x${n}`);
    else if (n === 0 && e.dueAt <= input.end) missed.push(`${k} (changed at minute ${Math.round((e.changedAt - input.start) / 60_000)})`);
    else if (n === 0) notDueYet.push(k);
  }
  const unexpected = [...rowsById.keys()].filter((k) => !expectedIds.has(k));
  for (const k of unexpected) kindOf(k.split(' ')[1] ?? '').unexpected += 1;
  const byDecision: Record<string, number> = {};
  const wrongDecision: string[] = [];
  const deliveredWhileHeld: string[] = [];
  const undelivered: string[] = [];
  let delivered = 0;
  for (const row of input.rows) {
    byDecision[row.decision] = (byDecision[row.decision] ?? 0) + 1;
    const want = input.decide(row);
    const label = `${id(row.key, row.kind, episodeOf(row))} (alert ${row.id})`;
    if (row.decision !== want) wrongDecision.push(`${label}: ${row.decision}, the rules say ${want}`);
    const raised = raisedTimes.get(row.id) ?? 0;
    if (row.decision !== 'desktop') {
      if (raised > 0) deliveredWhileHeld.push(`${label}: ${row.decision} but raised x${raised}`);
    } else if (raised === 0) undelivered.push(`${label}: never raised (${row.delivery})`);
    else if (raised > 1) {
      duplicates.push(`${label} raised x${raised}`);
      kindOf(row.kind).duplicates += 1;
    }
    else delivered += 1;
  }
  const rowIds = new Set(input.rows.map((r) => r.id));
  for (const a of raisedTimes.keys()) if (!rowIds.has(a)) unexpected.push(`notification for alert ${a}, which has no history row`);

  const bursts = input.waves.map((w): BurstFigures => {
    const keys = new Set(w.keys);
    const rows = input.rows.filter((r) => keys.has(r.key));
    const desktop = new Set(rows.filter((r) => r.decision === 'desktop').map((r) => r.id));
    const mine = input.notices.filter((n) => n.alertIds.some((a) => desktop.has(a)));
    const grouped = mine.filter((n) => n.alertIds.length >= BURST.threshold).reduce((s, n) => s + n.alertIds.filter((a) => desktop.has(a)).length, 0);
    const from = mine[0]?.at ?? 0;
    const to = mine.at(-1)?.at ?? 0;
    const during = input.notices.filter((n) => n.at >= from && n.at <= to).map((n) => n.at);
    return {
      minute: Math.round((w.at - input.start) / 60_000),
      payments: w.keys.length,
      alerts: rows.length,
      desktop: desktop.size,
      notices: mine.length,
      grouped,
      maxPerMinute: maxInWindow(during),
    };
  });
  const invariants = {
    exactlyOnce: duplicates.length === 0 && missed.length === 0 && unexpected.length === 0,
    rulesKept: wrongDecision.length === 0 && deliveredWhileHeld.length === 0,
    deliveredOnce: undelivered.length === 0,
    // A burst of four or more desktop alerts: fewer notifications than alerts, a few a minute (a
    // restart mid-burst starts a grouper that has seen nothing, so how many are grouped varies).
    burstsGrouped: bursts.every((b) => b.desktop < BURST.threshold || (b.notices < b.desktop && b.maxPerMinute <= BURST_NOTICES_PER_MINUTE)),
  };
  return {
    expected: { total: input.expected.length - tolerated.length, byKind, notDueYet, unobservable: [...(input.unobservable ?? [])], tolerated },
    perKind,
    recorded: input.rows.length,
    byDecision,
    delivered,
    notices: input.notices.length,
    duplicates,
    missed,
    unexpected,
    wrongDecision,
    deliveredWhileHeld,
    undelivered,
    bursts,
    invariants,
  };
}
