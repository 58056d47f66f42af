/**
 * "Move my watchlist" (issue 15): copies an agent's SQLite watchlist into the team database, each
 * payment with its snapshot, status history, events, notes and tags, and the agent's own ledger
 * claims (so nothing already announced to them is announced again). The local store is left as it
 * was; a payment already on the team's list keeps the team's row.
 */
import type { PaymonStore } from '../store/index.ts';
import { toJsonCell } from '../store/rows.ts';
import type { TeamStore } from './pg-store.ts';

/** What an import did. */
export interface ImportResult {
  /** Payments newly on the team's watchlist. */
  added: number;
  /** Payments the team already watched (left as the team has them). */
  existing: number;
  /** Ledger claims copied for this agent. */
  claims: number;
}

/** Copies every local watch into `team`; one transaction per payment, so a failure keeps what was copied. */
export async function importWatchlist(local: PaymonStore, team: TeamStore): Promise<ImportResult> {
  const result: ImportResult = { added: 0, existing: 0, claims: 0 };
  for (const { key } of local.listWatches()) {
    const row = local.getWatch(key);
    if (!row) continue;
    const history = local.statusHistory(key);
    const events = local.events(key);
    const added = await team.tx(async (q) => {
      const { rowCount } = await q.query(
        `INSERT INTO watches (key, provider, kind, value, account, added_at, added_by, paused, muted, snapshot, raw, status, final,
           last_checked_at, last_error, not_found_count, note, tags)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18) ON CONFLICT (key) DO NOTHING`,
        [
          key, row.ref.provider, row.ref.kind, row.ref.value, row.account, row.addedAt, team.agent, row.paused ? 1 : 0, row.muted ? 1 : 0,
          toJsonCell(row.payment), toJsonCell(row.raw), row.status, row.final ? 1 : 0, row.lastCheckedAt, toJsonCell(row.lastError),
          row.notFoundCount, row.note, JSON.stringify(row.tags),
        ],
      );
      if (rowCount !== 1) return false;
      for (const c of history) {
        await q.query('INSERT INTO status_changes (key, from_status, to_status, seen_at, provider_at, seen_by) VALUES ($1, $2, $3, $4, $5, $6)', [
          key, c.from, c.to, c.seenAt, c.providerAt, team.agent,
        ]);
      }
      for (const e of events) {
        await q.query('INSERT INTO events (key, type, description, at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING', [key, e.type, e.description, e.at]);
      }
      await team.changed(q, key, 'added');
      return true;
    });
    if (added) result.added++;
    else result.existing++;
    for (const to of new Set(history.map((c) => c.to))) {
      if (local.wasAnnounced(key, to) && (await team.claimAnnouncement(key, to, new Date().toISOString()))) result.claims++;
    }
  }
  return result;
}
