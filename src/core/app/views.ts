/** Store rows and scheduler state turned into the plain objects the renderer receives (src/shared/ipc.ts). */
import type { PaymentDetailView, WatchRowView } from '../../shared/ipc.ts';
import { isDepositPayment } from '../../shared/payment.ts';
import { requiredConfirmations } from '../monitor/policy.ts';
import type { Scheduler } from '../monitor/scheduler.ts';
import type { PaymonStore, WatchRow } from '../store/index.ts';

/** When the scheduler plans the next check, or null when it plans none. */
function nextCheckAt(scheduler: Scheduler, key: string): string | null {
  const state = scheduler.get(key);
  if (!state || state.paused || state.stopped) return null;
  const due = scheduler.dueAt(key);
  return Number.isFinite(due) ? new Date(due).toISOString() : null;
}

/** One watchlist row as the renderer shows it. */
export function toRowView(row: WatchRow, scheduler: Scheduler): WatchRowView {
  return {
    key: row.key,
    ref: row.ref,
    payment: row.payment,
    status: row.status,
    final: row.final,
    account: row.account,
    addedAt: row.addedAt,
    lastCheckedAt: row.lastCheckedAt,
    nextCheckAt: nextCheckAt(scheduler, row.key),
    lastError: row.lastError,
    paused: row.paused,
    muted: row.muted,
    note: row.note,
    tags: [...row.tags],
    stopped: scheduler.get(row.key)?.stopped ?? false,
  };
}

/** One row by key, without the raw answer (null when it is not on the watchlist). */
export function rowView(store: PaymonStore, scheduler: Scheduler, key: string): WatchRowView | null {
  const detail = store.getWatch(key);
  if (!detail) return null;
  const { raw: _raw, ...row } = detail;
  return toRowView(row, scheduler);
}

/** Everything the detail pane shows, or null when the payment is not watched. */
export function detailView(store: PaymonStore, scheduler: Scheduler, key: string): PaymentDetailView | null {
  const detail = store.getWatch(key);
  if (!detail) return null;
  const { raw, ...row } = detail;
  const view: PaymentDetailView = { row: toRowView(row, scheduler), raw, history: store.statusHistory(key), events: store.events(key) };
  if (isDepositPayment(row.payment)) view.requiredConfirmations = knownConfirmations(scheduler, row.payment.network);
  return view;
}

/** What the scheduler learned of a network's required confirmations, else the built-in guess. */
function knownConfirmations(scheduler: Scheduler, network: string | null): { count: number; learned: boolean } | null {
  const learned = scheduler.chains.facts(network).required;
  if (learned !== null) return { count: learned, learned: true };
  const guess = requiredConfirmations(network);
  return guess === null ? null : { count: guess, learned: false };
}
