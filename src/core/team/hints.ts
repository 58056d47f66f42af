/**
 * Webhooks as hints in team mode (issue 15): `paymon ingest` with PAYMON_DATABASE_URL puts the
 * payments a webhook names on the team's watchlist (under this agent's name, when new) and makes
 * each one due now, with a `hint` change whose NOTIFY wakes every agent at once. The next lease
 * claim, by whichever agent holds a key, checks it by GET; the body's status is never stored.
 * A hint that lands while a check is in flight marks `hinted_at`, and the release makes the
 * payment due again at once (./leases.ts), so a change is never missed.
 */
import { refKey, type PaymentRef } from '../../shared/refs.ts';
import type { TeamStore } from './pg-store.ts';

/** What a team hint did. */
export interface TeamHintResult {
  /** Keys that were not on the team's watchlist and were added. */
  added: Set<string>;
  /** Keys made due now (watched, not final, not paused). */
  hinted: string[];
}

/** Records hints for `refs` in one transaction: no agent sees a hint without its watch. */
export async function addTeamHints(store: TeamStore, refs: readonly PaymentRef[], at: string): Promise<TeamHintResult> {
  return store.tx(async (q) => {
    const added = new Set<string>();
    const keys: string[] = [];
    for (const ref of refs) {
      const key = refKey(ref);
      if (keys.includes(key)) continue;
      keys.push(key);
      const { rowCount } = await q.query(
        `INSERT INTO watches (key, provider, kind, value, added_at, added_by) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (key) DO NOTHING`,
        [key, ref.provider, ref.kind, ref.value, at, store.agent],
      );
      if (rowCount === 1) {
        added.add(key);
        await store.changed(q, key, 'added');
      }
    }
    // A paused payment stays paused; a final one is not checked again (as in the local store).
    const { rows } = await q.query<{ key: string }>(
      `UPDATE watches SET due_at = now(), hinted_at = now() WHERE key = ANY($1) AND final = 0 AND paused = 0 RETURNING key`,
      [keys],
    );
    const hinted = keys.filter((k) => rows.some((r) => r.key === k));
    for (const key of hinted) await store.changed(q, key, 'hint');
    return { added, hinted };
  });
}
