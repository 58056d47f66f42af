/** The lookup shortcut and start-at-login settings (issue 13): saved, pushed, kept across restarts, checked at the edge; main's problems reach the system view. */
import { afterEach, describe, expect, it } from 'vitest';
import type { SettingsView, SnapshotView, SystemView } from '../../../src/shared/ipc.ts';
import { DEFAULT_LOOKUP_SHORTCUT } from '../../../src/shared/shortcut.ts';
import { startServiceRig, type ServiceRig } from './service-rig.ts';

let rig: ServiceRig;
afterEach(() => rig?.close());

async function settings(): Promise<SettingsView> {
  const snap = await rig.service.invoke('app:snapshot', undefined);
  return (snap as { value: SnapshotView }).value.settings;
}

describe('the lookup shortcut setting', () => {
  it('defaults to a rare chord, is saved in canonical form, pushed, and kept across a restart', async () => {
    rig = await startServiceRig();
    expect((await settings()).lookupShortcut).toBe(DEFAULT_LOOKUP_SHORTCUT);
    expect(await rig.service.invoke('settings:update', { lookupShortcut: ' ctrl + alt + k ' })).toMatchObject({ ok: true, value: { lookupShortcut: 'Control+Alt+K' } });
    expect(rig.on<SettingsView>('settings').at(-1)?.lookupShortcut).toBe('Control+Alt+K');
    await rig.restart();
    expect((await settings()).lookupShortcut).toBe('Control+Alt+K');
  });

  it('removed (null or empty) stays removed across a restart, not back to the default', async () => {
    rig = await startServiceRig();
    expect(await rig.service.invoke('settings:update', { lookupShortcut: '' })).toMatchObject({ ok: true, value: { lookupShortcut: null } });
    await rig.restart();
    expect((await settings()).lookupShortcut).toBeNull();
    await rig.service.invoke('settings:update', { lookupShortcut: 'Super+L' });
    await rig.service.invoke('settings:update', { lookupShortcut: null });
    await rig.restart();
    expect((await settings()).lookupShortcut).toBeNull();
  });

  it('refuses a chord that is not one, with the reason, and keeps the old one', async () => {
    rig = await startServiceRig();
    for (const bad of ['P', 'Control+Hyper+P', 'Control+Alt', 42, 'x'.repeat(101)]) {
      const result = await rig.service.invoke('settings:update', { lookupShortcut: bad });
      expect(result).toMatchObject({ ok: false, error: { kind: 'invalid_input' } });
    }
    const refused = await rig.service.invoke('settings:update', { lookupShortcut: 'Shift+P' });
    expect(refused).toMatchObject({ ok: false, error: { message: expect.stringMatching(/needs Control, Alt/) } });
    expect((await settings()).lookupShortcut).toBe(DEFAULT_LOOKUP_SHORTCUT);
    expect(rig.on('settings')).toEqual([]);
  });

  it('a stored chord the rule no longer accepts (an edited database) reads as the default', async () => {
    rig = await startServiceRig();
    rig.store.setSetting('lookupShortcut', 'Shift+P');
    await rig.restart();
    expect((await settings()).lookupShortcut).toBe(DEFAULT_LOOKUP_SHORTCUT);
  });
});

describe('start at login', () => {
  it('is off by default, saved and kept across a restart', async () => {
    rig = await startServiceRig();
    expect((await settings()).openAtLogin).toBe(false);
    await rig.service.invoke('settings:update', { openAtLogin: true });
    await rig.restart();
    expect((await settings()).openAtLogin).toBe(true);
    expect(await rig.service.invoke('settings:update', { openAtLogin: 'yes' })).toMatchObject({ ok: false, error: { kind: 'invalid_input' } });
  });
});

describe("main's desktop-integration report", () => {
  it('puts a shortcut clash and a login-item failure in the system view, once per change, and clears each alone', async () => {
    rig = await startServiceRig();
    rig.service.desktopIntegration({ shortcutProblem: 'Control+Alt+K is taken by another app.' });
    rig.service.desktopIntegration({ shortcutProblem: 'Control+Alt+K is taken by another app.' });
    rig.service.desktopIntegration({ loginItemProblem: 'No autostart folder.' });
    rig.service.desktopIntegration({ shortcutProblem: null });
    const seen = rig.on<SystemView>('system').map((s) => [s.shortcutProblem, s.loginItemProblem]);
    expect(seen).toEqual([
      ['Control+Alt+K is taken by another app.', null],
      ['Control+Alt+K is taken by another app.', 'No autostart folder.'],
      [null, 'No autostart folder.'],
    ]);
    const snap = (await rig.service.invoke('app:snapshot', undefined)) as { value: SnapshotView };
    expect(snap.value).toMatchObject({ shortcutProblem: null, loginItemProblem: 'No autostart folder.' });
  });
});
