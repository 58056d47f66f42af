/**
 * The IPC contract: every channel between main and the renderer, with its request
 * and response types, in one place. Main registers handlers from it, the preload
 * exposes one function per channel from it, the renderer calls them through it.
 * Request schemas live in ./ipc-schemas.ts (zod), so the preload stays type-only.
 */
import type { AlertFilter, AlertView } from './alert-history.ts';
import type { AlertSettingsView } from './alert-rules.ts';
import type { TeamSettingsView, TeamTestView } from './team.ts';
import type { ErrorInfo } from './errors.ts';
import type { Payment, PaymentEvent, Provider } from './payment.ts';
import type { PaymentRef } from './refs.ts';
import type { SavedView, SavedViewsView } from './saved-views.ts';

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
  /** The user's note and tags (issue 13): local data, never sent to a provider. */
  note: string;
  tags: string[];
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
  /**
   * Deposits: the confirmations its network needs as Paymon knows it now — learned from answers
   * (`learned`), or the built-in first guess per chain; absent or null when not known.
   */
  requiredConfirmations?: { count: number; learned: boolean } | null;
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
  /** The global shortcut that looks up the clipboard's payment IDs (an Electron accelerator), or null for none (issue 13). */
  lookupShortcut: string | null;
  /** Start Paymon when the user logs in, in the tray without a window (issue 13). */
  openAtLogin: boolean;
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
  /** Why the lookup shortcut is not working (taken by another app, or the OS refused it); null when it works or is off. */
  shortcutProblem: string | null;
  /** Why starting at login could not be set up; null when it is or is off. */
  loginItemProblem: string | null;
  /** Polling stopped (paused by the user, offline, asleep): statuses are stale since then; null while polling. */
  stale: StaleView | null;
}

/** Since when, and why, no payment is being checked (issue 13). */
export interface StaleView {
  since: string;
  reason: 'paused' | 'offline' | 'asleep';
}

/** "While you were away" (issue 13): what the rechecks after sleep or offline found, told once. */
export interface AwaySummaryView {
  /** When polling stopped, and when the catch-up ended. */
  since: string;
  until: string;
  /** Payments checked again. */
  rechecked: number;
  /** Alerts gathered instead of shown one by one: a final status, a reopening. */
  reachedFinal: { key: string; title: string; body: string }[];
  /**
   * Other changes: a status that is not final and raised no alert, or a deposit that moved within
   * its status (`detail`: "deposit seen, 2 confirmations", "3 → 9 confirmations").
   */
  changed: { key: string; id: string; from: string | null; to: string; detail?: string }[];
  /** Keys still not final. */
  stillPending: string[];
  /** Of those, how many the catch-up did not reach in time (budget): they follow as usual. */
  notRechecked: number;
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
  /** Saved views and the one last chosen (issue 13). */
  views: SavedViewsView;
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

/** A short message for the window that is not about one payment (a refused paymon:// link, what a link added). */
export interface NoticeView {
  kind: 'info' | 'error';
  message: string;
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
  /** IDs outside their provider's usual shape (`pay_12`) held back, as the request asked (`unusual: 'hold'`). */
  held: string[];
  truncated: boolean;
}

/** What pasted text adds: its IDs, order IDs, and whether unusual IDs (`pay_12`) are added or held back. */
export interface AddRequest {
  text: string;
  orderIds?: string[];
  /** Default 'add': the CLI and links name IDs on purpose; the paste box holds them until confirmed. */
  unusual?: 'add' | 'hold';
}

/**
 * One invoke channel in the contract table: the name the preload API gives it, and its request and
 * response types (carried as types only; nothing of them exists at run time).
 */
export interface InvokeEntry<Req, Res, M extends string = string> {
  readonly method: M;
  readonly types?: [Req, Res];
}

/** One event channel in the contract table: its payload type (a type only). */
export interface EventEntry<P> {
  readonly payload?: P;
}

const invoke =
  <Req, Res>() =>
  <M extends string>(method: M): InvokeEntry<Req, Res, M> => ({ method });
const event = <P>(): EventEntry<P> => ({});

/**
 * THE contract table of invoke channels (issue 12): each channel once, with its API method and
 * its request and response types. InvokeChannels, PaymonApi and API_CHANNELS are derived from it;
 * ipc-schemas.ts must give each a schema and AppService each a handler (both checked by the compiler).
 */
export const INVOKE_TABLE = {
  'app:snapshot': invoke<void, SnapshotView>()('snapshot'),
  'watch:add': invoke<AddRequest, AddResultView>()('addText'),
  'watch:remove': invoke<{ keys: string[] }, { removed: number; undoToken: string }>()('remove'),
  'watch:undo-remove': invoke<{ undoToken: string }, { restored: number }>()('undoRemove'),
  'watch:refresh': invoke<{ keys: string[] }, void>()('refresh'),
  'watch:set-paused': invoke<{ keys: string[]; paused: boolean }, void>()('setPaused'),
  'watch:focus': invoke<{ key: string | null }, void>()('focus'),
  'watch:detail': invoke<{ key: string }, PaymentDetailView>()('detail'),
  'monitor:set-paused': invoke<{ paused: boolean }, void>()('setMonitorPaused'),
  'keys:set': invoke<{ provider: Provider; account: string; key: string; sessionOnly?: boolean }, AccountView>()('setKey'),
  'keys:remove': invoke<{ provider: Provider; account: string }, void>()('removeKey'),
  'keys:verify': invoke<{ provider: Provider; account: string }, AccountView>()('verifyKey'),
  'shell:open-external': invoke<{ url: string }, void>()('openExternal'),
  'watch:set-muted': invoke<{ keys: string[]; muted: boolean }, void>()('setMuted'),
  /** Sets a payment's note and tags (cleaned as src/shared/notes.ts says); answers with what was saved. */
  'watch:set-note': invoke<{ key: string; note: string; tags: string[] }, { note: string; tags: string[] }>()('setNote'),
  /** Advanced account settings: a base URL (https, loopback excepted) and a polling budget. */
  'accounts:update': invoke<
    { provider: Provider; account: string; baseUrl?: string | null; budgetPerMinute?: number | null },
    AccountView
  >()('updateAccount'),
  'settings:update': invoke<Partial<SettingsView>, SettingsView>()('updateSettings'),
  /** Saves a named view (replacing one of the same name) and makes it the current one. */
  'views:save': invoke<SavedView, SavedViewsView>()('saveView'),
  'views:remove': invoke<{ name: string }, SavedViewsView>()('removeView'),
  /** Chooses the view restored on the next start (null: all payments). */
  'views:select': invoke<{ name: string | null }, SavedViewsView>()('selectView'),
  /** Notification rules and quiet hours (issue 14). */
  'alerts:settings': invoke<void, AlertSettingsView>()('alertSettings'),
  'alerts:update-settings': invoke<Partial<AlertSettingsView>, AlertSettingsView>()('updateAlertSettings'),
  /** The alert history, newest first, filtered. */
  'alerts:history': invoke<AlertFilter, AlertView[]>()('alertHistory'),
  /** Starts demo mode: the in-process simulator, simulated keys and payments. Answers with a fresh snapshot. */
  'demo:start': invoke<void, SnapshotView>()('startDemo'),
  /** Leaves demo mode, removing its payments and keys. Answers with a fresh snapshot. */
  'demo:stop': invoke<void, SnapshotView>()('stopDemo'),
  /** The team database setting (issue 15), its URL masked. */
  'team:settings': invoke<void, TeamSettingsView>()('teamSettings'),
  /** Saves the team URL (to the keychain; null removes it) and the agent name (null: the default). */
  'team:update': invoke<{ url?: string | null; agent?: string | null }, TeamSettingsView>()('updateTeam'),
  /** Connects as `paymon team test` does: to `url` if given, else the saved or environment URL. */
  'team:test': invoke<{ url?: string; agent?: string }, TeamTestView>()('testTeam'),
} as const;

/** THE contract table of event channels main pushes to the renderer: name -> payload. */
export const EVENT_TABLE = {
  'watch:delta': event<WatchDelta>(),
  'toast': event<ToastView>(),
  'account:problems': event<AccountProblemView[]>(),
  'accounts': event<AccountView[]>(),
  'monitor:paused': event<boolean>(),
  /** A notification was clicked: open this payment. */
  'open-payment': event<{ key: string }>(),
  /** A grouped notification was clicked: show the alert history (issue 14). */
  'open-alerts': event<null>(),
  'settings': event<SettingsView>(),
  'alerts:settings': event<AlertSettingsView>(),
  /** An alert was recorded, or its decision or delivery changed: the history row as it is now. */
  'alerts:recorded': event<AlertView>(),
  /** The keychain answered, the tray was probed, or notification delivery failed or recovered. */
  'system': event<SystemView>(),
  /** Something the window should say once (a toast): a refused or followed paymon:// link. */
  'notice': event<NoticeView>(),
  /** One summary after a catch-up from sleep or offline, instead of a burst of toasts. */
  'away': event<AwaySummaryView>(),
} as const;

type InvokeTable = typeof INVOKE_TABLE;
type EventTable = typeof EVENT_TABLE;

/** Invoke channels: name -> [request, response] (derived from INVOKE_TABLE). */
export type InvokeChannels = { [C in keyof InvokeTable]: InvokeTable[C] extends InvokeEntry<infer Req, infer Res> ? [Req, Res] : never };

/** Event channels: name -> payload (derived from EVENT_TABLE). */
export type EventChannels = { [C in keyof EventTable]: EventTable[C] extends EventEntry<infer P> ? P : never };

export type InvokeChannel = keyof InvokeChannels;
export type EventChannel = keyof EventChannels;
export type RequestOf<C extends InvokeChannel> = InvokeChannels[C][0];
export type ResponseOf<C extends InvokeChannel> = InvokeChannels[C][1];

/** The API method name of each invoke channel. */
export type MethodOf<C extends InvokeChannel> = InvokeTable[C]['method'];

/** One listener per event channel: a table of these leaving a channel out is a type error. */
export type EventHandlers = { [C in EventChannel]: (payload: EventChannels[C]) => void };

/** The API the preload exposes on `window.paymon`: one named function per channel (derived from INVOKE_TABLE). */
export type PaymonApi = {
  [C in InvokeChannel as MethodOf<C>]: [RequestOf<C>] extends [void]
    ? () => Promise<IpcResult<ResponseOf<C>>>
    : (req: RequestOf<C>) => Promise<IpcResult<ResponseOf<C>>>;
} & {
  /** Subscribes to an event channel; returns the unsubscribe function. */
  on<C extends EventChannel>(channel: C, listener: (payload: EventChannels[C]) => void): () => void;
};

/** Which invoke channel each API method calls (the preload and the test harness share it). */
export const API_CHANNELS = Object.fromEntries(
  Object.entries(INVOKE_TABLE).map(([channel, entry]) => [entry.method, channel]),
) as { readonly [C in InvokeChannel as MethodOf<C>]: C };

/** Event channels the preload lets the renderer subscribe to, in the table's order. */
export const EVENT_CHANNELS: readonly EventChannel[] = Object.keys(EVENT_TABLE) as EventChannel[];
