/**
 * The renderer's store in slices (issue 12): watchlist and accounts mirrored from main, this
 * window's UI state, and the bridge's link, all inside the store; nothing beside it at module
 * level, so two stores (the app's and a test's) never share a counter, held events or an API.
 */
import { describe, expect, it } from 'vitest';
import { startBridge } from '../../src/renderer/src/store/bridge.ts';
import { createWatchStore } from '../../src/renderer/src/store/watch-store.ts';
import { defaultSettings } from '../../src/core/app/settings.ts';
import { API_CHANNELS, type PaymonApi } from '../../src/shared/ipc.ts';
import { c2cRow } from './fixtures/rows.ts';

/** A preload API whose snapshot never answers, and whose events the test pushes. */
function pendingApi() {
  const listeners = new Map<string, (payload: unknown) => void>();
  const api: Record<string, unknown> = {};
  for (const method of Object.keys(API_CHANNELS)) api[method] = () => new Promise(() => undefined);
  api['on'] = (channel: string, listener: (payload: unknown) => void) => {
    listeners.set(channel, listener);
    return () => listeners.delete(channel);
  };
  return { api: api as unknown as PaymonApi, emit: (channel: string, payload: unknown) => listeners.get(channel)?.(payload) };
}

describe('the renderer store in slices', () => {
  it('composes the watchlist, accounts and UI slices into one store', () => {
    const s = createWatchStore().getState();
    // Watchlist (mirrored from main), accounts (mirrored from main), UI (this window's).
    expect([s.phase, s.list, s.demo, s.monitorPaused]).toEqual(['loading', [], false, false]);
    expect([s.accounts, s.problems, s.keychainProblem, s.keychainPending]).toEqual([[], [], null, false]);
    expect([s.search, s.selection.size, s.focusedKey, s.toasts]).toEqual(['', 0, null, []]);
    // Until the snapshot: the same defaults main starts from.
    expect(s.settings).toEqual(defaultSettings());
  });

  it('numbers toasts per store: a second store does not continue the first one’s count', () => {
    const a = createWatchStore();
    const b = createWatchStore();
    expect(a.getState().pushToast({ kind: 'info', message: 'one' })).toBe(1);
    expect(a.getState().pushToast({ kind: 'info', message: 'two' })).toBe(2);
    expect(b.getState().pushToast({ kind: 'info', message: 'first of b' })).toBe(1);
  });

  it('keeps the bridge’s API and the events held before the snapshot in the store it serves', () => {
    const store = createWatchStore();
    const fake = pendingApi();
    const stop = startBridge(fake.api, store);
    expect(store.getState().link.api).toBe(fake.api);
    fake.emit('watch:delta', { upserts: [c2cRow('pay_held')], removes: [] });
    expect(store.getState().link.held).toHaveLength(1);
    expect(store.getState().rows.size).toBe(0);
    stop();
    expect(store.getState().link.api).toBeNull();
    // Another store never saw any of it.
    expect(createWatchStore().getState().link).toEqual({ api: null, held: null });
  });
});
