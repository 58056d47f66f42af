/** The watchlist handlers: snapshot, add pasted text, remove with undo, refresh, pause, focus, detail, monitor pause. */
import { randomUUID } from 'node:crypto';
import { PaymonError } from '../../shared/errors.ts';
import type { InvokeChannels, RequestOf, SnapshotView } from '../../shared/ipc.ts';
import { extractRefs, parseOrderId, refKey, type PaymentRef } from '../../shared/refs.ts';
import type { TimerHandle } from '../monitor/clock.ts';
import type { RemovedWatch } from '../store/index.ts';
import type { AppContext } from './context.ts';
import { refreshAccounts } from './keys.ts';
import { systemView } from './problems.ts';
import { loadViews } from './saved-views.ts';
import { cleanNote, cleanTags, keyInText, MAX_NOTE } from '../../shared/notes.ts';
import { formatCount } from '../../shared/format.ts';
import { short } from './requests.ts';
import { detailView, toRowView } from './views.ts';

type WatchChannel =
  | 'app:snapshot'
  | 'watch:add'
  | 'watch:remove'
  | 'watch:undo-remove'
  | 'watch:refresh'
  | 'watch:set-paused'
  | 'watch:set-note'
  | 'watch:focus'
  | 'watch:detail'
  | 'monitor:set-paused';
type WatchHandlers = { [C in WatchChannel]: (req: RequestOf<C>) => Promise<InvokeChannels[C][1]> };

/** How long a removal can be undone. */
export const UNDO_TTL_MS = 5 * 60_000;
/** Undo tokens kept at most (each holds the removed rows with their history). */
const MAX_UNDO = 20;

/** Removed rows waiting for a possible undo, each batch under its own token. */
export class UndoShelf {
  readonly #batches = new Map<string, { rows: RemovedWatch[]; timer: TimerHandle }>();

  /** Keeps `rows` for `ttlMs` (on the monitor's clock); returns the token. */
  put(rows: RemovedWatch[], setTimer: (fn: () => void, ms: number) => TimerHandle, ttlMs = UNDO_TTL_MS): string {
    const token = randomUUID();
    const timer = setTimer(() => this.#batches.delete(token), ttlMs);
    this.#batches.set(token, { rows, timer });
    for (const [old, batch] of this.#batches) {
      if (this.#batches.size <= MAX_UNDO) break;
      batch.timer.cancel();
      this.#batches.delete(old);
    }
    return token;
  }

  /** The rows under `token`, once; null when unknown or expired. */
  take(token: string): RemovedWatch[] | null {
    const batch = this.#batches.get(token);
    if (!batch) return null;
    batch.timer.cancel();
    this.#batches.delete(token);
    return batch.rows;
  }

  /** Forgets everything. */
  close(): void {
    for (const batch of this.#batches.values()) batch.timer.cancel();
    this.#batches.clear();
  }
}

/** Pauses the scheduler when the user or the system (sleep, offline) wants it paused. */
export function applyPause(ctx: AppContext, holds: ReadonlySet<string>): void {
  if (ctx.state.monitorPaused || holds.size > 0) ctx.engine.pause();
  else ctx.engine.resume();
  // The stale marker (issue 13): since when nothing is checked, and why; the first stop's time is kept.
  const { state } = ctx;
  const reason = state.monitorPaused ? 'paused' : holds.has('offline') ? 'offline' : holds.size > 0 ? 'asleep' : null;
  if (reason === (state.stale?.reason ?? null)) return;
  state.stale = reason === null ? null : { since: state.stale?.since ?? new Date(ctx.clock.now()).toISOString(), reason };
  ctx.events.emit('system', systemView(state));
}

/** Everything the renderer loads at start-up (and after entering or leaving the demo). */
export async function snapshot(ctx: AppContext): Promise<SnapshotView> {
  // The keychain may have changed behind our back (the CLI's `keys set`); a stale list is better than none.
  const accounts = await refreshAccounts(ctx).catch(() => ctx.state.accounts);
  const { state } = ctx;
  return {
    rows: ctx.store.listWatches().map((row) => toRowView(row, ctx.engine.scheduler)),
    accounts,
    problems: ctx.problems.list(),
    monitorPaused: state.monitorPaused,
    ...systemView(state),
    demo: state.demoAccount !== null,
    settings: { ...state.settings, notifyStatuses: [...state.settings.notifyStatuses] },
    views: loadViews(ctx.store),
  };
}

/** The watchlist handlers bound to `ctx`. */
export function watchHandlers(ctx: AppContext, shelf: UndoShelf, holds: ReadonlySet<string>): WatchHandlers {
  const { store, engine } = ctx;
  return {
    'app:snapshot': () => snapshot(ctx),

    async 'watch:add'(req) {
      const found = extractRefs(req.text);
      const hold = req.unusual === 'hold' ? new Set(found.unusual.map(refKey)) : new Set<string>();
      const refs: PaymentRef[] = found.refs.filter((r) => !hold.has(refKey(r)));
      const duplicates = found.duplicates.map(refKey);
      const invalid = [...found.invalid];
      const seen = new Set(refs.map(refKey));
      for (const raw of req.orderIds ?? []) {
        if (raw.trim() === '') continue;
        try {
          const ref = parseOrderId(raw);
          if (seen.has(refKey(ref))) {
            duplicates.push(refKey(ref));
          } else {
            refs.push(ref);
            seen.add(refKey(ref));
          }
        } catch {
          invalid.push(short(raw.trim(), 80));
        }
      }
      // engine.add checks every new and existing payment at once (urgent), within the budgets.
      const { added, existing } = ctx.watchlist.add(refs);
      return { added, existing, duplicates: [...new Set(duplicates)], invalid, held: found.unusual.filter((r) => hold.has(refKey(r))).map((r) => r.value), truncated: found.truncated };
    },

    async 'watch:remove'(req) {
      // One transaction: removing 10,000 rows costs one fsync, not 10,000.
      const rows = ctx.watchlist.remove(req.keys);
      if (ctx.state.focused !== null && rows.some((r) => r.key === ctx.state.focused)) ctx.state.focused = null;
      return { removed: rows.length, undoToken: shelf.put(rows, (fn, ms) => ctx.clock.setTimer(fn, ms)) };
    },

    async 'watch:undo-remove'(req) {
      const rows = shelf.take(req.undoToken);
      if (!rows) throw new PaymonError('invalid_input', 'This removal can no longer be undone (it is older than 5 minutes).');
      // Added again meanwhile: the new row stays, as restoreWatch documents.
      return { restored: ctx.watchlist.restore(rows) };
    },

    async 'watch:refresh'(req) {
      ctx.watchlist.refresh(req.keys);
    },

    async 'watch:set-note'(req) {
      const note = cleanNote(req.note);
      if (note.length > MAX_NOTE) throw new PaymonError('invalid_input', `A note is at most ${formatCount(MAX_NOTE)} characters; this one has ${formatCount(note.length)}.`);
      const tags = cleanTags(req.tags);
      const keyOf = keyInText([note, ...tags].join('\n'));
      if (keyOf) throw new PaymonError('invalid_input', `This looks like a ${keyOf} API key. Notes are stored in plain text; keys belong in Keys & accounts, in the system keychain.`);
      if (!ctx.watchlist.setNote(req.key, note, tags)) throw new PaymonError('invalid_input', 'This payment is no longer on the watchlist.');
      return { note, tags };
    },

    async 'watch:set-paused'(req) {
      ctx.watchlist.setPaused(req.keys, req.paused);
    },

    async 'watch:focus'(req) {
      engine.focus(req.key, ctx.state.focused);
      ctx.state.focused = req.key;
    },

    async 'watch:detail'(req) {
      const view = detailView(store, engine.scheduler, req.key);
      if (!view) throw new PaymonError('not_found', 'This payment is not on the watchlist (it may have been removed).');
      return view;
    },

    async 'monitor:set-paused'(req) {
      const changed = ctx.state.monitorPaused !== req.paused;
      ctx.state.monitorPaused = req.paused;
      // Remembered across restarts: a user who paused polling does not expect it to restart by itself.
      store.setSetting('monitorPaused', req.paused);
      applyPause(ctx, holds);
      if (changed) ctx.events.emit('monitor:paused', req.paused);
    },
  };
}
