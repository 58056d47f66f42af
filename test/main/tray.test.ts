/** The tray: pending count, pause/resume through the service, show and quit. */
import { describe, expect, it, vi } from 'vitest';
import type { MenuItemConstructorOptions } from 'electron';
import { EventHub } from '../../src/core/app/events.ts';
import { setupTray, trayMenuTemplate, type TrayLike, type TrayService } from '../../src/main/tray.ts';

function fakes(platform: NodeJS.Platform = 'darwin') {
  const hub = new EventHub();
  const state = { paused: false, pending: 3 };
  const service: TrayService & { invoke: ReturnType<typeof vi.fn> } = {
    get monitorPaused() {
      return state.paused;
    },
    pendingCount: () => state.pending,
    invoke: vi.fn(async (_c: string, arg: { paused: boolean }) => {
      state.paused = arg.paused;
      hub.emit('monitor:paused', arg.paused);
      return { ok: true as const, value: undefined };
    }),
    on: (channel, listener) => hub.on(channel, listener),
  };
  const tray = { tooltip: '', title: '', menu: [] as MenuItemConstructorOptions[], destroyed: false, click: null as null | (() => void) };
  const trayLike: TrayLike = {
    setToolTip: (t) => void (tray.tooltip = t),
    setTitle: (t) => void (tray.title = t),
    setContextMenu: (m) => void (tray.menu = m as unknown as MenuItemConstructorOptions[]),
    on: (_e, l) => void (tray.click = l),
    destroy: () => void (tray.destroyed = true),
  };
  const deps = {
    tray: trayLike,
    buildMenu: (template: MenuItemConstructorOptions[]) => template,
    setBadgeCount: vi.fn(() => true),
    showWindow: vi.fn(),
    quit: vi.fn(),
    platform,
    throttleMs: 20,
  };
  const item = (label: RegExp) => tray.menu.find((i) => label.test(i.label ?? ''));
  const click = (label: RegExp) => (item(label)?.click as () => void)();
  return { hub, state, service, tray, deps, item, click };
}

describe('setupTray', () => {
  it('shows the pending count and pauses and resumes polling through the service', async () => {
    const f = fakes();
    const handle = setupTray(f.service, f.deps);
    expect(f.tray.tooltip).toBe('Paymon: 3 pending');
    expect(f.tray.title).toBe('3');
    expect(f.deps.setBadgeCount).toHaveBeenLastCalledWith(3);
    f.click(/^Pause polling$/);
    expect(f.service.invoke).toHaveBeenCalledWith('monitor:set-paused', { paused: true });
    await Promise.resolve();
    expect(f.tray.tooltip).toBe('Paymon: 3 pending, polling paused');
    expect(f.item(/^Pause polling$/)).toBeUndefined();
    f.click(/^Resume polling$/);
    expect(f.service.invoke).toHaveBeenLastCalledWith('monitor:set-paused', { paused: false });
    f.click(/^Show Paymon$/);
    f.tray.click?.();
    expect(f.deps.showWindow).toHaveBeenCalledTimes(2);
    f.click(/^Quit Paymon$/);
    expect(f.deps.quit).toHaveBeenCalledOnce();
    handle.dispose();
    expect(f.tray.destroyed).toBe(true);
  });

  it('follows watchlist deltas, at most once per throttle interval', async () => {
    const f = fakes('linux');
    setupTray(f.service, f.deps);
    f.state.pending = 0;
    for (let i = 0; i < 50; i++) f.hub.emit('watch:delta', { upserts: [], removes: [] });
    expect(f.tray.tooltip).toBe('Paymon: 3 pending');
    await new Promise((r) => setTimeout(r, 50));
    expect(f.tray.tooltip).toBe('Paymon: 0 pending');
    expect(f.tray.title).toBe('');
    expect(f.deps.setBadgeCount).toHaveBeenCalledTimes(2);
  });

  it('builds a menu with one pause-or-resume item', () => {
    const actions = { show: vi.fn(), setPaused: vi.fn(), quit: vi.fn() };
    const labels = (paused: boolean) => trayMenuTemplate({ paused, pending: 1 }, actions).map((i) => i.label ?? i.type);
    expect(labels(false)).toEqual(['Show Paymon', '1 payment pending', 'separator', 'Pause polling', 'separator', 'Quit Paymon']);
    expect(labels(true)).toContain('Resume polling');
  });
});
