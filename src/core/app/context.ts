/** What the service's handlers share: the core objects and the little state the app adds on top. */
import { PaymonError, type ErrorInfo } from '../../shared/errors.ts';
import type { AccountView, NotificationProblemView, SettingsView, StaleView } from '../../shared/ipc.ts';
import type { Provider } from '../../shared/payment.ts';
import type { Clock } from '../monitor/clock.ts';
import type { Engine } from '../monitor/engine.ts';
import type { ConfirmKeyHost } from '../secrets/key-hosts.ts';
import type { KeyAddress, SecretStore } from '../secrets/types.ts';
import type { PaymonStore } from '../store/index.ts';
import type { EventHub } from './events.ts';
import type { ProblemBoard } from './problems.ts';

/**
 * The engine seen as the watchlist's mutations: each one commits, then the engine emits it as an
 * event, the same stream its checks use (issue 12, "one path per change").
 */
export type WatchlistControl = Pick<Engine, 'add' | 'remove' | 'restore' | 'refresh' | 'setPaused' | 'setMuted' | 'setNote'>;

/** Mutable app state that is not in the store. */
export interface AppState {
  /** The user paused all polling (tray or window). */
  monitorPaused: boolean;
  /** The keychain cannot be used; keys go to the session store. */
  keychainProblem: ErrorInfo | null;
  /** The keychain's start-up probe has not answered yet; keychain calls wait for it. */
  keychainPending: boolean;
  /** Whether main shows a tray icon; null until it says. */
  trayShown: boolean | null;
  /** Desktop notifications are failing (main's report). */
  notificationProblem: NotificationProblemView | null;
  /** Why the clipboard lookup shortcut does not work (main's report), null when it does or is off. */
  shortcutProblem: string | null;
  /** Why starting at login could not be set up (main's report). */
  loginItemProblem: string | null;
  /** Since when no payment is checked, and why (null while polling). */
  stale: StaleView | null;
  /** The payment open in the detail pane. */
  focused: string | null;
  /** The last accounts list sent to the renderer. */
  accounts: AccountView[];
  /** Notification preferences (mirrored in the store's settings table). */
  settings: SettingsView;
  /** The demo account name while demo mode runs, else null. */
  demoAccount: string | null;
}

/** Everything a handler may use. */
export interface AppContext {
  store: PaymonStore;
  engine: Engine;
  clock: Clock;
  env: NodeJS.ProcessEnv;
  fetch: typeof globalThis.fetch | undefined;
  /** The OS keychain, behind a gate that fails fast once it is known to be unavailable. */
  secrets: SecretStore;
  /** Keys kept in memory for this session only. */
  session: SecretStore;
  events: EventHub;
  /**
   * Every change a handler makes to the watchlist goes through here (the engine), which announces it
   * as an engine event; the service turns engine events into deltas in one place (handlers have no batcher).
   */
  watchlist: WatchlistControl;
  problems: ProblemBoard;
  state: AppState;
  openExternal: (url: string) => Promise<void>;
  verifyTimeoutMs: number;
  /** The base URL an account's requests go to: its own if set, else the provider's (validated). */
  baseUrlFor: (provider: Provider, account: string) => string;
  /** Asks the user (main's native dialog) before a key goes to a host it was not used with; one at a time. */
  confirmKeyHost: ConfirmKeyHost;
}

/**
 * The keychain, unless it is known to be unavailable: then every call fails at once with that
 * problem instead of waiting on keytar's timeout again (a hung Secret Service costs 5 s a call).
 */
export class GatedStore implements SecretStore {
  readonly #inner: SecretStore;
  readonly #problem: () => ErrorInfo | null;
  readonly #ready: Promise<unknown>;

  /** `ready` settles when the keychain's start-up probe answered (and `problem` says its verdict). */
  constructor(inner: SecretStore, problem: () => ErrorInfo | null, ready: Promise<unknown> = Promise.resolve()) {
    this.#inner = inner;
    this.#problem = problem;
    this.#ready = ready;
  }

  async #check(): Promise<void> {
    // Until the probe answers, a call waits for it instead of stacking more calls on a locked keyring.
    await this.#ready;
    const problem = this.#problem();
    if (problem) throw new PaymonError('keychain_unavailable', problem.message);
  }

  async get(address: KeyAddress): Promise<string | null> {
    await this.#check();
    return this.#inner.get(address);
  }

  async set(address: KeyAddress, key: string): Promise<void> {
    await this.#check();
    return this.#inner.set(address, key);
  }

  async delete(address: KeyAddress): Promise<boolean> {
    await this.#check();
    return this.#inner.delete(address);
  }

  async list(): Promise<KeyAddress[]> {
    await this.#check();
    return this.#inner.list();
  }
}

/** Whether `err` says the keychain cannot be used. */
export function isKeychainUnavailable(err: unknown): err is PaymonError {
  return err instanceof PaymonError && err.kind === 'keychain_unavailable';
}
