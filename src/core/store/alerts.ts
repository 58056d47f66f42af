/**
 * The alert history's rows (issue 14, schema v4): inserted with the alert's words and decision in
 * the transaction that claims it, then completed by main's delivery reports (shown, clicked, failed).
 */
import type { SQLInputValue } from 'node:sqlite';
import {
  ALERT_DECISIONS,
  ALERT_DELIVERIES,
  ALERT_KINDS,
  MAX_HISTORY_ROWS,
  type AlertDecisionView,
  type AlertDeliveryView,
  type AlertFilter,
  type AlertKindView,
  type AlertView,
} from '../../shared/alert-history.ts';
import type { Provider } from '../../shared/payment.ts';
import type { Row } from './rows.ts';
import { SqlRunner } from './sql-runner.ts';

/** An alert as the engine records it when it claims it. */
export interface NewAlert {
  key: string;
  at: string;
  kind: AlertKindView;
  from: string | null;
  to: string;
  after: string | null;
  provider: Provider;
  account: string | null;
  amountMinor: number;
  currency: string;
  title: string;
  body: string;
  rule: { id: string; name: string } | null;
  sound: boolean;
  decision: AlertDecisionView;
  delivery: AlertDeliveryView;
}

/** What main may report of a notification. */
export type DeliveryReport = 'shown' | 'clicked' | 'failed';

const str = (row: Row, c: string): string => (typeof row[c] === 'string' ? (row[c] as string) : '');
const strOrNull = (row: Row, c: string): string | null => (typeof row[c] === 'string' ? (row[c] as string) : null);
const oneOf = <T extends string>(list: readonly T[], value: string, fallback: T): T =>
  (list as readonly string[]).includes(value) ? (value as T) : fallback;

function toAlert(row: Row): AlertView {
  const ruleId = strOrNull(row, 'rule_id');
  return {
    id: Number(row.id),
    at: str(row, 'at'),
    key: str(row, 'key'),
    provider: str(row, 'provider') as Provider,
    account: strOrNull(row, 'account'),
    kind: oneOf(ALERT_KINDS, str(row, 'kind'), 'final'),
    from: strOrNull(row, 'from_status'),
    to: str(row, 'to_status'),
    after: strOrNull(row, 'after_status'),
    title: str(row, 'title'),
    body: str(row, 'body'),
    amountMinor: Number(row.amount_minor),
    currency: str(row, 'currency'),
    rule: ruleId === null ? null : { id: ruleId, name: str(row, 'rule_name') },
    sound: row.sound === 1,
    decision: oneOf(ALERT_DECISIONS, str(row, 'decision'), 'desktop'),
    delivery: oneOf(ALERT_DELIVERIES, str(row, 'delivery'), 'pending'),
    deliveryError: strOrNull(row, 'delivery_error'),
    groupId: typeof row.group_id === 'number' ? row.group_id : null,
  };
}

/** The alert rows; PaymonStore builds on this. */
export class AlertRows extends SqlRunner {
  /** Records a claimed alert; call inside the claim's transaction. Returns the row. */
  insertAlert(a: NewAlert): AlertView {
    const row = this.sql(
      `INSERT INTO alerts (key, at, kind, from_status, to_status, after_status, provider, account, amount_minor, currency,
         title, body, rule_id, rule_name, sound, decision, delivery)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING *`,
    ).get(
      a.key, a.at, a.kind, a.from, a.to, a.after, a.provider, a.account, a.amountMinor, a.currency,
      a.title, a.body, a.rule?.id ?? null, a.rule?.name ?? null, a.sound ? 1 : 0, a.decision, a.delivery,
    );
    return toAlert(row!);
  }

  /**
   * Main's report on the notification of alerts `ids`. 'clicked' stands over the others, and a
   * 'shown' never undoes a 'failed' or 'clicked' (the OS may report show after click); only alerts
   * that raised a notification change. Returns the changed rows.
   */
  reportDelivery(ids: readonly number[], delivery: DeliveryReport, error: string | null = null): AlertView[] {
    const changed: AlertView[] = [];
    this.transaction(() => {
      const update = this.sql(
        `UPDATE alerts SET delivery = ?, delivery_error = ?
         WHERE id = ? AND decision = 'desktop' AND delivery <> 'clicked' AND delivery <> ?
           AND NOT (? = 'shown' AND delivery = 'failed') RETURNING *`,
      );
      for (const id of ids) {
        const row = update.get(delivery, error?.slice(0, 300) ?? null, id, delivery, delivery);
        if (row) changed.push(toAlert(row));
      }
    });
    return changed;
  }

  /** Marks alerts `ids` as announced in one grouped notification (the first id names the group). */
  groupAlerts(ids: readonly number[]): AlertView[] {
    const changed: AlertView[] = [];
    if (ids.length === 0) return changed;
    this.transaction(() => {
      const update = this.sql('UPDATE alerts SET group_id = ? WHERE id = ? RETURNING *');
      for (const id of ids) {
        const row = update.get(ids[0]!, id);
        if (row) changed.push(toAlert(row));
      }
    });
    return changed;
  }

  /** One alert, or null. */
  getAlert(id: number): AlertView | null {
    const row = this.sql('SELECT * FROM alerts WHERE id = ?').get(id);
    return row ? toAlert(row) : null;
  }

  /** The history, newest first, filtered (every filter is optional). */
  listAlerts(filter: AlertFilter = {}): AlertView[] {
    const where: string[] = [];
    const args: SQLInputValue[] = [];
    const eq = (column: string, value: string | undefined): void => {
      if (value === undefined) return;
      where.push(`${column} = ?`);
      args.push(value);
    };
    eq('provider', filter.provider);
    eq('account', filter.account);
    eq('kind', filter.kind);
    eq('decision', filter.decision);
    eq('delivery', filter.delivery);
    const text = filter.text?.trim();
    if (text) {
      // LIKE with the wildcards of the user's text escaped: "50%" means fifty percent.
      where.push(`(title LIKE ? ESCAPE '\\' OR body LIKE ? ESCAPE '\\' OR key LIKE ? ESCAPE '\\')`);
      const like = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      args.push(like, like, like);
    }
    const limit = Math.max(1, Math.min(filter.limit ?? MAX_HISTORY_ROWS, MAX_HISTORY_ROWS));
    const sql = `SELECT * FROM alerts ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY at DESC, id DESC LIMIT ${limit}`;
    // Not cached: the filter combinations are many, and the history is read by a person, not a loop.
    return this.db.prepare(sql).all(...args).map(toAlert);
  }

  /** How many alerts were recorded, for `key` or in all (tests and the soak count them). */
  countAlerts(key?: string): number {
    const row =
      key === undefined ? this.sql('SELECT count(*) AS n FROM alerts').get() : this.sql('SELECT count(*) AS n FROM alerts WHERE key = ?').get(key);
    return Number(row?.n ?? 0);
  }
}
