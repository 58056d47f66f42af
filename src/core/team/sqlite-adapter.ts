/**
 * The embedded SQLite store behind the asynchronous interface (issue 15). It stays the default;
 * this adapter lets code written for WatchStoreAsync (and the contract tests) run on it unchanged.
 * SQLite is one person's store: it records no agent and has no "handled by" marker.
 */
import type { ErrorInfo } from '../../shared/errors.ts';
import type { PaymentRef } from '../../shared/refs.ts';
import type { PaymonStore } from '../store/index.ts';
import type { Observation, WatchFilter } from '../store/types.ts';
import type { SharedFields, WatchStoreAsync } from './types.ts';

const NOBODY: SharedFields = { addedBy: null, handledBy: null, handledAt: null };

/** WatchStoreAsync over a PaymonStore; close() closes the store. */
export class SqliteWatchStore implements WatchStoreAsync {
  readonly shared = false;
  readonly agent: string;
  readonly #store: PaymonStore;

  constructor(store: PaymonStore, agent: string) {
    this.#store = store;
    this.agent = agent;
  }

  async addWatch(ref: PaymentRef, opts: { account?: string | null; addedAt?: string } = {}) {
    return this.#store.addWatch(ref, opts);
  }
  async removeWatch(key: string) {
    return this.#store.removeWatch(key) !== null;
  }
  async getWatch(key: string) {
    const row = this.#store.getWatch(key);
    return row ? { ...row, ...NOBODY } : null;
  }
  async listWatches(filter: WatchFilter = {}) {
    return this.#store.listWatches(filter).map((row) => ({ ...row, ...NOBODY }));
  }
  async setPaused(key: string, paused: boolean) {
    return this.#store.setPaused(key, paused);
  }
  async setMuted(key: string, muted: boolean) {
    return this.#store.setMuted(key, muted);
  }
  async setNote(key: string, note: string, tags: readonly string[]) {
    return this.#store.setNote(key, note, tags);
  }
  async recordObservation(key: string, obs: Observation) {
    return this.#store.recordObservation(key, obs);
  }
  async recordError(key: string, error: ErrorInfo, at: string, opts: { notFound?: boolean } = {}) {
    return this.#store.recordError(key, error, at, opts);
  }
  async statusHistory(key: string) {
    return this.#store.statusHistory(key);
  }
  async events(key: string) {
    return this.#store.events(key);
  }
  async claimAnnouncement(key: string, toStatus: string, at: string) {
    return this.#store.claimAnnouncement(key, toStatus, at);
  }
  async wasAnnounced(key: string, toStatus: string) {
    return this.#store.wasAnnounced(key, toStatus);
  }
  async close() {
    this.#store.close();
  }
}
