/**
 * The alert history's rows (issue 14, schema v4): inserted beside the announcement claim, in its
 * transaction, then completed by the app (words, rule, decision) and by main's delivery reports.
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

/** What the engine knows of an alert when it claims it. */
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
}

/** What the app decided about an alert. */
export interface AlertOutcome {
  title: string;
  body: string;
  rule: { id: string; name: string } | null;
  decision: AlertDecisionView;
  delivery: AlertDeliveryView;
}

const str = (row: Row, c: string): string => (typeof row[c] === 'string' ? (row[c] as string) : '');
const strOrNull = (row: Row, c: string): string | null => (typeof row[c] === 'string' ? (row[c] as string) : null);
const oneOf = <T extends string>(list: readonly T[], value: string, fallback: T): T => ((list as readonly string[]).includes(value) ? (value as T) : fallback);

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
    decision: oneOf(ALERT_DECISIONS, str(row, 'decision'), 'pending'),
    delivery: oneOf(ALERT_DELIVERIES, str(row, 'delivery'), 'pending'),
    deliveryError: strOrNull(row, 'delivery_error'),
    groupId: typeof row.group_id === 'number' ? row.group_id : null,
  };
}

/** The alert rows; PaymonStore builds on this. */
export class AlertRows extends SqlRunner {
  /** Records a claimed alert; call inside the claim's transaction. Returns its id. */
  insertAlert(a: NewAlert): number {
    const row = this.sql(
      `INSERT INTO alerts (key, at, kind, from_status, to_status, after_status, provider, account, amount_minor, currency)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
    ).get(a.key, a.at, a.kind, a.from, a.to, a.after, a.provider, a.account, a.amountMinor, a.currency);
    return Number(row?.id);
  }

  /** Saves the app's words and decision for alert `id`; returns the row as it is now. */
  decideAlert(id: number, o: AlertOutcome): AlertView | null {
    return this.transaction(() => {
      const row = this.sql(
        `UPDATE alerts SET title = ?, body = ?, rule_id = ?, rule_name = ?, decision = ?, delivery = ? WHERE id = ? RETURNING *`,
      ).get(o.title, o.body, o.rule?.id ?? null, o.rule?.name ?? null, o.decision, o.delivery, id);
      return row ? toAlert(row) : null;
    });
  }

  /**
   * Main's report on the notification of alerts `ids`. 'clicked' stands over 'shown', and neither
   * is undone by a later 'shown' (the OS may report show after click); returns the changed rows.
   */
  reportDelivery(ids: readonly number[], delivery: 'shown' | 'clicked' | 'failed', error: string | null = null): AlertView[] {
    const changed: AlertView[] = [];
    this.transaction(() => {
      const update = this.sql(
        `UPDATE alerts SET delivery = ?, delivery_error = ?
         WHERE id = ? AND NOT (delivery = 'clicked' OR (delivery = 'shown' AND ? = 'shown')) RETURNING *`,
      );
      for (const id of ids) {
        const row = update.get(delivery, error?.slice(0, 300) ?? null, id, delivery);
        if (row) changed.push(toAlert(row));
      }
    });
    return changed;
  }

  /** Marks alerts `ids` as shown in one grouped notification (the first id names the group). */
  groupAlerts(ids: readonly number[]): void {
    if (ids.length === 0) return;
    this.transaction(() => {
      const update = this.sql('UPDATE alerts SET group_id = ? WHERE id = ?');
      for (const id of ids) update.run(ids[0]!, id);
    });
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
    const limit = Math.min(filter.limit ?? MAX_HISTORY_ROWS, MAX_HISTORY_ROWS);
    const sql = `SELECT * FROM alerts ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY at DESC, id DESC LIMIT ${limit}`;
    // Not cached: the filter combinations are many, and the history is read by a person, not a loop.
    return this.db.prepare(sql).all(...args).map(toAlert);
  }

  /** How many alerts were recorded for `key` (tests and the soak count them). */
  countAlerts(key?: string): number {
    const row = key === undefined ? this.sql('SELECT count(*) AS n FROM alerts').get() : this.sql('SELECT count(*) AS n FROM alerts WHERE key = ?').get(key);
    return Number(row?.n ?? 0);
  }
}
