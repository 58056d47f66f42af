/**
 * The tray icon: how many payments are still pending (tooltip; title on macOS; badge where the
 * OS has one), and a menu to show the window, pause or resume polling, and quit.
 */
import type { MenuItemConstructorOptions } from 'electron';
import type { EventChannel, EventChannels, IpcResult } from '../shared/ipc.ts';

/** The parts of an Electron Tray used here. */
export interface TrayLike {
  setToolTip(text: string): void;
  setTitle?(title: string): void;
  setContextMenu(menu: never): void;
  on(event: 'click', listener: () => void): unknown;
  destroy(): void;
}

/** What the tray needs from the service. */
export interface TrayService {
  readonly monitorPaused: boolean;
  pendingCount(): number;
  invoke(channel: 'monitor:set-paused', arg: { paused: boolean }): Promise<IpcResult<unknown>>;
  on<C extends EventChannel>(channel: C, listener: (payload: EventChannels[C]) => void): () => void;
}

/** Tray dependencies: the tray, the menu builder, the app's badge and lifecycle. */
export interface TrayDeps {
  tray: TrayLike;
  buildMenu(template: MenuItemConstructorOptions[]): unknown;
  /** app.setBadgeCount (macOS dock, Linux Unity launchers); absent where unsupported. */
  setBadgeCount?(count: number): boolean;
  showWindow(): void;
  quit(): void;
  platform: NodeJS.Platform;
  /** Longest the count may lag behind, in ms (default 1 s): deltas can come ten times a second. */
  throttleMs?: number;
}

/** The tray menu for the current state. */
export function trayMenuTemplate(
  state: { paused: boolean; pending: number },
  actions: { show(): void; setPaused(paused: boolean): void; quit(): void },
): MenuItemConstructorOptions[] {
  return [
    { label: 'Show Paymon', click: () => actions.show() },
    { label: state.pending === 1 ? '1 payment pending' : `${state.pending} payments pending`, enabled: false },
    { type: 'separator' },
    state.paused
      ? { label: 'Resume polling', click: () => actions.setPaused(false) }
      : { label: 'Pause polling', click: () => actions.setPaused(true) },
    { type: 'separator' },
    { label: 'Quit Paymon', click: () => actions.quit() },
  ];
}

/** Keeps the tray's count and menu current; returns update() and dispose(). */
export function setupTray(service: TrayService, deps: TrayDeps): { update(): void; dispose(): void } {
  const { tray } = deps;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const actions = {
    show: deps.showWindow,
    setPaused: (paused: boolean) => void service.invoke('monitor:set-paused', { paused }),
    quit: deps.quit,
  };
  const update = (): void => {
    if (timer) clearTimeout(timer);
    timer = null;
    const pending = service.pendingCount();
    const paused = service.monitorPaused;
    tray.setToolTip(paused ? `Paymon: ${pending} pending, polling paused` : `Paymon: ${pending} pending`);
    // Only macOS shows a title beside the icon; elsewhere setTitle is a no-op or absent.
    if (deps.platform === 'darwin') tray.setTitle?.(pending > 0 ? String(pending) : '');
    deps.setBadgeCount?.(pending);
    tray.setContextMenu(deps.buildMenu(trayMenuTemplate({ paused, pending }, actions)) as never);
  };
  const soon = (): void => {
    timer ??= setTimeout(update, deps.throttleMs ?? 1_000);
  };
  tray.on('click', deps.showWindow);
  const offs = [service.on('watch:delta', soon), service.on('monitor:paused', update)];
  update();
  return {
    update,
    dispose: () => {
      for (const off of offs) off();
      if (timer) clearTimeout(timer);
      tray.destroy();
    },
  };
}
