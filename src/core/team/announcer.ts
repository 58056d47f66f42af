/**
 * Alerts per person in a team (issue 15): whichever agent's request saw a transition, every agent
 * following the payment claims it in its own ledger row, once across restarts, and tells its
 * person. The same transitions deserve an alert as for one person (../monitor/transitions.ts).
 */
import type { Payment } from '../../shared/payment.ts';
import { notificationText } from '../app/notify-text.ts';
import { classifyTransition, priorFinalStatus, type AlertKind } from '../monitor/transitions.ts';
import type { TeamStore } from './pg-store.ts';
import type { SharedWatchRow } from './types.ts';

/** An alert this agent claimed. */
export interface TeamAlert {
  key: string;
  at: string;
  kind: AlertKind;
  from: string | null;
  to: string;
  after: string | null;
  title: string;
  body: string;
  /** The agent whose request saw the change. */
  seenBy: string;
}

/** Reads each followed payment's new status changes and claims the alerts among them. */
export class TeamAnnouncer {
  readonly #store: TeamStore;
  /** Status changes already looked at, per key. */
  readonly #seen = new Map<string, number>();

  constructor(store: TeamStore) {
    this.#store = store;
  }

  /** The alerts in `row`'s changes since the last call, claimed for this agent (empty when none or claimed before). */
  async newAlerts(row: SharedWatchRow): Promise<TeamAlert[]> {
    const history = await this.#store.statusSeenBy(row.key);
    const start = this.#seen.get(row.key) ?? 0;
    this.#seen.set(row.key, history.length);
    const alerts: TeamAlert[] = [];
    for (let i = start; i < history.length; i++) {
      const change = history[i]!;
      const t = classifyTransition(row.ref.provider, change.from, change.to, priorFinalStatus(row.ref.provider, history.slice(0, i + 1)));
      if (!t) continue;
      // A first answer that was already final when added (a pasted old payment) is a table row, not news.
      if (change.from === null && row.payment && !finalAfterAdding(row.payment, row.addedAt)) continue;
      if (!(await this.#store.claimAnnouncement(row.key, change.to, change.seenAt))) continue;
      const payment = row.payment;
      const text = payment ? notificationText(payment, change.to, t) : { title: change.to, body: row.key };
      alerts.push({ key: row.key, at: change.seenAt, kind: t.kind, from: change.from, to: change.to, after: t.after, ...text, seenBy: change.seenBy });
    }
    return alerts;
  }
}

function finalAfterAdding(payment: Payment, addedAt: string): boolean {
  const finalAt = Date.parse(payment.completedAt ?? payment.confirmedAt ?? payment.updatedAt ?? '');
  const added = Date.parse(addedAt);
  return Number.isNaN(finalAt) || Number.isNaN(added) ? false : finalAt > added;
}
