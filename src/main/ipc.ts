/**
 * IPC registration: one handler per invoke channel of the contract, each first checking that the
 * request comes from our own window's top frame showing our own page (checklist 17, "Validate
 * the sender of all IPC messages": https://www.electronjs.org/docs/latest/tutorial/security#17-validate-the-sender-of-all-ipc-messages),
 * then handing the untrusted argument to AppService.invoke, which parses it with zod.
 */
import type { IpcResult } from '../shared/ipc.ts';
import { API_CHANNELS, type InvokeChannel } from '../shared/ipc.ts';
import { isAppUrl, type RendererTarget } from './window.ts';

/** The parts of an IpcMainInvokeEvent the sender check reads. */
export interface SenderEvent {
  sender: unknown;
  senderFrame: { url: string; parent: unknown } | null;
}

/** The parts of ipcMain that registration uses (a recording stand-in in tests). */
export interface IpcMainLike {
  handle(channel: string, listener: (event: SenderEvent, arg: unknown) => Promise<unknown>): void;
  removeHandler(channel: string): void;
}

/** What IPC needs from the service. */
export interface InvokeTarget {
  invoke(channel: string, arg: unknown): Promise<IpcResult<unknown>>;
}

/** Every invoke channel of the contract. */
export const INVOKE_CHANNELS: readonly InvokeChannel[] = Object.values(API_CHANNELS);

/** The answer a foreign sender gets: a typed refusal, never an exception. */
export const REFUSED: IpcResult<never> = {
  ok: false,
  error: { kind: 'invalid_input', message: "Refused: this request did not come from Paymon's own window." },
};

/**
 * The trusted-sender predicate: the main window's webContents, its top frame (no iframes), showing
 * our renderer (the built index.html or the dev server). Modelled on GitHub Desktop's trusted-ipc-sender.ts.
 */
export function createTrustedSenderCheck(target: RendererTarget, mainContents: () => unknown): (event: SenderEvent) => boolean {
  return (event) => {
    try {
      const frame = event.senderFrame;
      // null: the frame navigated away or was destroyed after sending; we cannot vouch for it.
      if (!frame || frame.parent !== null) return false;
      if (!isAppUrl(frame.url, target)) return false;
      const main = mainContents();
      return main !== null && main !== undefined && event.sender === main;
    } catch {
      // Reading a disposed frame throws in Electron; a sender we cannot inspect is not trusted.
      return false;
    }
  };
}

/** Registers one channel: sender check first, then the service. */
function handleChannel(
  ipcMain: IpcMainLike,
  channel: InvokeChannel,
  target: InvokeTarget,
  isTrustedSender: (event: SenderEvent) => boolean,
  onRefused: (channel: InvokeChannel, event: SenderEvent) => void,
): void {
  ipcMain.handle(channel, async (event, arg) => {
    if (!isTrustedSender(event)) {
      onRefused(channel, event);
      return REFUSED;
    }
    return target.invoke(channel, arg);
  });
}

/** Registers every invoke channel; returns a function that removes them again. */
export function setupIpc(
  ipcMain: IpcMainLike,
  service: InvokeTarget,
  isTrustedSender: (event: SenderEvent) => boolean,
  onRefused: (channel: InvokeChannel, event: SenderEvent) => void = () => undefined,
): () => void {
  for (const channel of INVOKE_CHANNELS) handleChannel(ipcMain, channel, service, isTrustedSender, onRefused);
  return () => {
    for (const channel of INVOKE_CHANNELS) ipcMain.removeHandler(channel);
  };
}
