/** The bridge: one snapshot, every event channel, events held until the snapshot lands; IPC errors become toasts. */
import { describe, expect, it } from 'vitest';
import { addText, removePayments, startBridge, startDemo } from '../../src/renderer/src/store/bridge.ts';
import { createWatchStore } from '../../src/renderer/src/store/watch-store.ts';
import { API_CHANNELS, EVENT_CHANNELS, type EventChannels, type IpcResult, type PaymonApi, type SnapshotView } from '../../src/shared/ipc.ts';
import { c2cRow } from './fixtures/rows.ts';

type Listener = (payload: unknown) => void;

/** A fake preload API: records calls, lets the test resolve the snapshot and push events. */
function fakeApi(answers: Record<string, IpcResult<unknown>> = {}) {
  const listeners = new Map<string, Set<Listener>>();
  const calls: { method: string; req: unknown }[] = [];
  let resolveSnapshot: (s: IpcResult<SnapshotView>) => void = () => undefined;
  const api: Record<string, unknown> = {};
  for (const method of Object.keys(API_CHANNELS)) {
    api[method] = (req: unknown) => {
      calls.push({ method, req });
      if (method === 'snapshot') return new Promise((r) => (resolveSnapshot = r));
      return Promise.resolve(answers[method] ?? { ok: true, value: undefined });
    };
  }
  api['on'] = (channel: string, listener: Listener) => {
    const set = listeners.get(channel) ?? new Set();
    listeners.set(channel, set);
    set.add(listener);
    return () => set.delete(listener);
  };
  return {
    api: api as unknown as PaymonApi,
    calls,
    listeners,
    emit<C extends keyof EventChannels>(channel: C, payload: EventChannels[C]) {
      for (const l of listeners.get(channel) ?? []) l(payload);
    },
    snapshot(rows: SnapshotView['rows']) {
      resolveSnapshot({ ok: true, value: { rows, accounts: [], problems: [], monitorPaused: false, keychainProblem: null, keychainPending: false, trayShown: null, notificationProblem: null, shortcutProblem: null, loginItemProblem: null, stale: null, demo: false, settings: { notifyStatuses: [], muteAll: false, onClose: 'tray', lookupShortcut: null, openAtLogin: false }, views: { views: [], current: null } } });
    },
  };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('bridge', () => {
  it('asks for the snapshot once, subscribes to every channel, and unsubscribes on stop', async () => {
    const fake = fakeApi();
    const store = createWatchStore();
    const stop = startBridge(fake.api, store);
    expect(fake.calls.filter((c) => c.method === 'snapshot')).toHaveLength(1);
    expect([...fake.listeners.keys()].sort()).toEqual([...EVENT_CHANNELS].sort());
    fake.snapshot([c2cRow('pay_a')]);
    await tick();
    expect(store.getState().phase).toBe('ready');
    stop();
    expect([...fake.listeners.values()].every((s) => s.size === 0)).toBe(true);
  });

  it('holds events that arrive before the snapshot and replays them after, skipping rows older than the snapshot', async () => {
    const fake = fakeApi();
    const store = createWatchStore();
    const stop = startBridge(fake.api, store);
    fake.emit('watch:delta', { upserts: [c2cRow('pay_a', { status: 'pending', lastCheckedAt: '2026-03-02T10:00:00Z' }), c2cRow('pay_new')], removes: [] });
    fake.emit('monitor:paused', true);
    fake.emit('toast', { key: c2cRow('pay_a').key, title: 'Paid', body: 'x', status: 'completed', at: '2026-03-02T10:00:05Z' });
    expect(store.getState().list).toHaveLength(0);
    fake.snapshot([c2cRow('pay_a', { status: 'completed', lastCheckedAt: '2026-03-02T10:00:05Z' })]);
    await tick();
    const s = store.getState();
    expect(s.rows.get(c2cRow('pay_a').key)?.status).toBe('completed');
    expect(s.rows.has(c2cRow('pay_new').key)).toBe(true);
    expect(s.monitorPaused).toBe(true);
    expect(s.toasts.map((t) => t.kind)).toEqual(['final']);
    // After the snapshot, events apply at once.
    fake.emit('watch:delta', { upserts: [], removes: [c2cRow('pay_new').key] });
    expect(store.getState().rows.has(c2cRow('pay_new').key)).toBe(false);
    stop();
  });

  it("opens the payment an 'open-payment' event names: the cursor on it, revealed, focused in main", async () => {
    const fake = fakeApi();
    const store = createWatchStore();
    const stop = startBridge(fake.api, store);
    fake.snapshot([c2cRow('pay_a'), c2cRow('pay_b')]);
    await tick();
    const key = c2cRow('pay_b').key;
    fake.emit('open-payment', { key });
    await tick();
    expect(store.getState().focusedKey).toBe(key);
    // Opening is not selecting (issue 17); the keyboard cursor moves to the payment.
    expect(store.getState().cursorKey).toBe(key);
    expect(store.getState().selection.size).toBe(0);
    expect(store.getState().revealSeq).toBe(1);
    expect(fake.calls.find((c) => c.method === 'focus')?.req).toEqual({ key });
    stop();
  });

  it('turns a failed snapshot into a load error, and a failed command into an error toast', async () => {
    const fake = fakeApi({ addText: { ok: false, error: { kind: 'invalid_input', message: 'Too much text.' } } });
    const store = createWatchStore();
    const stop = startBridge(fake.api, store);
    fake.snapshot([]);
    await tick();
    expect(await addText('pay_abc', [])).toBe(false);
    expect(store.getState().toasts).toEqual([expect.objectContaining({ kind: 'error', message: 'Too much text.' })]);
    expect(store.getState().adding).toBe(false);
    stop();
  });

  it('remove applies locally at once and offers the undo token', async () => {
    const fake = fakeApi({ remove: { ok: true, value: { removed: 1, undoToken: 'tok-1' } } });
    const store = createWatchStore();
    const stop = startBridge(fake.api, store);
    fake.snapshot([c2cRow('pay_a'), c2cRow('pay_b')]);
    await tick();
    await removePayments([c2cRow('pay_a').key]);
    expect(fake.calls.at(-1)).toEqual({ method: 'remove', req: { keys: [c2cRow('pay_a').key] } });
    expect(store.getState().list.map((r) => r.ref.value)).toEqual(['pay_b']);
    expect(store.getState().toasts).toEqual([expect.objectContaining({ kind: 'undo', undoToken: 'tok-1' })]);
    stop();
  });

  it('replaces the store with the demo snapshot, holding events that arrive meanwhile, and applies settings events', async () => {
    let answer: (r: IpcResult<SnapshotView>) => void = () => undefined;
    const fake = fakeApi();
    (fake.api as unknown as Record<string, unknown>)['startDemo'] = () => new Promise((r) => (answer = r));
    const store = createWatchStore();
    const stop = startBridge(fake.api, store);
    fake.snapshot([c2cRow('pay_old')]);
    await tick();
    store.getState().setSearch('old');
    const started = startDemo();
    // A delta of the demo's first checks lands before the answer: held, then replayed on the new state.
    fake.emit('watch:delta', { upserts: [c2cRow('pay_demo2', { addedAt: '2026-03-02T12:00:00Z' })], removes: [] });
    expect(store.getState().rows.has(c2cRow('pay_demo2').key)).toBe(false);
    answer({ ok: true, value: { rows: [c2cRow('pay_demo1')], accounts: [], problems: [], monitorPaused: false, keychainProblem: null, keychainPending: false, trayShown: null, notificationProblem: null, shortcutProblem: null, loginItemProblem: null, stale: null, demo: true, settings: { notifyStatuses: ['completed'], muteAll: false, onClose: 'tray', lookupShortcut: null, openAtLogin: false }, views: { views: [], current: null } } });
    await started;
    const s = store.getState();
    expect(s.demo).toBe(true);
    expect(s.search).toBe('');
    expect(s.list.map((r) => r.ref.value)).toEqual(['pay_demo2', 'pay_demo1']);
    fake.emit('settings', { notifyStatuses: [], muteAll: true, onClose: 'tray', lookupShortcut: null, openAtLogin: false });
    expect(store.getState().settings.muteAll).toBe(true);
    stop();
  });
});
