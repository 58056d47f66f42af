/**
 * Sleep and connectivity: polling holds while the machine sleeps or is offline and catches up
 * (within each account's budget) when it is back, without touching the user's own pause.
 *
 * Offline detection polls Electron's net.isOnline() in main rather than listening to the
 * renderer's online/offline events: main owns the scheduler, it keeps working while the window
 * is closed to the tray, it needs no extra renderer-to-main channel (nothing to trust), and it is
 * the same Chromium network-change signal navigator.onLine reports. "Online" can be wrong
 * (a captive portal); requests then fail as `network` and back off as usual.
 *
 * Locking the screen does not pause polling: the machine still runs, and the user wants current
 * statuses (and the notifications waiting in the OS center) when they unlock.
 */

/** The parts of powerMonitor used here. */
export interface PowerMonitorLike {
  on(event: 'suspend' | 'resume', listener: () => void): unknown;
  removeListener(event: 'suspend' | 'resume', listener: () => void): unknown;
}

/** What power handling needs from the service. */
export interface HoldTarget {
  setHold(reason: string, held: boolean): void;
}

/** Dependencies: powerMonitor, net.isOnline, and how often to look at connectivity. */
export interface PowerDeps {
  powerMonitor: PowerMonitorLike;
  isOnline?: () => boolean;
  /** Connectivity check interval in ms (default 10 s). */
  pollMs?: number;
}

/** Wires sleep/wake and online/offline to the service's holds; returns the cleanup function. */
export function setupPower(service: HoldTarget, deps: PowerDeps): () => void {
  let offline = false;
  const checkOnline = (): void => {
    if (!deps.isOnline) return;
    const now = !deps.isOnline();
    if (now === offline) return;
    offline = now;
    service.setHold('offline', offline);
  };
  const onSuspend = (): void => service.setHold('suspend', true);
  const onResume = (): void => {
    // The network may come back later than the machine: look before releasing the hold.
    checkOnline();
    service.setHold('suspend', false);
  };
  deps.powerMonitor.on('suspend', onSuspend);
  deps.powerMonitor.on('resume', onResume);
  checkOnline();
  const timer = deps.isOnline ? setInterval(checkOnline, deps.pollMs ?? 10_000) : null;
  timer?.unref?.();
  return () => {
    deps.powerMonitor.removeListener('suspend', onSuspend);
    deps.powerMonitor.removeListener('resume', onResume);
    if (timer) clearInterval(timer);
  };
}
