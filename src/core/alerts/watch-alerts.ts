/**
 * Alerts about a payment that does not move (issue 14), decided from facts the engine already has,
 * so no request is spent on them: pending longer than the provider's threshold, a PayCrypt payment
 * about to expire with no deposit, a deposit whose confirmations stopped, and (optional) deposit
 * milestones. Each has a ledger name that names its episode (`stuck:pending@<since>`), so it fires
 * once per episode across restarts, and a new episode (pending again later, a stall at a new
 * count) can fire again. An episode that ends (the payment moved) simply stops being a candidate.
 */
import { stuckPendingMinutes, type WatchAlertSettings } from '../../shared/alert-rules.ts';
import type { WatchAlertKindView } from '../../shared/alert-history.ts';
import { isDepositPayment, type Payment } from '../../shared/payment.ts';

/** A stall is news after this many expected block times without a new confirmation… */
export const STALL_BLOCKS = 5;
/** …and never before this long: fast chains have bursts of slow blocks. */
export const STALL_FLOOR_MS = 10 * 60_000;

const MINUTE = 60_000;

/** What the engine knows of one watched payment when it looks for watch alerts. Times are epoch ms. */
export interface WatchFacts {
  payment: Payment;
  /** When its current pending episode began (null: not pending). */
  pendingSince: number | null;
  /** Its latest successful answer. */
  observedAt: number;
  /** When the deposit's current confirmation count was first seen (null: no deposit). */
  confirmationsSince: number | null;
  /** Expected block time of its network (learned, else the table). */
  blockMs: number;
}

/** A watch alert that is due: its ledger name, kind and headline. */
export interface WatchAlert {
  name: string;
  kind: WatchAlertKindView;
  headline: string;
}

/** What is due now, and when the next time-driven alert of this payment falls due (null: none). */
export interface WatchVerdict {
  due: WatchAlert[];
  nextAt: number | null;
  /**
   * When an answer would show a stall, if the count has not moved by then (null: nothing to check):
   * one check per episode, so a stall is told on time however sparsely the deposit is polled.
   */
  checkAt: number | null;
}

/** "25 min", "1 h 5 min", "2 d 3 h": a span as people say it, whole minutes down. */
export function spanText(ms: number): string {
  const minutes = Math.max(0, Math.floor(ms / MINUTE));
  if (minutes < 1) return 'under a minute';
  const d = Math.floor(minutes / 1440);
  const h = Math.floor((minutes % 1440) / 60);
  const m = minutes % 60;
  if (d > 0) return h > 0 ? `${d} d ${h} h` : `${d} d`;
  if (h > 0) return m > 0 ? `${h} h ${m} min` : `${h} h`;
  return `${m} min`;
}

const iso = (ms: number): string => new Date(ms).toISOString();
const ms = (text: string | null | undefined): number | null => {
  const t = text ? Date.parse(text) : NaN;
  return Number.isNaN(t) ? null : t;
};

/** How long a deposit's count may stand still on a network with blocks every `blockMs`. */
export function stallAfterMs(blockMs: number): number {
  return Math.max(STALL_FLOOR_MS, STALL_BLOCKS * blockMs);
}

/** The watch alerts of `f` due at `now` under `settings`, and when the next one falls due. */
export function watchAlerts(f: WatchFacts, settings: WatchAlertSettings, now: number): WatchVerdict {
  const due: WatchAlert[] = [];
  let nextAt: number | null = null;
  const later = (at: number): void => {
    nextAt = nextAt === null ? at : Math.min(nextAt, at);
  };
  let checkAt: number | null = null;
  const p = f.payment;
  if (p.final) return { due, nextAt, checkAt };
  const deposit = isDepositPayment(p) ? p : null;
  const tx = deposit?.txHash ?? null;

  // Stuck pending: a fact of time since the episode began; a seen deposit is the stall's business.
  const threshold = stuckPendingMinutes(settings, p.provider);
  if (p.status === 'pending' && f.pendingSince !== null && tx === null && threshold !== null) {
    const at = f.pendingSince + threshold * MINUTE;
    if (now >= at) due.push({ name: `stuck:pending@${iso(f.pendingSince)}`, kind: 'stuck-pending', headline: `Pending for ${spanText(now - f.pendingSince)}` });
    else later(at);
  }

  // About to expire: from the known expires_at, until it passes (then the expiry itself is the news).
  const expiresAt = ms(deposit?.expiresAt);
  if (deposit && p.status === 'pending' && tx === null && expiresAt !== null && settings.expiringMinutes !== null && now < expiresAt) {
    const at = expiresAt - settings.expiringMinutes * MINUTE;
    if (now >= at) {
      const left = Math.ceil((expiresAt - now) / MINUTE) * MINUTE;
      due.push({ name: `expiring@${iso(expiresAt)}`, kind: 'expiring', headline: `Expires in ${spanText(left)}, no deposit yet` });
    } else later(at);
  }

  if (deposit && tx !== null) {
    const count = typeof deposit.confirmations === 'number' ? deposit.confirmations : 0;
    // Stalled: known only from answers, so judged at each check up to the latest answer.
    const stallAt = f.confirmationsSince === null ? null : f.confirmationsSince + stallAfterMs(f.blockMs);
    if (settings.stalled && stallAt !== null && f.observedAt < stallAt) checkAt = stallAt;
    if (settings.stalled && stallAt !== null && f.observedAt >= stallAt) {
      due.push({
        name: `stalled:${count}@${tx}`,
        kind: 'stalled',
        headline: `Confirmations stalled at ${count} for ${spanText(f.observedAt - f.confirmationsSince!)}`,
      });
    }
    if (settings.milestones.enabled) {
      due.push({ name: `deposit-seen@${tx}`, kind: 'deposit-seen', headline: 'Deposit seen' });
      const n = settings.milestones.confirmations;
      if (count >= n) due.push({ name: `confirmations:${n}@${tx}`, kind: 'confirmations', headline: `${n} confirmation${n === 1 ? '' : 's'}` });
    }
  }
  return { due, nextAt, checkAt };
}
