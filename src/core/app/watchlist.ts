/**
 * Every change the app makes to the watchlist (issue 12, "one path per change"): the handlers ask
 * this object, which changes the engine and the store and announces what changed as an event. The
 * service routes these events and the engine's own into DeltaBatcher.apply, the one place where a
 * change becomes a 'watch:delta'; no handler pushes deltas itself.
 */
import type { PaymentRef } from '../../shared/refs.ts';
import type { Engine } from '../monitor/engine.ts';
import type { PaymonStore, RemovedWatch } from '../store/index.ts';

/** What the app changed on the watchlist, beside what the engine's checks change. */
export type WatchlistEvent =
  /** Rows that were added or whose state (paused, muted, restored, due now) changed. */
  | { type: 'watch-changed'; keys: readonly string[] }
  /** Rows that left the watchlist. */
  | { type: 'watch-removed'; keys: readonly string[] };

/** The watchlist's mutations, each announced once it is done (after its transaction). */
export class Watchlist {
  readonly #engine: Engine;
  readonly #store: PaymonStore;
  readonly #emit: (e: WatchlistEvent) => void;

  constructor(engine: Engine, store: PaymonStore, emit: (e: WatchlistEvent) => void) {
    this.#engine = engine;
    this.#store = store;
    this.#emit = emit;
  }

  /** Adds references (checked at once, those already watched too); says which were new. */
  add(refs: PaymentRef[]): { added: string[]; existing: string[] } {
    const result = this.#engine.add(refs);
    this.#changed([...result.added, ...result.existing]);
    return result;
  }

  /** Removes payments in one transaction (10,000 rows cost one fsync); returns the rows, for undo. */
  remove(keys: Iterable<string>): RemovedWatch[] {
    const rows: RemovedWatch[] = [];
    this.#store.transaction(() => {
      for (const key of new Set(keys)) {
        const row = this.#engine.remove(key);
        if (row) rows.push(row);
      }
    });
    if (rows.length > 0) this.#emit({ type: 'watch-removed', keys: rows.map((r) => r.key) });
    return rows;
  }

  /** Puts removed rows back, except those added again meanwhile (the new row stays); returns how many. */
  restore(rows: readonly RemovedWatch[]): number {
    let restored = 0;
    this.#store.transaction(() => {
      for (const row of rows) {
        if (this.#store.getWatch(row.key)) continue;
        this.#engine.restore(row);
        restored++;
      }
    });
    this.#changed(rows.map((r) => r.key));
    return restored;
  }

  /** Checks these payments as soon as the budget allows. */
  refresh(keys: string[]): void {
    this.#engine.refresh(keys);
    this.#changed(keys);
  }

  /** Pauses or resumes polling of these payments. */
  setPaused(keys: readonly string[], paused: boolean): void {
    this.#store.transaction(() => {
      for (const key of keys) this.#engine.setPaused(key, paused);
    });
    this.#changed(keys);
  }

  /** Mutes or unmutes the desktop notification of these payments; returns the keys that changed. */
  setMuted(keys: Iterable<string>, muted: boolean): string[] {
    const changed: string[] = [];
    // One transaction: muting a 10,000-row selection costs one fsync.
    this.#store.transaction(() => {
      for (const key of new Set(keys)) if (this.#store.setMuted(key, muted)) changed.push(key);
    });
    this.#changed(changed);
    return changed;
  }

  #changed(keys: readonly string[]): void {
    if (keys.length > 0) this.#emit({ type: 'watch-changed', keys });
  }
}
