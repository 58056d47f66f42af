/**
 * Main-to-renderer pushes: one typed send that skips a destroyed window (after close, during
 * reload), like GitHub Desktop's ipc-webcontents.ts, and the subscription that forwards the
 * service's events to the window.
 */
import { EVENT_CHANNELS, type EventChannel, type EventChannels } from '../shared/ipc.ts';

/** The parts of a BrowserWindow that sending touches. */
export interface WindowLike {
  isDestroyed(): boolean;
  webContents: { isDestroyed(): boolean; send(channel: string, ...args: unknown[]): void };
}

/** Sends one event to the window; false when there is no live window to send to. */
export function send<C extends EventChannel>(win: WindowLike | null | undefined, channel: C, payload: EventChannels[C]): boolean {
  if (!win || win.isDestroyed() || win.webContents.isDestroyed()) return false;
  win.webContents.send(channel, payload);
  return true;
}

/** What forwarding needs from the service. */
export interface EventSource {
  on<C extends EventChannel>(channel: C, listener: (payload: EventChannels[C]) => void): () => void;
}

/** Forwards every service event to the current window; returns the unsubscribe function. */
export function setupSend(service: EventSource, getWindow: () => WindowLike | null): () => void {
  const offs = EVENT_CHANNELS.map((channel) => service.on(channel, (payload) => send(getWindow(), channel, payload as never)));
  return () => {
    for (const off of offs) off();
  };
}
