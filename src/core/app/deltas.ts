/**
 * Coalesces watchlist changes into 'watch:delta' messages: engine events mark keys dirty, and
 * at most once per interval the current rows of the dirty keys are read and sent. A burst of
 * thousands of changes becomes a few messages, each row sent once with its latest state.
 */
import type { WatchDelta, WatchRowView } from '../../shared/ipc.ts';
import type { EngineEvent } from '../monitor/engine.ts';

/** Rows per message at most: a 20,000-row paste arrives in pieces the renderer can apply one frame at a time. */
export const MAX_ROWS_PER_DELTA = 2_000;

/** Marks keys changed or removed and flushes them in batches. */
export class DeltaBatcher {
  readonly #intervalMs: number;
  readonly #read: (key: string) => WatchRowView | null;
  readonly #emit: (delta: WatchDelta) => void;
  /** Last thing that happened to each key since the previous flush. */
  readonly #dirty = new Map<string, 'upsert' | 'remove'>();
  #timer: ReturnType<typeof setTimeout> | null = null;
  #closed = false;

  constructor(intervalMs: number, read: (key: string) => WatchRowView | null, emit: (delta: WatchDelta) => void) {
    this.#intervalMs = intervalMs;
    this.#read = read;
    this.#emit = emit;
  }

  /**
   * The one place a change becomes a delta (issue 12): every engine event comes here, its checks'
   * and the user's changes alike (the engine emits both); nothing else marks rows.
   */
  apply(e: EngineEvent): void {
    switch (e.type) {
      case 'payment-updated':
      case 'status-changed':
      case 'payment-error':
        this.upsert(e.key);
        break;
      case 'watch-changed':
        for (const key of e.keys) this.upsert(key);
        break;
      case 'watch-removed':
        for (const key of e.keys) this.remove(key);
        break;
      case 'notify':
      case 'account-problem':
      case 'hinted':
        break;
    }
  }

  /** The row changed (or appeared): its current state goes out with the next batch. */
  upsert(key: string): void {
    this.#mark(key, 'upsert');
  }

  /** The row left the watchlist. */
  remove(key: string): void {
    this.#mark(key, 'remove');
  }

  /** Sends everything pending now. */
  flush(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    if (this.#dirty.size === 0) return;
    const pending = [...this.#dirty];
    this.#dirty.clear();
    let delta: WatchDelta = { upserts: [], removes: [] };
    for (const [key, what] of pending) {
      const row = what === 'upsert' ? this.#read(key) : null;
      if (row) delta.upserts.push(row);
      else delta.removes.push(key);
      if (delta.upserts.length + delta.removes.length >= MAX_ROWS_PER_DELTA) {
        this.#emit(delta);
        delta = { upserts: [], removes: [] };
      }
    }
    if (delta.upserts.length + delta.removes.length > 0) this.#emit(delta);
  }

  /** Drops what is pending and stops the timer. */
  close(): void {
    this.#closed = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    this.#dirty.clear();
  }

  #mark(key: string, what: 'upsert' | 'remove'): void {
    if (this.#closed) return;
    this.#dirty.set(key, what);
    // Real time, not the monitor's clock: this paces messages to the window, whatever time the engine runs on.
    this.#timer ??= setTimeout(() => {
      this.#timer = null;
      try {
        this.flush();
      } catch {
        // A failed read (the store was closed under us) must not kill the timer loop; the next change retries.
      }
    }, this.#intervalMs);
  }
}
