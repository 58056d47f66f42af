/** Time as the monitor sees it: the system clock in the app, a virtual one in tests and benchmarks. */

/** A cancellable timer handle. */
export interface TimerHandle {
  cancel(): void;
}

/** Milliseconds since the epoch, and one-shot timers. */
export interface Clock {
  now(): number;
  setTimer(fn: () => void, delayMs: number): TimerHandle;
}

/** The real clock. */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimer(fn, delayMs) {
    const t = setTimeout(fn, Math.max(0, delayMs));
    return { cancel: () => clearTimeout(t) };
  },
};
