/**
 * Desktop notifications for payments that reached a final status (the service's onNotify). Each
 * Notification object is kept referenced until it is clicked, closed or failed: a garbage-collected
 * notification loses its click handler. A click brings the window up on that payment. A burst
 * (a batch of payments settling together) shows a few notifications and then one summary,
 * not a wall of popups; the in-app toasts still list every one.
 */
import type { NotifyRequest } from '../core/app/index.ts';

/** The parts of an Electron Notification used here. */
export interface NotificationLike {
  on(event: 'click' | 'close' | 'failed', listener: () => void): unknown;
  show(): void;
}

/** The Notification class, or a stand-in. */
export interface NotificationClass {
  isSupported(): boolean;
  new (options: { title: string; body: string; silent?: boolean; icon?: string }): NotificationLike;
}

/** What notifications need from the app. */
export interface NotificationDeps {
  Notification: NotificationClass;
  /** Shows and focuses the main window (creating it if needed). */
  showWindow(): void;
  /** Tells the renderer to open a payment ('open-payment'). */
  openPayment(key: string): void;
  icon?: string;
  /** Individual notifications per window before the rest are summed up (default 4 per 10 s). */
  burst?: { max: number; windowMs: number };
}

/** The running notifier. */
export interface Notifier {
  /** Notifications shown and not yet clicked or closed. */
  live(): number;
  dispose(): void;
}

/** Subscribes to the service's notification requests; a no-op where the OS has no notifications. */
export function setupNotifications(service: { onNotify(l: (n: NotifyRequest) => void): () => void }, deps: NotificationDeps): Notifier {
  const live = new Set<NotificationLike>();
  if (!deps.Notification.isSupported()) return { live: () => 0, dispose: () => undefined };
  const { max, windowMs } = deps.burst ?? { max: 4, windowMs: 10_000 };
  let shown = 0;
  let held = 0;
  let windowTimer: ReturnType<typeof setTimeout> | null = null;

  const show = (title: string, body: string, key: string | null): void => {
    const n = new deps.Notification({ title, body, ...(deps.icon ? { icon: deps.icon } : {}) });
    live.add(n);
    n.on('click', () => {
      live.delete(n);
      deps.showWindow();
      if (key !== null) deps.openPayment(key);
    });
    n.on('close', () => live.delete(n));
    n.on('failed', () => live.delete(n));
    n.show();
  };

  const endWindow = (): void => {
    windowTimer = null;
    if (held > 0) show(`${held} more payment${held === 1 ? '' : 's'} finished`, 'Open Paymon to see them.', null);
    shown = 0;
    held = 0;
  };

  const off = service.onNotify(({ key, title, body }) => {
    windowTimer ??= setTimeout(endWindow, windowMs);
    if (shown < max) {
      shown++;
      show(title, body, key);
    } else {
      held++;
    }
  });
  return {
    live: () => live.size,
    dispose: () => {
      off();
      if (windowTimer) clearTimeout(windowTimer);
      live.clear();
    },
  };
}
