/**
 * The renderer's only link to main. On start it loads the snapshot once and subscribes to
 * every event channel, turning each message into one store action; the commands below are
 * how components ask main to do things. Components never touch `window.paymon` themselves.
 */
import { DEFAULT_ACCOUNT } from '../../../shared/accounts.ts';
import type { ErrorInfo } from '../../../shared/errors.ts';
import type {
  AccountView,
  EventChannels,
  EventHandlers,
  IpcResult,
  PaymonApi,
  RequestOf,
  SettingsView,
  SnapshotView,
  WatchDelta,
} from '../../../shared/ipc.ts';
import { EVENT_CHANNELS } from '../../../shared/ipc.ts';
import type { Provider } from '../../../shared/payment.ts';
import { findView, type SavedViewsView } from '../../../shared/saved-views.ts';
import { currentView } from './ui-slice.ts';
import { useWatchStore, type PendingEvent as Pending, type WatchStore } from './watch-store.ts';

/**
 * The store the bridge serves (the app's, or a test's given to startBridge). Everything else the
 * bridge keeps — the API and the held events — lives in that store's `link`.
 */
let store: WatchStore = useWatchStore;

/** One store action per event channel; leaving a channel out is a type error (EventHandlers). */
function handlers(target: WatchStore): EventHandlers {
  const s = () => target.getState();
  return {
    // Each watch delta is one store update, however many rows it carries.
    'watch:delta': (delta) => s().applyDelta(delta),
    'toast': (toast) => void s().pushToast({ kind: 'final', toast }),
    'account:problems': (problems) => s().setProblems(problems),
    'accounts': (accounts) => s().setAccounts(accounts),
    'monitor:paused': (paused) => s().setMonitorPaused(paused),
    'open-payment': ({ key }) => void openPayment(key),
    'settings': (settings) => s().setSettings(settings),
    'system': (system) => s().setSystem(system),
    'notice': (notice) => void s().pushToast({ kind: notice.kind, message: notice.message }),
    'away': (summary) => s().setAway(summary),
    'alerts:settings': (settings) => s().setAlertSettings(settings),
    'alerts:recorded': (alert) => s().recordAlert(alert),
    'open-alerts': () => void (window.location.hash = '#alerts'),
  };
}

/** Applies one event to the store. */
function dispatch(event: Pending): void {
  (handlers(store)[event.channel] as (payload: unknown) => void)(event.payload);
}

/** Drops rows in a delta that are older than what the snapshot already holds. */
function newerThanSnapshot(delta: WatchDelta): WatchDelta {
  const rows = store.getState().rows;
  const upserts = delta.upserts.filter((r) => {
    const known = rows.get(r.key)?.lastCheckedAt;
    return !known || !r.lastCheckedAt || r.lastCheckedAt >= known;
  });
  return { upserts, removes: delta.removes };
}

/**
 * Loads a snapshot into the store. Events that arrive while it is on its way are held and
 * replayed after it (rows older than the snapshot skipped), so none is lost or applied twice.
 */
async function loadFrom(request: Promise<IpcResult<SnapshotView>>): Promise<IpcResult<SnapshotView>> {
  const link = store.getState().link;
  link.held ??= [];
  let result: IpcResult<SnapshotView>;
  try {
    result = await request;
  } catch (err) {
    result = { ok: false, error: unexpected(err) };
  }
  if (result.ok) store.getState().loadSnapshot(result.value);
  const replay = link.held ?? [];
  link.held = null;
  for (const event of replay) {
    dispatch(event.channel === 'watch:delta' ? { channel: 'watch:delta', payload: newerThanSnapshot(event.payload) } : event);
  }
  return result;
}

/**
 * Connects the store to main: one `snapshot()` call, then every event channel (held until the
 * snapshot lands). Returns a function that unsubscribes everything.
 */
export function startBridge(paymon: PaymonApi = window.paymon, target: WatchStore = useWatchStore): () => void {
  const link = target.getState().link;
  link.api = paymon;
  store = target;
  link.held = [];
  const offs = EVENT_CHANNELS.map((channel) =>
    paymon.on(channel, (payload: EventChannels[typeof channel]) => {
      const event = { channel, payload } as Pending;
      if (link.held) link.held.push(event);
      else dispatch(event);
    }),
  );
  void loadFrom(paymon.snapshot()).then((result) => {
    if (!result.ok) target.getState().loadFailed(result.error);
  });
  return () => {
    for (const off of offs) off();
    if (link.api === paymon) link.api = null;
  };
}

function unexpected(err: unknown): ErrorInfo {
  return { kind: 'internal', message: `Paymon could not reach its background service: ${err instanceof Error ? err.message : String(err)}` };
}

/** Calls main; failures become an error toast (or are returned to the caller when `quiet`). */
async function call<T>(run: (paymon: PaymonApi) => Promise<IpcResult<T>>, quiet = false): Promise<IpcResult<T>> {
  let result: IpcResult<T>;
  const api = store.getState().link.api;
  if (!api) result = { ok: false, error: { kind: 'internal', message: 'Paymon is not connected to its background service.' } };
  else {
    try {
      result = await run(api);
    } catch (err) {
      result = { ok: false, error: unexpected(err) };
    }
  }
  if (!result.ok && !quiet) store.getState().pushToast({ kind: 'error', message: result.error.message });
  return result;
}

/** Adds everything found in pasted text (and any PayCrypt order IDs) to the watchlist; unusual IDs (`pay_12`) only when told to. */
export async function addText(text: string, orderIds: string[], refusedOrderIds: string[] = [], unusual: 'add' | 'hold' = 'hold'): Promise<boolean> {
  const s = store.getState();
  s.setAdding(true);
  const result = await call((p) => p.addText(orderIds.length > 0 ? { text, orderIds, unusual } : { text, unusual }));
  s.setAdding(false);
  if (result.ok) s.setAddReport({ result: result.value, refusedOrderIds });
  return result.ok;
}

/** Removes payments from the watchlist, offering an undo. */
export async function removePayments(keys: string[]): Promise<void> {
  if (keys.length === 0) return;
  const result = await call((p) => p.remove({ keys }));
  if (!result.ok) return;
  const s = store.getState();
  // Main's delta will say the same; applying it now keeps the click snappy.
  s.applyDelta({ upserts: [], removes: keys });
  const n = result.value.removed;
  s.pushToast({ kind: 'undo', message: `Removed ${n} payment${n === 1 ? '' : 's'}.`, undoToken: result.value.undoToken });
}

/** Undoes the newest removal still on offer (Ctrl/Cmd+Z); false when there is none. */
export function undoLastRemove(): boolean {
  const last = store.getState().toasts.findLast((t) => t.kind === 'undo');
  if (last?.kind !== 'undo') return false;
  void undoRemove(last.undoToken, last.id);
  return true;
}

/** Puts removed payments back. */
export async function undoRemove(undoToken: string, toastId: number): Promise<void> {
  store.getState().dismissToast(toastId);
  const result = await call((p) => p.undoRemove({ undoToken }));
  if (!result.ok) return;
  const n = result.value.restored;
  // The toast region is a live region: this is also what a screen reader hears after Ctrl/Cmd+Z.
  store.getState().pushToast({
    kind: 'info',
    message: n === 0 ? 'Nothing to restore: the undo has expired.' : `Restored ${n} payment${n === 1 ? '' : 's'}.`,
  });
}

/** Asks for an immediate check of these payments. */
export async function refreshPayments(keys: string[]): Promise<void> {
  if (keys.length > 0) await call((p) => p.refresh({ keys }));
}

/** Pauses or resumes checking these payments. */
export async function setPaymentsPaused(keys: string[], paused: boolean): Promise<void> {
  if (keys.length > 0) await call((p) => p.setPaused({ keys, paused }));
}

/** Pauses or resumes all polling. */
export async function setMonitorPaused(paused: boolean): Promise<void> {
  const result = await call((p) => p.setMonitorPaused({ paused }));
  if (result.ok) store.getState().setMonitorPaused(paused);
}

/** Opens a payment from outside the table (toast, notification): selects it and scrolls to it. */
export async function openPayment(key: string): Promise<void> {
  store.getState().openPayment(key, { reveal: true });
  await focusInMain(key);
}

/** Opens a payment chosen in the table (already in view). The detail pane loads its data. */
export async function showPayment(key: string): Promise<void> {
  if (store.getState().focusedKey !== key) store.getState().openPayment(key);
  await focusInMain(key);
}

/** Tells main which payment is open, so it is watched more closely. */
async function focusInMain(key: string): Promise<void> {
  if (store.getState().focusedKey === key) await call((p) => p.focus({ key }), true);
}

/** (Re)loads the detail pane's payment. */
export async function loadDetail(key: string): Promise<void> {
  const result = await call((p) => p.detail({ key }), true);
  if (store.getState().focusedKey !== key) return;
  if (result.ok) store.getState().setDetail(result.value);
  else store.getState().setDetail(null, result.error);
}

/** Closes the detail pane. */
export function closePayment(): void {
  store.getState().closeDetail();
  void call((p) => p.focus({ key: null }), true);
}

/** Stores a key for this session only (when the keychain cannot be used). Returns the error, if any. */
export async function setSessionKey(provider: Provider, key: string): Promise<ErrorInfo | null> {
  const result = await call((p) => p.setKey({ provider, account: DEFAULT_ACCOUNT, key, sessionOnly: true }), true);
  if (!result.ok) return result.error;
  store.getState().putAccount(result.value);
  store.getState().pushToast({ kind: 'info', message: `${result.value.masked ?? 'Key'} will be used until Paymon quits.` });
  return null;
}

/** Saves (adds or replaces) an account's key; main verifies it. Returns the account or the error. */
export async function saveKey(provider: Provider, account: string, key: string): Promise<IpcResult<AccountView>> {
  const result = await call((p) => p.setKey({ provider, account, key }), true);
  if (result.ok) store.getState().putAccount(result.value);
  return result;
}

/** Removes an account's key (and its settings). */
export async function removeKey(provider: Provider, account: string): Promise<boolean> {
  const result = await call((p) => p.removeKey({ provider, account }));
  if (result.ok) {
    const s = store.getState();
    s.setAccounts(s.accounts.filter((a) => a.provider !== provider || a.account !== account));
  }
  return result.ok;
}

/** Asks the provider whether an account's key is still accepted. */
export async function verifyKey(provider: Provider, account: string): Promise<IpcResult<AccountView>> {
  const result = await call((p) => p.verifyKey({ provider, account }), true);
  if (result.ok) store.getState().putAccount(result.value);
  return result;
}

/** Changes an account's base URL or polling budget (null: back to the default). */
export async function updateAccount(req: RequestOf<'accounts:update'>): Promise<IpcResult<AccountView>> {
  const result = await call((p) => p.updateAccount(req), true);
  if (result.ok) store.getState().putAccount(result.value);
  return result;
}

/** Changes notification preferences. */
export async function updateSettings(change: Partial<SettingsView>): Promise<void> {
  const result = await call((p) => p.updateSettings(change));
  if (result.ok) store.getState().setSettings(result.value);
}

/** Sets the clipboard lookup shortcut (null or empty: none); answers main's reason when it refused the chord, shown by the field. */
export async function setLookupShortcut(shortcut: string | null): Promise<string | null> {
  const result = await call((p) => p.updateSettings({ lookupShortcut: shortcut }), true);
  if (!result.ok) return result.error.message;
  store.getState().setSettings(result.value);
  return null;
}

/** Loads the notification rules and quiet hours (the settings screen). */
export async function loadAlertSettings(): Promise<void> {
  const result = await call((p) => p.alertSettings());
  if (result.ok) store.getState().setAlertSettings(result.value);
}

/** Saves rules or quiet hours; the error (a rule main refused) is returned for the form to show. */
export async function updateAlertSettings(change: RequestOf<'alerts:update-settings'>): Promise<ErrorInfo | null> {
  const result = await call((p) => p.updateAlertSettings(change), true);
  if (!result.ok) return result.error;
  store.getState().setAlertSettings(result.value);
  return null;
}

/** Loads the alert history (newest first); the list filters it in view. */
export async function loadAlertHistory(): Promise<void> {
  const result = await call((p) => p.alertHistory({}));
  if (result.ok) store.getState().setAlertHistory(result.value);
}

/** Turns desktop notifications of these payments off or on. */
export async function setPaymentsMuted(keys: string[], muted: boolean): Promise<void> {
  if (keys.length === 0) return;
  const result = await call((p) => p.setMuted({ keys, muted }));
  if (!result.ok) return;
  // Main's delta says the same shortly; apply it now so the button answers at once.
  const rows = store.getState().rows;
  const upserts = keys.flatMap((k) => {
    const row = rows.get(k);
    return row ? [{ ...row, muted }] : [];
  });
  store.getState().applyDelta({ upserts, removes: [] });
}

/** Enters demo mode: the store is replaced by main's demo snapshot. */
export async function startDemo(): Promise<void> {
  const api = store.getState().link.api;
  if (!api) return;
  const result = await loadFrom(api.startDemo());
  if (!result.ok) store.getState().pushToast({ kind: 'error', message: result.error.message });
}

/** Leaves demo mode: the store is replaced by main's snapshot without the demo's payments and keys. */
export async function stopDemo(): Promise<void> {
  const api = store.getState().link.api;
  if (!api) return;
  const result = await loadFrom(api.stopDemo());
  // The demo's toasts (and undo offers) are about payments that are gone now.
  if (result.ok) store.getState().clearToasts();
  else store.getState().pushToast({ kind: 'error', message: result.error.message });
}

/** Opens a link in the user's browser (main checks it against its allow-list). */
export async function openExternal(url: string): Promise<void> {
  await call((p) => p.openExternal({ url }));
}

/** Saves the current filters, search and sort as the view `name`; its error comes back for the name field. */
export async function saveCurrentView(name: string): Promise<IpcResult<SavedViewsView>> {
  const result = await call((p) => p.saveView(currentView(store.getState(), name.trim())), true);
  if (result.ok) store.getState().setViews(result.value);
  return result;
}

/** Shows the saved view `name` (null: all payments) and remembers it for the next start. */
export async function selectView(name: string | null): Promise<void> {
  const s = store.getState();
  // Shown at once; main only remembers the choice.
  s.applyView(findView(s.views.views, name));
  s.setViews({ ...s.views, current: name === null ? null : (findView(s.views.views, name)?.name ?? null) });
  const result = await call((p) => p.selectView({ name }));
  if (result.ok) store.getState().setViews(result.value);
}

/** Deletes the saved view `name`; what it shows stays until another view is chosen. */
export async function removeView(name: string): Promise<void> {
  const result = await call((p) => p.removeView({ name }));
  if (result.ok) store.getState().setViews(result.value);
}

/** Saves a payment's note and tags (local only); the error comes back for the form. */
export async function saveNote(key: string, note: string, tags: string[]): Promise<IpcResult<{ note: string; tags: string[] }>> {
  const result = await call((p) => p.setNote({ key, note, tags }), true);
  if (result.ok) {
    // Main's delta says the same shortly; the table and search have it at once.
    const row = store.getState().rows.get(key);
    if (row) store.getState().applyDelta({ upserts: [{ ...row, ...result.value }], removes: [] });
  }
  return result;
}

/** The team database setting (issue 15); failures are returned for the section to show, not toasted. */
export const team = {
  settings: () => call((p) => p.teamSettings(), true),
  update: (req: RequestOf<'team:update'>) => call((p) => p.updateTeam(req), true),
  test: (req: RequestOf<'team:test'>) => call((p) => p.testTeam(req), true),
};
