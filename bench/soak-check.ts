/**
 * The soak's figures and invariants from one run: nothing crashed, no final status missed, no
 * notification repeated or lost (across the restarts too), every alert the ground truth owes
 * recorded and raised exactly once as the rules decide (soak-alerts.ts), no account over its
 * request budget in any 60-second window, memory flat once the watchlist stops growing.
 */
import { AccountBudget } from '../src/core/monitor/budget.ts';
import { DEFAULT_POLICY } from '../src/core/monitor/policy.ts';
import { isFinalStatus, PROVIDERS, type Provider } from '../src/shared/payment.ts';
import { detections, maxInWindow, percentile } from './metrics.ts';
import { keyOf } from './sim-env.ts';
import { ALERT_SOURCES, checkAlerts, soakDecider, type AlertFigures, type RestartRecord } from './soak-alerts.ts';
import { SOAK_FAULTS, type MemorySample, type SoakRaw } from './soak-run.ts';

/** A final status the engine had not reported by the end. */
export interface Unreported {
  key: string;
  status: string;
  changedMinute: number;
  /** When, by the engine's own policy, it should have been seen at the latest. */
  dueMinute: number;
}

/** What `npm run soak` prints. */
export interface SoakFigures {
  payments: number;
  /** Virtual start of the run (ms), for the minutes of events. */
  startMs: number;
  virtualMinutes: number;
  requests: { total: number; byProvider: Record<Provider, number>; byHttpStatus: Record<string, number> };
  errorsByKind: Record<string, number>;
  finals: { atProvider: number; reportedFinal: number; missed: Unreported[]; tooRecent: Unreported[] };
  detectionSeconds: { changes: number; mean: number; p95: number; max: number };
  notifications: { total: number; beforeRestart: number; afterRestart: number; repeated: string[]; lost: string[] };
  /** Status changes at the provider inside the window, and those after a final status (reopenings). */
  transitions: { total: number; reopenings: number };
  /** The alerts against the ground truth (soak-alerts.ts). */
  alerts: AlertFigures;
  restart: { stored: number; scheduled: number };
  restarts: RestartRecord[];
  /**
   * Most requests in any 60 s per account: within one run of the app, and across its restarts (a
   * reopened app does not know what the last one sent in its final minute).
   */
  budget: { perMinute: number; maxInAnyMinute: Record<Provider, number>; acrossRestarts: Record<Provider, number> };
  /** Requests a minute per account while the provider limited hard, and from 5 to 20 minutes after it stopped (scaled to the run). */
  storm: { duringPerMinute: Record<Provider, number>; afterPerMinute: Record<Provider, number> };
  memory: { firstMb: number; lastMb: number; peakMb: number; slopeMbPerHour: number; steadySlopeMbPerHour: number; samples: MemorySample[] };
  crashes: { count: number; first: string | null };
  wallSeconds: number;
  invariants: Record<
    | 'noCrash'
    | 'noFinalMissed'
    | 'noNotificationRepeated'
    | 'noNotificationLost'
    | 'alertsExactlyOnce'
    | 'rulesKept'
    | 'desktopDeliveredOnce'
    | 'burstsGrouped'
    | 'watchlistReloaded'
    | 'budgetKept'
    | 'rateRecovered'
    | 'memoryFlat',
    boolean
  >;
  ok: boolean;
}

const M = 60_000;
/** Slack past the policy's own next check: backoff after failures, the budget queue, the 429 storm. */
const SLACK_MS = 15 * M;
/** Most growth per virtual hour, once no payments arrive, that still counts as flat. */
const FLAT_MB_PER_HOUR = 2;
/** Share of the budget an account must be back to after the storm (the workload keeps it busy throughout). */
const RECOVERED_SHARE = 0.5;

const round = (x: number, digits = 1): number => Math.round(x * 10 ** digits) / 10 ** digits;

/** Least-squares slope of heap (MB) over virtual time, per hour. */
function slopePerHour(samples: readonly MemorySample[]): number {
  if (samples.length < 2) return 0;
  const n = samples.length;
  const mx = samples.reduce((a, s) => a + s.virtualMinute, 0) / n;
  const my = samples.reduce((a, s) => a + s.heapMb, 0) / n;
  let num = 0;
  let den = 0;
  for (const s of samples) {
    num += (s.virtualMinute - mx) * (s.heapMb - my);
    den += (s.virtualMinute - mx) ** 2;
  }
  return den === 0 ? 0 : (num / den) * 60;
}

/** Requests a minute of each account between two times. */
function ratePerMinute(sentAt: Record<Provider, number[]>, from: number, to: number): Record<Provider, number> {
  const rate = (times: number[]) => round(times.filter((t) => t >= from && t < to).length / ((to - from) / M));
  return { card2crypto: rate(sentAt.card2crypto), paycrypt: rate(sentAt.paycrypt) };
}

/** Judges one run. */
export function checkSoak(raw: SoakRaw): SoakFigures {
  const { workload, world, net } = raw;
  const { start, end } = workload;
  const minute = (t: number) => round((t - start) / M);
  const byKey = new Map(workload.arrivals.map((p) => [keyOf(p), p]));

  // Every change at the provider is into a final status; match each with the engine's first report of it.
  const found = detections(workload, world, workload.arrivals, raw.reports);
  const unreported = found
    .filter((d) => d.detectedAt === null)
    .map((d): Unreported => {
      const createdAt = byKey.get(d.key)?.createdAt ?? start;
      // Pending payments are next checked once their age has grown by 30%; completed ones hourly.
      const policyGap = d.status === 'refunded' ? DEFAULT_POLICY.refundWatchMs : 0.3 * (d.changedAt - createdAt + DEFAULT_POLICY.tauMs);
      return { key: d.key, status: d.status, changedMinute: minute(d.changedAt), dueMinute: minute(d.changedAt + policyGap + SLACK_MS) };
    });
  const endMinute = minute(end);
  const delays = found.flatMap((d) => (d.detectedAt === null ? [] : [(d.detectedAt - d.changedAt) / 1000])).sort((a, b) => a - b);

  let atProvider = 0;
  let reportedFinal = 0;
  for (const p of workload.arrivals) {
    const status = world.statusAt(p.id, end);
    if (status === null || !isFinalStatus(p.provider, status)) continue;
    atProvider += 1;
    if (raw.storedStatus.get(keyOf(p)) === status) reportedFinal += 1;
  }

  const notifyTotal = [...raw.notifies.values()].reduce((a, b) => a + b, 0);
  const repeated = [...raw.notifies].filter(([, n]) => n > 1).map(([k, n]) => `${k} x${n}`);
  const lost = [...raw.seenFinalTransitions].filter((k) => !raw.notifies.has(k));

  const perMinute = new AccountBudget(0).perMinute;
  const acrossRestarts = Object.fromEntries(PROVIDERS.map((p) => [p, maxInWindow(net.sentAt[p])])) as Record<Provider, number>;
  const bounds = [-Infinity, ...raw.restarts.map((r) => r.at), Infinity];
  const perProcess = (times: readonly number[]) =>
    Math.max(0, ...bounds.slice(1).map((to, i) => maxInWindow(times.filter((t) => t >= bounds[i]! && t < to))));
  const maxInAnyMinute = Object.fromEntries(PROVIDERS.map((p) => [p, perProcess(net.sentAt[p])])) as Record<Provider, number>;
  const { storm } = SOAK_FAULTS;
  const stormFrom = start + storm.at * (end - start);
  const stormTo = stormFrom + storm.length * (end - start);
  const stormRates = {
    duringPerMinute: ratePerMinute(net.sentAt, stormFrom, stormTo),
    afterPerMinute: ratePerMinute(net.sentAt, stormTo + (stormTo - stormFrom) / 3, stormTo + ((stormTo - stormFrom) * 4) / 3),
  };
  const lastArrival = workload.arrivals.at(-1)?.createdAt ?? start;
  const heaps = raw.memory.map((s) => s.heapMb);
  const steady = raw.memory.filter((s) => s.virtualMinute * M + start >= lastArrival);
  const memory = {
    firstMb: round(heaps[0] ?? 0),
    lastMb: round(heaps.at(-1) ?? 0),
    peakMb: round(Math.max(0, ...heaps)),
    slopeMbPerHour: round(slopePerHour(raw.memory), 2),
    steadySlopeMbPerHour: round(slopePerHour(steady), 2),
    samples: raw.memory.map((s) => ({ virtualMinute: s.virtualMinute, heapMb: round(s.heapMb) })),
  };
  const missed = unreported.filter((u) => u.dueMinute <= endMinute);
  const seen = new Map<string, Map<string, number>>();
  for (const r of raw.reports) {
    const statuses = seen.get(r.key) ?? seen.set(r.key, new Map()).get(r.key)!;
    if (!statuses.has(r.status)) statuses.set(r.status, r.at);
  }
  const truth = { workload, world, seen, unobservable: [] as string[], answers: net.answers };
  const alerts = checkAlerts({
    expected: ALERT_SOURCES.flatMap((s) => s.expected(truth)),
    rows: raw.alertRows,
    notices: raw.notices,
    decide: soakDecider(workload),
    start,
    end,
    waves: workload.waves,
    unobservable: truth.unobservable,
  });
  const transitions = { total: found.length, reopenings: 0 };
  for (const p of workload.arrivals) {
    const changes = world.changeTimes(p.id).slice(1).filter((c) => c.at >= start && c.at <= end);
    transitions.reopenings += changes.filter((_, i) => changes.slice(0, i).some((c) => isFinalStatus(p.provider, c.status))).length;
  }
  const invariants = {
    noCrash: raw.unhandled.length === 0,
    noFinalMissed: missed.length === 0,
    noNotificationRepeated: repeated.length === 0,
    noNotificationLost: lost.length === 0,
    alertsExactlyOnce: alerts.invariants.exactlyOnce,
    rulesKept: alerts.invariants.rulesKept,
    desktopDeliveredOnce: alerts.invariants.deliveredOnce,
    burstsGrouped: alerts.invariants.burstsGrouped,
    watchlistReloaded: raw.restarts.length > 0 && raw.restarts.every((r) => r.stored > 0 && r.scheduled === r.stored),
    budgetKept: PROVIDERS.every((p) => maxInAnyMinute[p] <= perMinute),
    rateRecovered: PROVIDERS.every((p) => stormRates.afterPerMinute[p] >= RECOVERED_SHARE * perMinute),
    memoryFlat: memory.steadySlopeMbPerHour <= FLAT_MB_PER_HOUR,
  };
  return {
    payments: workload.arrivals.length,
    startMs: start,
    virtualMinutes: endMinute,
    requests: {
      total: net.sentAt.card2crypto.length + net.sentAt.paycrypt.length,
      byProvider: { card2crypto: net.sentAt.card2crypto.length, paycrypt: net.sentAt.paycrypt.length },
      byHttpStatus: Object.fromEntries([...net.byStatus].sort(([a], [b]) => a - b).map(([s, n]) => [s === 0 ? 'dropped' : String(s), n])),
    },
    errorsByKind: Object.fromEntries([...raw.errorsByKind].sort()),
    finals: { atProvider, reportedFinal, missed, tooRecent: unreported.filter((u) => u.dueMinute > endMinute) },
    detectionSeconds: {
      changes: found.length,
      mean: round(delays.length ? delays.reduce((a, b) => a + b, 0) / delays.length : 0),
      p95: round(percentile(delays, 0.95)),
      max: round(delays.at(-1) ?? 0),
    },
    notifications: { total: notifyTotal, beforeRestart: raw.notifiesBeforeRestart, afterRestart: notifyTotal - raw.notifiesBeforeRestart, repeated, lost },
    transitions,
    alerts,
    restart: raw.reloaded,
    restarts: raw.restarts,
    budget: { perMinute, maxInAnyMinute, acrossRestarts },
    storm: stormRates,
    memory,
    crashes: { count: raw.unhandled.length, first: raw.unhandled[0] ?? null },
    wallSeconds: round(raw.wallSeconds),
    invariants,
    ok: Object.values(invariants).every(Boolean),
  };
}
