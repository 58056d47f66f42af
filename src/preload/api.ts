/**
 * Builds `window.paymon` from an ipcRenderer-like object: one named function per invoke channel,
 * and `on` for the event channels only (STYLE.md "IPC: one contract"). No electron import, so the
 * renderer's browser test harness can build the same API over its own transport.
 */
import { API_CHANNELS, EVENT_CHANNELS, type EventChannel, type IpcResult, type PaymonApi } from '../shared/ipc.ts';

/** The parts of ipcRenderer the API uses. */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

type Invokers = Omit<PaymonApi, 'on'>;

/** Invokes `channel` with exactly one argument; a transport failure becomes a typed error, never a rejection. */
async function call(ipc: IpcRendererLike, channel: string, req: unknown): Promise<IpcResult<never>> {
  try {
    return (await (req === undefined ? ipc.invoke(channel) : ipc.invoke(channel, req))) as IpcResult<never>;
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    return { ok: false, error: { kind: 'internal', message: `Paymon's main process did not answer: ${message}` } };
  }
}

/** The API object exposed on `window.paymon`. */
export function createPaymonApi(ipc: IpcRendererLike): PaymonApi {
  const invokers = {} as Record<keyof Invokers, (req?: unknown) => Promise<IpcResult<never>>>;
  for (const [name, channel] of Object.entries(API_CHANNELS) as Array<[keyof Invokers, string]>) {
    // Only the first argument crosses: extra arguments a caller passes are dropped here.
    invokers[name] = (req?: unknown) => call(ipc, channel, req);
  }
  const on = (channel: EventChannel, listener: (payload: never) => void): (() => void) => {
    if (!EVENT_CHANNELS.includes(channel)) throw new TypeError(`paymon.on: unknown event channel "${String(channel).slice(0, 40)}"`);
    if (typeof listener !== 'function') throw new TypeError('paymon.on: the listener must be a function');
    // The IpcRendererEvent stays here: it carries `sender`, a handle back to ipcRenderer.
    const wrapped = (_event: unknown, payload: unknown): void => listener(payload as never);
    ipc.on(channel, wrapped);
    return () => {
      ipc.removeListener(channel, wrapped);
    };
  };
  return { ...(invokers as unknown as Invokers), on: on as PaymonApi['on'] };
}
