/**
 * The soak's ground truth for the watch alerts (issue 14): stuck pending, about to expire, and the
 * deposit milestones, from the simulator's scripts and from the answers the simulator served (what
 * the app was told, and when), never from src/core/alerts/watch-alerts.ts. The rules:
 *
 * - Stuck pending: at D = creation + the provider's threshold. Owed when the script still has the
 *   payment pending with no deposit at D. Not owed when it moved (a status change or a deposit)
 *   at m ≤ D and an answer served in [m, D] told the app so. Moved before D but no answer told it
 *   by D: the app cannot know; either way is accepted (tolerated, listed).
 * - About to expire (PayCrypt): the same at X = expires_at − the lead, with expires_at the
 *   simulator's (creation + 30 min); due by expires_at itself, when the news is stale.
 * - Deposit seen, N confirmations: a PayCrypt deposit is pending for (required − 1) blocks, about a
 *   minute, so a check may or may not fall inside. Owed iff some answer served while the payment
 *   was not final shows the deposit (for N: at ≥ N confirmations); none otherwise (a row is
 *   unexpected). Due right away (claimed in the answer's own transaction), plus the slack.
 *
 * Every payment has at most one episode of each kind in this workload (nothing goes back to
 * pending, no script stalls), so a row's episode is its kind.
 */
import { DEFAULT_POLICY } from '../src/core/monitor/policy.ts';
import { findProviderSpec } from '../src/shared/providers/index.ts';
import type { PlannedPayment } from './workload.ts';
import { keyOf } from './sim-env.ts';
import type { AlertSource, ExpectedAlert, Truth } from './soak-truth.ts';

const M = 60_000;
/** soak-truth.ts's slack (not imported: that module lists this one's source). */
const SLACK_MS = 15 * M;
/** The simulator's expiry of a PayCrypt payment when the script names none. */
export const SIM_EXPIRY_MS = 30 * M;

/** One 200 answer as the app was handed it (soak-net.ts). */
export interface WatchAnswer {
  at: number;
  status: string;
  tx: boolean;
  confirmations: number;
}

/** When the script's deposit lands (null: none). */
function depositAt(p: PlannedPayment): number | null {
  const o = p.outcome as unknown;
  return typeof o === 'object' && o !== null && 'depositAt' in o && typeof (o as { depositAt: unknown }).depositAt === 'number' ? (o as { depositAt: number }).depositAt : null;
}

/**
 * A time-driven alert due at `at` while the payment waits with no deposit: owed, tolerated, or none,
 * with the first moment it stopped waiting by the script.
 */
function waiting(truth: Truth, p: PlannedPayment, at: number): 'owed' | 'tolerated' | 'none' {
  const dep = p.provider === 'paycrypt' ? depositAt(p) : null;
  const statusMove = truth.world.changeTimes(p.id).slice(1)[0]?.at ?? Infinity;
  const moved = Math.min(statusMove, dep ?? Infinity);
  if (moved > at) return 'owed';
  const told = (truth.answers?.get(p.id) ?? []).some((a) => a.at >= moved && a.at <= at && (a.status !== 'pending' || a.tx));
  return told ? 'none' : 'tolerated';
}

/** The watch alerts the run's settings turn on, for the workload's payments. */
export const WATCH: AlertSource = {
  kinds: ['stuck-pending', 'expiring', 'deposit-seen', 'confirmations'],
  episode: (row) => row.kind,
  expected(truth) {
    const w = truth.workload.alertSettings.watch;
    const out: ExpectedAlert[] = [];
    const end = truth.workload.end;
    for (const p of truth.workload.arrivals) {
      const key = keyOf(p);
      const push = (kind: string, changedAt: number, dueAt: number, verdict: 'owed' | 'tolerated') => {
        if (changedAt > end) return;
        out.push({ key, kind, episode: kind, changedAt, dueAt, ...(verdict === 'tolerated' ? { tolerated: true } : {}) });
      };
      const threshold = w.stuckPendingMinutes[p.provider];
      if (threshold !== null && threshold !== undefined) {
        const d = p.createdAt + threshold * M;
        const v = waiting(truth, p, d);
        // After a restart the alarm is armed again by the payment's next answer (its age grown by 30%).
        if (v !== 'none') push('stuck-pending', d, d + 0.3 * (threshold * M + DEFAULT_POLICY.tauMs) + SLACK_MS, v);
      }
      if (p.provider !== 'paycrypt') continue;
      if (w.expiringMinutes !== null) {
        const expiresAt = p.createdAt + SIM_EXPIRY_MS;
        const x = expiresAt - w.expiringMinutes * M;
        const v = waiting(truth, p, x);
        if (v !== 'none') push('expiring', x, expiresAt, v);
      }
      if (w.milestones.enabled) {
        const spec = findProviderSpec(p.provider);
        const answers = truth.answers?.get(p.id) ?? [];
        const open = answers.filter((a) => a.tx && !(spec?.finalStatuses.includes(a.status) ?? true));
        const seen = open[0];
        if (seen) push('deposit-seen', seen.at, seen.at + SLACK_MS, 'owed');
        const n = open.find((a) => a.confirmations >= w.milestones.confirmations);
        if (n) push('confirmations', n.at, n.at + SLACK_MS, 'owed');
      }
    }
    return out;
  },
};
