/** A small typed event hub for the service's pushes (EventChannels of src/shared/ipc.ts). */
import type { EventChannel, EventChannels } from '../../shared/ipc.ts';

type Listener = (payload: never) => void;

/** Listeners per event channel; one throwing listener never stops the others or the service. */
export class EventHub {
  readonly #listeners = new Map<EventChannel, Set<Listener>>();

  /** Subscribes; returns the unsubscribe function. */
  on<C extends EventChannel>(channel: C, listener: (payload: EventChannels[C]) => void): () => void {
    let set = this.#listeners.get(channel);
    if (!set) {
      set = new Set();
      this.#listeners.set(channel, set);
    }
    const entry = listener as Listener;
    set.add(entry);
    return () => {
      set.delete(entry);
    };
  }

  /** Delivers `payload` to every listener of `channel`. */
  emit<C extends EventChannel>(channel: C, payload: EventChannels[C]): void {
    for (const listener of [...(this.#listeners.get(channel) ?? [])]) {
      try {
        (listener as (p: EventChannels[C]) => void)(payload);
      } catch {
        // A listener's bug (a destroyed window) is its own; the monitor keeps running.
      }
    }
  }

  /** Drops every listener. */
  clear(): void {
    this.#listeners.clear();
  }
}
