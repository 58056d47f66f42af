/**
 * Notification preferences against the real service and simulator: a muted payment, mute all and
 * the statuses filter silence the desktop notification only; the in-app toast still shows.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { SettingsView, SnapshotView, ToastView, WatchDelta } from '../../../src/shared/ipc.ts';
import { startServiceRig, type ServiceRig } from './service-rig.ts';
import { DEFAULT_LOOKUP_SHORTCUT } from '../../../src/shared/shortcut.ts';

let rig: ServiceRig;
afterEach(() => rig?.close());

async function ok<T>(p: Promise<{ ok: boolean; value?: unknown; error?: unknown }>): Promise<T> {
  const result = await p;
  if (!result.ok) throw new Error(`expected ok, got ${JSON.stringify(result.error)}`);
  return result.value as T;
}

/** A Card2Crypto payment that ends (`complete` or `fail`) `inMs` from now; returns its watchlist key. */
function payment(end: 'complete' | 'fail', inMs = 60_000): string {
  const at = rig.clock.now() + inMs;
  const id = rig.world.addCard2Crypto({ amount: 1_000, outcome: end === 'complete' ? { complete: at } : { fail: at } });
  return `card2crypto:payment:${id}`;
}

const valueOf = (key: string) => key.slice(key.lastIndexOf(':') + 1);

async function watchUntilFinal(keys: string[]): Promise<void> {
  await ok(rig.service.invoke('watch:add', { text: keys.map(valueOf).join(' ') }));
  for (let i = 0; i < 20 && rig.service.pendingCount() > 0; i++) await rig.advance(30_000);
  expect(rig.service.pendingCount()).toBe(0);
}

describe('notification preferences', () => {
  it('a muted payment gets its toast but no desktop notification; the mute is shown, pushed and kept', async () => {
    rig = await startServiceRig();
    const [muted, loud] = [payment('complete'), payment('complete')];
    await ok(rig.service.invoke('watch:add', { text: `${valueOf(muted)} ${valueOf(loud)}` }));
    await rig.advance(1_000);
    await ok(rig.service.invoke('watch:set-muted', { keys: [muted, muted, 'card2crypto:payment:pay_unknown'], muted: true }));
    await rig.flush();
    const pushed = rig.on<WatchDelta>('watch:delta').flatMap((d) => d.upserts).filter((r) => r.key === muted);
    expect(pushed.at(-1)?.muted).toBe(true);

    for (let i = 0; i < 10; i++) await rig.advance(30_000);
    expect(rig.on<ToastView>('toast').map((t) => t.key).sort()).toEqual([muted, loud].sort());
    expect(rig.notified.map((n) => n.key)).toEqual([loud]);

    await rig.restart();
    const snap = await ok<SnapshotView>(rig.service.invoke('app:snapshot', undefined));
    expect(snap.rows.map((r) => [r.key, r.muted]).sort()).toEqual([[loud, false], [muted, true]].sort());
    await ok(rig.service.invoke('watch:set-muted', { keys: [muted], muted: false }));
    expect((await ok<SnapshotView>(rig.service.invoke('app:snapshot', undefined))).rows.find((r) => r.key === muted)?.muted).toBe(false);
  });

  it('mute all silences every desktop notification and the statuses filter picks which ones show', async () => {
    rig = await startServiceRig();
    const initial = await ok<SnapshotView>(rig.service.invoke('app:snapshot', undefined));
    expect(initial.settings).toEqual({
      notifyStatuses: ['completed', 'failed', 'refunded', 'confirmed', 'overpaid', 'underpaid', 'expired'],
      muteAll: false,
      onClose: 'tray',
      lookupShortcut: DEFAULT_LOOKUP_SHORTCUT,
      openAtLogin: false,
    });

    expect(await ok<SettingsView>(rig.service.invoke('settings:update', { muteAll: true }))).toMatchObject({ muteAll: true });
    // The same value again changes nothing and pushes nothing.
    await ok(rig.service.invoke('settings:update', { muteAll: true }));
    expect(rig.on<SettingsView>('settings')).toEqual([{ ...initial.settings, muteAll: true }]);
    const silenced = [payment('complete'), payment('fail')];
    await watchUntilFinal(silenced);
    expect(rig.on<ToastView>('toast').map((t) => t.status).sort()).toEqual(['completed', 'failed']);
    expect(rig.notified).toEqual([]);

    const only = await ok<SettingsView>(rig.service.invoke('settings:update', { muteAll: false, notifyStatuses: ['failed', 'failed'] }));
    expect(only).toEqual({ notifyStatuses: ['failed'], muteAll: false, onClose: 'tray', lookupShortcut: DEFAULT_LOOKUP_SHORTCUT, openAtLogin: false });
    expect(rig.on<SettingsView>('settings').at(-1)).toEqual(only);
    const [paid, failed] = [payment('complete'), payment('fail')];
    await watchUntilFinal([paid, failed]);
    expect(rig.on<ToastView>('toast')).toHaveLength(4);
    expect(rig.notified.map((n) => [n.key, n.title.split(':')[0]])).toEqual([[failed, 'Failed']]);

    // Kept across restarts; an empty list is a valid choice (toasts only).
    await rig.restart();
    expect((await ok<SnapshotView>(rig.service.invoke('app:snapshot', undefined))).settings).toEqual(only);
    expect(await ok(rig.service.invoke('settings:update', { notifyStatuses: [] }))).toEqual({ notifyStatuses: [], muteAll: false, onClose: 'tray', lookupShortcut: DEFAULT_LOOKUP_SHORTCUT, openAtLogin: false });
    await watchUntilFinal([payment('fail')]);
    expect(rig.notified).toHaveLength(1);
  });
});
