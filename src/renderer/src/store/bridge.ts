/**
 * The renderer's only link to main. On start it loads the snapshot once and subscribes to
 * every event channel, turning each message into one store action; the commands below are
 * how components ask main to do things. Components never touch `window.paymon` themselves.
 */
import type { ErrorInfo } from '../../../shared/errors.ts';
import type { EventChannel, EventChannels, IpcResult, PaymonApi, WatchDelta } from '../../../shared/ipc.ts';
import { EVENT_CHANNELS } from '../../../shared/ipc.ts';
import type { Provider } from '../../../shared/payment.ts';
import { useWatchStore, type WatchStore } from './watch-store.ts';

let api: PaymonApi | null = null;
let store: WatchStore = useWatchStore;

type Pending = { [C in EventChannel]: { channel: C; payload: EventChannels[C] } }[EventChannel];

/** Applies one event to the store. Each watch delta is one store update, however many rows it carries. */
function dispatch(event: Pending): void {
  const s = store.getState();
  switch (event.channel) {
    case 'watch:delta':
      s.applyDelta(event.payload);
      break;
    case 'toast':
      s.pushToast({ kind: 'final', toast: event.payload });
      break;
    case 'account:problems':
      s.setProblems(event.payload);
      break;
    case 'accounts':
      s.setAccounts(event.payload);
      break;
    case 'monitor:paused':
      s.setMonitorPaused(event.payload);
      break;
    case 'open-payment':
      void openPayment(event.payload.key);
      break;
  }
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
 * Connects the store to main: one `snapshot()` call, then every event channel. Events that
 * arrive while the snapshot is on its way are held and replayed after it, so none is lost.
 * Returns a function that unsubscribes everything.
 */
export function startBridge(paymon: PaymonApi = window.paymon, target: WatchStore = useWatchStore): () => void {
  api = paymon;
  store = target;
  let held: Pending[] | null = [];
  const offs = EVENT_CHANNELS.map((channel) =>
    paymon.on(channel, (payload: EventChannels[typeof channel]) => {
      const event = { channel, payload } as Pending;
      if (held) held.push(event);
      else dispatch(event);
    }),
  );
  void paymon
    .snapshot()
    .then((result) => {
      if (result.ok) store.getState().loadSnapshot(result.value);
      else store.getState().loadFailed(result.error);
    })
    .catch((err: unknown) => store.getState().loadFailed(unexpected(err)))
    .finally(() => {
      const replay = held ?? [];
      held = null;
      for (const event of replay) {
        dispatch(event.channel === 'watch:delta' ? { channel: 'watch:delta', payload: newerThanSnapshot(event.payload) } : event);
      }
    });
  return () => {
    for (const off of offs) off();
    if (api === paymon) api = null;
  };
}

function unexpected(err: unknown): ErrorInfo {
  return { kind: 'internal', message: `Paymon could not reach its background service: ${err instanceof Error ? err.message : String(err)}` };
}

/** Calls main; failures become an error toast (or are returned to the caller when `quiet`). */
async function call<T>(run: (paymon: PaymonApi) => Promise<IpcResult<T>>, quiet = false): Promise<IpcResult<T>> {
  let result: IpcResult<T>;
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

/** Adds everything found in pasted text (and any PayCrypt order IDs) to the watchlist. */
export async function addText(text: string, orderIds: string[], refusedOrderIds: string[] = []): Promise<boolean> {
  const s = store.getState();
  s.setAdding(true);
  const result = await call((p) => p.addText(orderIds.length > 0 ? { text, orderIds } : { text }));
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

/** Puts removed payments back. */
export async function undoRemove(undoToken: string, toastId: number): Promise<void> {
  store.getState().dismissToast(toastId);
  const result = await call((p) => p.undoRemove({ undoToken }));
  if (result.ok && result.value.restored === 0) {
    store.getState().pushToast({ kind: 'info', message: 'Nothing to restore: the undo has expired.' });
  }
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
  const result = await call((p) => p.setKey({ provider, account: 'default', key, sessionOnly: true }), true);
  if (!result.ok) return result.error;
  const s = store.getState();
  s.setAccounts([...s.accounts.filter((a) => a.provider !== provider || a.account !== 'default'), result.value]);
  s.pushToast({ kind: 'info', message: `${result.value.masked ?? 'Key'} will be used until Paymon quits.` });
  return null;
}

/** Opens a link in the user's browser (main checks it against its allow-list). */
export async function openExternal(url: string): Promise<void> {
  await call((p) => p.openExternal({ url }));
}
