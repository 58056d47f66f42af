/** The window-close preference (issue 10): saved with the other settings, kept across restarts, checked at the edge. */
import { afterEach, describe, expect, it } from 'vitest';
import type { SettingsView, SnapshotView, SystemView } from '../../../src/shared/ipc.ts';
import { startServiceRig, type ServiceRig } from './service-rig.ts';

describe('the close setting', () => {
  let rig: ServiceRig;
  afterEach(() => rig?.close());

  it('defaults to the tray, is saved, pushed and kept across a restart; unknown values are refused', async () => {
    rig = await startServiceRig();
    expect(rig.service.closeSetting).toBe('tray');
    const set = await rig.service.invoke('settings:update', { onClose: 'quit' });
    expect(set).toMatchObject({ ok: true, value: { onClose: 'quit' } });
    expect(rig.on<SettingsView>('settings').at(-1)?.onClose).toBe('quit');
    expect(await rig.service.invoke('settings:update', { onClose: 'minimize' })).toMatchObject({ ok: false, error: { kind: 'invalid_input' } });
    await rig.restart();
    expect(rig.service.closeSetting).toBe('quit');
    const snap = await rig.service.invoke('app:snapshot', undefined);
    expect((snap as { value: SnapshotView }).value.settings.onClose).toBe('quit');
  });

  it('tells the renderer whether a tray is shown, once per change', async () => {
    rig = await startServiceRig();
    const snap = await rig.service.invoke('app:snapshot', undefined);
    expect((snap as { value: SnapshotView }).value.trayShown).toBeNull();
    rig.service.setTrayShown(false);
    rig.service.setTrayShown(false);
    expect(rig.on<SystemView>('system').map((s) => s.trayShown)).toEqual([false]);
  });
});
