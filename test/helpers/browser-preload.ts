/**
 * The harness's preload, run in the page before the renderer (bundled by browser.ts and added with
 * page.addInitScript). It builds `window.paymon` with the app's own preload code
 * (src/preload/api.ts: one named function per API_CHANNELS entry, `on` for EVENT_CHANNELS only)
 * over a Playwright binding instead of ipcRenderer. Runs in the page: no Node here.
 */
import { createPaymonApi, type IpcRendererLike } from '../../src/preload/api.ts';

type IpcListener = (event: unknown, ...args: unknown[]) => void;

/** What the page shares with the harness. */
interface HarnessGlobals {
  /** Exposed with page.exposeBinding: calls the service's invoke in Node. */
  __paymonInvoke(channel: string, arg: unknown): Promise<unknown>;
  /** Called by the harness (page.evaluate) to deliver a pushed event. */
  __paymonEmit?: (channel: string, payload: unknown) => void;
}

const g = globalThis as unknown as HarnessGlobals;
const listeners = new Map<string, Set<IpcListener>>();

/** ipcRenderer's shape, over the binding; only the first argument crosses, as with Electron's invoke. */
const ipc: IpcRendererLike = {
  invoke: (channel, ...args) => g.__paymonInvoke(channel, args[0]),
  on(channel, listener) {
    let set = listeners.get(channel);
    if (!set) listeners.set(channel, (set = new Set()));
    set.add(listener);
  },
  removeListener(channel, listener) {
    listeners.get(channel)?.delete(listener);
  },
};

g.__paymonEmit = (channel, payload) => {
  for (const listener of [...(listeners.get(channel) ?? [])]) listener({ sender: null }, payload);
};

// contextBridge hands the renderer a frozen copy; do the same.
Object.defineProperty(globalThis, 'paymon', { value: Object.freeze(createPaymonApi(ipc)), enumerable: true });
