/**
 * The IPC contract: every channel between main and the renderer, with its request
 * and response types, in one place. Main registers handlers from it, the preload
 * exposes one function per channel from it, the renderer calls them through it.
 * Request schemas live in ./ipc-schemas.ts (zod), so the preload stays type-only.
 */
import type { ErrorInfo } from './errors.ts';
import type { Payment, PaymentEvent, Provider } from './payment.ts';
import type { PaymentRef } from './refs.ts';

/** A channel's answer: a value, or an error a person can read. Handlers never throw across IPC. */
export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: ErrorInfo };

/** One watched payment as the watchlist shows it. Times are ISO 8601. */
export interface WatchRowView {
  key: string;
  ref: PaymentRef;
  /** The last answer; null until the first successful check. */
  payment: Payment | null;
  status: string | null;
  final: boolean;
  account: string | null;
  addedAt: string;
  lastCheckedAt: string | null;
  /** When the next check is planned; null when not scheduled (final, paused, stopped). */
  nextCheckAt: string | null;
  lastError: ErrorInfo | null;
  paused: boolean;
  /** No desktop notification for this payment. */
  muted: boolean;
  /** Gave up: not found after retries, or a check that cannot succeed. */
  stopped: boolean;
}

/** One status change Paymon observed. */
export interface StatusChangeView {
  from: string | null;
  to: string;
  seenAt: string;
  providerAt: string | null;
}

/** Everything known about one payment, for the detail pane. */
export interface PaymentDetailView {
  row: WatchRowView;
  /** The provider's raw answer, as received (never contains keys). */
  raw: unknown;
  history: StatusChangeView[];
  events: PaymentEvent[];
}

/** Whether the provider accepted a key the last time it was checked. */
export type Verification = 'accepted' | 'rejected' | 'unverified';

/** An account (shop) as the renderer may see it: never the key. */
export interface AccountView {
  provider: Provider;
  account: string;
  hasKey: boolean;
  /** e.g. "c2c_live_…1c0b". */
  masked: string | null;
  verified: Verification;
  checkedAt: string | null;
  /** Where the key lives. */
  source: 'keychain' | 'session' | 'env';
  baseUrl: string | null;
  budgetPerMinute: number | null;
}

/** A problem with an account that blocks polling: a banner with what to do. */
export interface AccountProblemView {
  provider: Provider;
  account: string;
  error: ErrorInfo;
  /** For rate limits: when requests resume. */
  until: string | null;
}

/** What closing the window does: keep watching with the tray icon (when one is shown), or quit. */
export const CLOSE_ACTIONS = ['tray', 'quit'] as const;
export type CloseAction = (typeof CLOSE_ACTIONS)[number];

/** Notification and window preferences. */
export interface SettingsView {
  /** Final statuses that raise a desktop notification (default: every final status of both providers). */
  notifyStatuses: string[];
  /** No desktop notifications at all (in-app toasts still show). */
  muteAll: boolean;
  /** When the window is closed: keep watching in the tray (default), or quit. */
  onClose: CloseAction;
}

/** Desktop notifications the OS refused to show (Electron's 'failed' event): why, and what to do. */
export interface NotificationProblemView {
  /** The reason the OS gave, e.g. "Notifications are disabled for this app". */
  reason: string;
  /** How to turn them on, for this OS. */
  help: string;
}

/** What the app learns about this machine while it runs; pushed on 'system' whenever it changes. */
export interface SystemView {
  /** The keychain has not answered its start-up probe yet (a locked keyring can take seconds). */
  keychainPending: boolean;
  /** The keychain cannot be used: keys can be kept for this session only. */
  keychainProblem: ErrorInfo | null;
  /** Whether a tray icon is shown; null until main knows (and in the browser harness). */
  trayShown: boolean | null;
  /** Desktop notifications are failing; cleared when one is shown. */
  notificationProblem: NotificationProblemView | null;
}

/** What the renderer loads once at start-up; deltas follow. */
export interface SnapshotView extends SystemView {
  rows: WatchRowView[];
  accounts: AccountView[];
  problems: AccountProblemView[];
  monitorPaused: boolean;
  /** Demo mode: the built-in simulator with simulated payments and keys. */
  demo: boolean;
  settings: SettingsView;
}

/** A batch of watchlist changes (many engine events coalesced into one message). */
export interface WatchDelta {
  upserts: WatchRowView[];
  removes: string[];
}

/** A payment reached a final status: the in-app toast for the same event as the desktop notification. */
export interface ToastView {
  key: string;
  title: string;
  body: string;
  status: string;
  at: string;
}

/** What adding pasted text did. */
export interface AddResultView {
  added: string[];
  /** Already on the watchlist (refreshed). */
  existing: string[];
  /** Repeated in the pasted text. */
  duplicates: string[];
  /** Tokens that looked like IDs but are not valid ones. */
  invalid: string[];
  truncated: boolean;
}

/** Invoke channels: name -> [request, response]. */
export interface InvokeChannels {
  'app:snapshot': [void, SnapshotView];
  'watch:add': [{ text: string; orderIds?: string[] }, AddResultView];
  'watch:remove': [{ keys: string[] }, { removed: number; undoToken: string }];
  'watch:undo-remove': [{ undoToken: string }, { restored: number }];
  'watch:refresh': [{ keys: string[] }, void];
  'watch:set-paused': [{ keys: string[]; paused: boolean }, void];
  'watch:focus': [{ key: string | null }, void];
  'watch:detail': [{ key: string }, PaymentDetailView];
  'monitor:set-paused': [{ paused: boolean }, void];
  'keys:set': [{ provider: Provider; account: string; key: string; sessionOnly?: boolean }, AccountView];
  'keys:remove': [{ provider: Provider; account: string }, void];
  'keys:verify': [{ provider: Provider; account: string }, AccountView];
  'shell:open-external': [{ url: string }, void];
  'watch:set-muted': [{ keys: string[]; muted: boolean }, void];
  /** Advanced account settings: a base URL (https, loopback excepted) and a polling budget. */
  'accounts:update': [{ provider: Provider; account: string; baseUrl?: string | null; budgetPerMinute?: number | null }, AccountView];
  'settings:update': [Partial<SettingsView>, SettingsView];
  /** Starts demo mode: the in-process simulator, simulated keys and payments. Answers with a fresh snapshot. */
  'demo:start': [void, SnapshotView];
  /** Leaves demo mode, removing its payments and keys. Answers with a fresh snapshot. */
  'demo:stop': [void, SnapshotView];
}

/** Event channels main pushes to the renderer: name -> payload. */
export interface EventChannels {
  'watch:delta': WatchDelta;
  'toast': ToastView;
  'account:problems': AccountProblemView[];
  'accounts': AccountView[];
  'monitor:paused': boolean;
  /** A notification was clicked: open this payment. */
  'open-payment': { key: string };
  'settings': SettingsView;
  /** The keychain answered, the tray was probed, or notification delivery failed or recovered. */
  'system': SystemView;
}

export type InvokeChannel = keyof InvokeChannels;
export type EventChannel = keyof EventChannels;
export type RequestOf<C extends InvokeChannel> = InvokeChannels[C][0];
export type ResponseOf<C extends InvokeChannel> = InvokeChannels[C][1];

/** The API the preload exposes on `window.paymon`: one named function per channel. */
export interface PaymonApi {
  snapshot(): Promise<IpcResult<SnapshotView>>;
  addText(req: RequestOf<'watch:add'>): Promise<IpcResult<AddResultView>>;
  remove(req: RequestOf<'watch:remove'>): Promise<IpcResult<ResponseOf<'watch:remove'>>>;
  undoRemove(req: RequestOf<'watch:undo-remove'>): Promise<IpcResult<ResponseOf<'watch:undo-remove'>>>;
  refresh(req: RequestOf<'watch:refresh'>): Promise<IpcResult<void>>;
  setPaused(req: RequestOf<'watch:set-paused'>): Promise<IpcResult<void>>;
  focus(req: RequestOf<'watch:focus'>): Promise<IpcResult<void>>;
  detail(req: RequestOf<'watch:detail'>): Promise<IpcResult<PaymentDetailView>>;
  setMonitorPaused(req: RequestOf<'monitor:set-paused'>): Promise<IpcResult<void>>;
  setKey(req: RequestOf<'keys:set'>): Promise<IpcResult<AccountView>>;
  removeKey(req: RequestOf<'keys:remove'>): Promise<IpcResult<void>>;
  verifyKey(req: RequestOf<'keys:verify'>): Promise<IpcResult<AccountView>>;
  openExternal(req: RequestOf<'shell:open-external'>): Promise<IpcResult<void>>;
  setMuted(req: RequestOf<'watch:set-muted'>): Promise<IpcResult<void>>;
  updateAccount(req: RequestOf<'accounts:update'>): Promise<IpcResult<AccountView>>;
  updateSettings(req: RequestOf<'settings:update'>): Promise<IpcResult<SettingsView>>;
  startDemo(): Promise<IpcResult<SnapshotView>>;
  stopDemo(): Promise<IpcResult<SnapshotView>>;
  /** Subscribes to an event channel; returns the unsubscribe function. */
  on<C extends EventChannel>(channel: C, listener: (payload: EventChannels[C]) => void): () => void;
}

/** Which invoke channel each API method calls (the preload and the test harness share it). */
export const API_CHANNELS = {
  snapshot: 'app:snapshot',
  addText: 'watch:add',
  remove: 'watch:remove',
  undoRemove: 'watch:undo-remove',
  refresh: 'watch:refresh',
  setPaused: 'watch:set-paused',
  focus: 'watch:focus',
  detail: 'watch:detail',
  setMonitorPaused: 'monitor:set-paused',
  setKey: 'keys:set',
  removeKey: 'keys:remove',
  verifyKey: 'keys:verify',
  openExternal: 'shell:open-external',
  setMuted: 'watch:set-muted',
  updateAccount: 'accounts:update',
  updateSettings: 'settings:update',
  startDemo: 'demo:start',
  stopDemo: 'demo:stop',
} as const satisfies Record<Exclude<keyof PaymonApi, 'on'>, InvokeChannel>;

/** Event channels the preload lets the renderer subscribe to. */
export const EVENT_CHANNELS: readonly EventChannel[] = [
  'watch:delta',
  'toast',
  'account:problems',
  'accounts',
  'monitor:paused',
  'open-payment',
  'settings',
  'system',
];
