/**
 * Desktop notifications for payments that reached a final status (the service's onNotify). Each
 * Notification object is kept referenced until it is clicked, closed or failed: a garbage-collected
 * notification loses its click handler. A click brings the window up on that payment. A burst
 * (a batch of payments settling together) shows a few notifications and then one summary,
 * not a wall of popups; the in-app toasts still list every one.
 *
 * A notification the OS refuses (Electron's 'failed': an unsigned macOS build, a Focus mode, no
 * notification daemon on Linux) is logged and reported to the service, which shows a banner saying
 * so and how to fix it; the next notification shown clears it (issue 10).
 */
import type { AppService } from '../core/app/index.ts';

/** The parts of an Electron Notification used here. */
export interface NotificationLike {
  on(event: 'click' | 'close' | 'show', listener: () => void): unknown;
  /** Electron passes the event and the OS's error text. */
  on(event: 'failed', listener: (event: unknown, error: string) => void): unknown;
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
  /** Tells the renderer to show the alert history ('open-alerts'): a grouped notification's click. */
  openAlerts?(): void;
  icon?: string;
  /** Individual notifications per window before the rest are summed up (default 4 per 10 s). */
  burst?: { max: number; windowMs: number };
  /** For the banner's how-to-fix (default process.platform). */
  platform?: NodeJS.Platform;
  /** Where failures are logged (default console.warn). */
  log?: (message: string) => void;
}

/** What notifications need from the service: the requests, and where delivery problems go. */
export type NotificationService = Pick<AppService, 'onNotify' | 'notificationDelivery' | 'alertDelivery'>;

/** The running notifier. */
export interface Notifier {
  /** Notifications shown and not yet clicked or closed. */
  live(): number;
  /** Shows one notification now, outside the burst limit (an answer the user asked for: the clipboard lookup). */
  show(title: string, body: string, key: string | null): void;
  dispose(): void;
}

/** Subscribes to the service's notification requests; a no-op where the OS has no notifications. */
export function setupNotifications(service: NotificationService, deps: NotificationDeps): Notifier {
  const live = new Set<NotificationLike>();
  if (!deps.Notification.isSupported()) return { live: () => 0, show: () => undefined, dispose: () => undefined };
  const { max, windowMs } = deps.burst ?? { max: 4, windowMs: 10_000 };
  const log = deps.log ?? ((message: string) => console.warn(message));
  let shown = 0;
  let held: number[] = [];
  let windowTimer: ReturnType<typeof setTimeout> | null = null;

  /** Shows one notification; its delivery is reported for alerts `ids` (the history's rows). */
  const show = (title: string, body: string, key: string | null, ids: readonly number[] = [], sound = false): void => {
    // Silent unless the deciding rule asked for a sound (issue 14: off by default).
    const n = new deps.Notification({ title, body, silent: !sound, ...(deps.icon ? { icon: deps.icon } : {}) });
    // A notification for several alerts (a burst, or the overflow summary) opens their list.
    const list = key === null && ids.length > 1;
    live.add(n);
    n.on('click', () => {
      live.delete(n);
      service.alertDelivery(ids, 'clicked');
      deps.showWindow();
      if (key !== null) deps.openPayment(key);
      else if (list) deps.openAlerts?.();
    });
    n.on('close', () => live.delete(n));
    n.on('show', () => {
      service.notificationDelivery({ shown: true });
      service.alertDelivery(ids, 'shown');
    });
    n.on('failed', (_event, error) => {
      live.delete(n);
      const reason = typeof error === 'string' ? error : String(error);
      service.alertDelivery(ids, 'failed', reason);
      // The payment key and the OS's text only: nothing here carries key material.
      log(`paymon: desktop notification${key === null ? '' : ` for ${key}`} was not delivered: ${reason.slice(0, 300)}`);
      service.notificationDelivery({ shown: false, reason, platform: deps.platform ?? process.platform });
    });
    n.show();
  };

  const endWindow = (): void => {
    windowTimer = null;
    if (held.length > 0) show(`${held.length} more payment${held.length === 1 ? '' : 's'} finished`, 'Open Paymon to see them.', null, held, false);
    shown = 0;
    held = [];
  };

  const off = service.onNotify(({ key, title, body, alertIds, sound }) => {
    windowTimer ??= setTimeout(endWindow, windowMs);
    if (shown < max) {
      shown++;
      show(title, body, key, alertIds, sound);
    } else {
      held.push(...alertIds);
    }
  });
  return {
    live: () => live.size,
    show,
    dispose: () => {
      off();
      if (windowTimer) clearTimeout(windowTimer);
      live.clear();
    },
  };
}
