/**
 * The account problems the renderer shows as banners: a rejected or missing key (until the
 * key changes or a lookup succeeds) and rate limits (until the time the provider gave).
 */
import type { ErrorInfo } from '../../shared/errors.ts';
import type { AccountProblemView, NotificationProblemView, SystemView } from '../../shared/ipc.ts';
import type { Provider } from '../../shared/payment.ts';
import type { Clock, TimerHandle } from '../monitor/clock.ts';
import type { AppState } from './context.ts';

/** The machine facts the renderer shows (keychain, tray, notification delivery), copied out of the state. */
export function systemView(state: AppState): SystemView {
  return {
    keychainPending: state.keychainPending,
    keychainProblem: state.keychainProblem,
    trayShown: state.trayShown,
    notificationProblem: state.notificationProblem ? { ...state.notificationProblem } : null,
    shortcutProblem: state.shortcutProblem,
    loginItemProblem: state.loginItemProblem,
    stale: state.stale ? { ...state.stale } : null,
  };
}

/** Where each OS lets the user turn Paymon's notifications back on. */
const NOTIFICATION_HELP: Partial<Record<NodeJS.Platform, string>> = {
  darwin:
    'Open System Settings › Notifications › Paymon and allow notifications, and check that no Focus mode silences them. A build that is not signed may not be allowed to notify at all.',
  win32: 'Open Settings › System › Notifications, turn notifications on for Paymon, and check that Do not disturb is off.',
  linux:
    'Paymon needs a notification service on the session bus (your desktop’s own, or one such as dunst or mako). Check that one runs, and that Do not disturb is off in the desktop’s notification settings.',
};

/** The banner for notifications the OS refused: its reason (trimmed, capped) and how to fix it on `platform`. */
export function notificationProblem(reason: string, platform: NodeJS.Platform): NotificationProblemView {
  // One line without a closing full stop: the banner puts the reason inside its own sentence.
  const clean = reason.replace(/\s+/g, ' ').trim().slice(0, 300).replace(/[.\s]+$/, '');
  return {
    reason: clean === '' ? 'the system gave no reason' : clean,
    help: NOTIFICATION_HELP[platform] ?? 'Check the system’s notification settings for Paymon.',
  };
}

/** The current problems, one per account, with change detection. */
export class ProblemBoard {
  readonly #clock: Clock;
  readonly #onChange: (list: AccountProblemView[]) => void;
  readonly #problems = new Map<string, AccountProblemView>();
  readonly #expiry = new Map<string, TimerHandle>();

  constructor(clock: Clock, onChange: (list: AccountProblemView[]) => void) {
    this.#clock = clock;
    this.#onChange = onChange;
  }

  /** The problems now, by provider then account. */
  list(): AccountProblemView[] {
    return [...this.#problems.values()].sort((a, b) => `${a.provider}:${a.account}`.localeCompare(`${b.provider}:${b.account}`));
  }

  /** Records a problem; announces it only if it differs from the one already shown. */
  set(provider: Provider, account: string, error: ErrorInfo, until: string | null): void {
    const id = `${provider}:${account}`;
    const next: AccountProblemView = { provider, account, error, until };
    if (JSON.stringify(this.#problems.get(id)) === JSON.stringify(next)) return;
    this.#problems.set(id, next);
    this.#expiry.get(id)?.cancel();
    this.#expiry.delete(id);
    const at = until === null ? NaN : Date.parse(until);
    if (Number.isFinite(at)) {
      // A rate limit ends by itself: drop the banner when the provider said requests resume.
      this.#expiry.set(id, this.#clock.setTimer(() => this.clear((p) => p === next), at - this.#clock.now()));
    }
    this.#onChange(this.list());
  }

  /** Removes the problems `match` picks; announces the new list if anything went. */
  clear(match: (p: AccountProblemView) => boolean): void {
    let changed = false;
    for (const [id, p] of this.#problems) {
      if (!match(p)) continue;
      this.#problems.delete(id);
      this.#expiry.get(id)?.cancel();
      this.#expiry.delete(id);
      changed = true;
    }
    if (changed) this.#onChange(this.list());
  }

  /** Cancels the expiry timers. */
  close(): void {
    for (const t of this.#expiry.values()) t.cancel();
    this.#expiry.clear();
  }
}
