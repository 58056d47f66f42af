/**
 * The team store (issue 15): the watchlist in PostgreSQL, shared by every agent. Behaves as the
 * SQLite store does (the shared contract suite proves it) and adds who did what: every watch
 * records the agent who added it, every status change the agent whose check saw it, and the
 * announcement ledger is per agent. Never holds key material: accounts are not stored here.
 */
import { PaymonError, type ErrorInfo } from '../../shared/errors.ts';
import type { PaymentEvent } from '../../shared/payment.ts';
import { isProvider, providerSpecs } from '../../shared/providers/index.ts';
import { refKey, type PaymentRef } from '../../shared/refs.ts';
import { toEvent, toJsonCell, toStatusChange, toWatchDetail, toWatchRow, type Row } from '../store/rows.ts';
import type { Observation, ObservationResult, StatusChange, WatchFilter } from '../store/types.ts';
import { PgRunner, type Queryable } from './pg-runner.ts';
import type { SharedFields, SharedWatchDetail, SharedWatchRow, WatchStoreAsync } from './types.ts';

const LIST_COLUMNS =
  'key, provider, kind, value, account, added_at, added_by, paused, muted, snapshot, status, final, last_checked_at, last_error, not_found_count, note, tags, handled_by, handled_at';

function checkProvider(provider: string): void {
  if (!isProvider(provider)) {
    throw new PaymonError('invalid_input', `Unknown provider "${provider.slice(0, 40)}"; Paymon knows ${providerSpecs().map((s) => s.id).join(', ')}.`);
  }
}

/** The shared fields of a `watches` row. */
export function sharedFields(row: Record<string, unknown>): SharedFields {
  const s = (c: string): string | null => (typeof row[c] === 'string' ? (row[c] as string) : null);
  return { addedBy: s('added_by'), handledBy: s('handled_by'), handledAt: s('handled_at') };
}

/** The watchlist half of the team store; leases, budgets and the change feed build on its runner. */
export class TeamStore extends PgRunner implements WatchStoreAsync {
  readonly shared = true;

  async addWatch(ref: PaymentRef, opts: { account?: string | null; addedAt?: string } = {}): Promise<{ added: boolean }> {
    checkProvider(ref.provider);
    return this.tx(async (q) => {
      const key = refKey(ref);
      const { rowCount } = await q.query(
        `INSERT INTO watches (key, provider, kind, value, account, added_at, added_by) VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (key) DO NOTHING`,
        [key, ref.provider, ref.kind, ref.value, opts.account ?? null, opts.addedAt ?? new Date().toISOString(), this.agent],
      );
      if (rowCount === 1) await this.changed(q, key, 'added');
      return { added: rowCount === 1 };
    });
  }

  async removeWatch(key: string): Promise<boolean> {
    return this.tx(async (q) => {
      const { rowCount } = await q.query('DELETE FROM watches WHERE key = $1', [key]);
      if (rowCount === 1) await this.changed(q, key, 'removed');
      return rowCount === 1;
    });
  }

  async getWatch(key: string): Promise<SharedWatchDetail | null> {
    const [row] = await this.query('SELECT * FROM watches WHERE key = $1', [key]);
    return row ? { ...toWatchDetail(row as Row), ...sharedFields(row) } : null;
  }

  async listWatches(filter: WatchFilter = {}): Promise<SharedWatchRow[]> {
    const rows =
      filter.final === undefined
        ? await this.query(`SELECT ${LIST_COLUMNS} FROM watches ORDER BY added_at, key`)
        : await this.query(`SELECT ${LIST_COLUMNS} FROM watches WHERE final = $1 ORDER BY added_at, key`, [filter.final ? 1 : 0]);
    return rows.map((row) => ({ ...toWatchRow(row as Row), ...sharedFields(row) }));
  }

  /** The rows of `keys` (a watch's view of its own payments), in no particular order. */
  async watchesByKey(keys: readonly string[]): Promise<SharedWatchRow[]> {
    const rows = await this.query(`SELECT ${LIST_COLUMNS} FROM watches WHERE key = ANY($1)`, [keys]);
    return rows.map((row) => ({ ...toWatchRow(row as Row), ...sharedFields(row) }));
  }

  async setPaused(key: string, paused: boolean): Promise<boolean> {
    return this.#update(key, 'paused', 'UPDATE watches SET paused = $2 WHERE key = $1', [paused ? 1 : 0]);
  }

  async setMuted(key: string, muted: boolean): Promise<boolean> {
    return this.#update(key, 'muted', 'UPDATE watches SET muted = $2 WHERE key = $1', [muted ? 1 : 0]);
  }

  async setNote(key: string, note: string, tags: readonly string[]): Promise<boolean> {
    return this.#update(key, 'note', 'UPDATE watches SET note = $2, tags = $3, note_by = $4, note_at = $5 WHERE key = $1', [
      note, JSON.stringify(tags), this.agent, new Date().toISOString(),
    ]);
  }

  /** The team-wide "handled by …" marker: this agent takes the payment (or lets it go with `false`). */
  async setHandled(key: string, handled: boolean): Promise<boolean> {
    const args = handled ? [this.agent, new Date().toISOString()] : [null, null];
    return this.#update(key, 'handled', 'UPDATE watches SET handled_by = $2, handled_at = $3 WHERE key = $1', args);
  }

  async recordObservation(key: string, obs: Observation): Promise<ObservationResult | null> {
    return this.tx(async (q) => {
      // FOR UPDATE: two agents recording the same payment at once see each other's status, so a
      // transition is written (and announced) once, not once per agent.
      const { rows } = await q.query<{ provider: string; status: string | null }>('SELECT provider, status FROM watches WHERE key = $1 FOR UPDATE', [key]);
      const current = rows[0];
      if (!current) return null;
      const { payment } = obs;
      if (current.provider !== payment.provider) throw new PaymonError('internal', `A ${payment.provider} answer was recorded for ${key}.`);
      const from = current.status;
      await q.query(
        `UPDATE watches SET snapshot = $2, raw = $3, status = $4, final = $5, account = coalesce($6, account),
           last_checked_at = $7, last_checked_by = $8, last_error = NULL, not_found_count = 0 WHERE key = $1`,
        [key, toJsonCell(payment), toJsonCell(obs.raw), payment.status, payment.final ? 1 : 0, obs.account ?? null, obs.seenAt, this.agent],
      );
      const changed = from !== payment.status;
      if (changed) {
        const providerAt = (obs.providerAt === undefined ? payment.updatedAt : obs.providerAt) ?? null;
        await this.#insertChange(q, key, { from, to: payment.status, seenAt: obs.seenAt, providerAt });
      }
      if ('events' in payment) await this.#insertEvents(q, key, payment.events);
      await this.changed(q, key, changed ? 'status' : 'checked');
      return { changed, from, to: payment.status };
    });
  }

  async recordError(key: string, error: ErrorInfo, at: string, opts: { notFound?: boolean } = {}): Promise<number | null> {
    return this.tx(async (q) => {
      const { rows } = await q.query<{ not_found_count: number }>(
        `UPDATE watches SET last_error = $2, last_checked_at = $3, last_checked_by = $4, not_found_count = not_found_count + $5
         WHERE key = $1 RETURNING not_found_count`,
        [key, JSON.stringify(error), at, this.agent, opts.notFound ? 1 : 0],
      );
      if (rows[0]) await this.changed(q, key, 'error');
      return rows[0]?.not_found_count ?? null;
    });
  }

  async statusHistory(key: string): Promise<StatusChange[]> {
    return (await this.query('SELECT * FROM status_changes WHERE key = $1 ORDER BY id', [key])).map((r) => toStatusChange(r as Row));
  }

  /** Who saw each status change of a payment (the agent whose request answered), oldest first. */
  async statusSeenBy(key: string): Promise<Array<StatusChange & { seenBy: string }>> {
    const rows = await this.query<Row & { seen_by: string }>('SELECT * FROM status_changes WHERE key = $1 ORDER BY id', [key]);
    return rows.map((r) => ({ ...toStatusChange(r), seenBy: r.seen_by }));
  }

  async events(key: string): Promise<PaymentEvent[]> {
    return (await this.query('SELECT type, description, at FROM events WHERE key = $1 ORDER BY at, id', [key])).map((r) => toEvent(r as Row));
  }

  async claimAnnouncement(key: string, toStatus: string, at: string): Promise<boolean> {
    const rows = await this.query(
      `INSERT INTO announcements (key, to_status, agent, announced_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT DO NOTHING RETURNING 1 AS yes`,
      [key, toStatus, this.agent, at],
    );
    return rows.length === 1;
  }

  async wasAnnounced(key: string, toStatus: string): Promise<boolean> {
    const rows = await this.query('SELECT 1 AS yes FROM announcements WHERE key = $1 AND to_status = $2 AND agent = $3', [key, toStatus, this.agent]);
    return rows.length === 1;
  }

  /** The agents that were told of `key` reaching `toStatus`. */
  async announcedTo(key: string, toStatus: string): Promise<string[]> {
    const rows = await this.query<{ agent: string }>('SELECT agent FROM announcements WHERE key = $1 AND to_status = $2 ORDER BY agent', [key, toStatus]);
    return rows.map((r) => r.agent);
  }

  async #update(key: string, what: string, sql: string, args: unknown[]): Promise<boolean> {
    return this.tx(async (q) => {
      const { rowCount } = await q.query(sql, [key, ...args]);
      if (rowCount === 1) await this.changed(q, key, what);
      return rowCount === 1;
    });
  }

  async #insertChange(q: Queryable, key: string, c: StatusChange): Promise<void> {
    await q.query('INSERT INTO status_changes (key, from_status, to_status, seen_at, provider_at, seen_by) VALUES ($1, $2, $3, $4, $5, $6)', [
      key, c.from, c.to, c.seenAt, c.providerAt, this.agent,
    ]);
  }

  async #insertEvents(q: Queryable, key: string, events: readonly PaymentEvent[]): Promise<void> {
    for (const e of events) {
      await q.query('INSERT INTO events (key, type, description, at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING', [key, e.type, e.description, e.at]);
    }
  }
}
