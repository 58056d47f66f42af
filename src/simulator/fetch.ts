/**
 * A `fetch` answered by a SimWorld in-process: no sockets, so provider clients
 * can run against the simulator in virtual time (benchmark) or in the app's demo mode.
 */
import type { SimWorld } from './world.ts';

/** How the in-process fetch waits out a `slow` fault; inject a virtual sleep for benchmarks. */
export interface SimFetchOptions {
  delay?: (ms: number) => Promise<void>;
}

function abortable<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/** A fetch for any origin whose path is a simulator route (e.g. `http://sim.invalid/paycrypt/payment/status`). */
export function createSimFetch(world: SimWorld, opts: SimFetchOptions = {}): typeof globalThis.fetch {
  const delay = opts.delay ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  return async (input, init) => {
    const request = new Request(input, init);
    // The caller's own signal: a Request's copy follows it only through a weak reference, which a
    // collection on a busy machine was seen to drop, so the abort never came.
    const signal = init?.signal ?? request.signal;
    signal.throwIfAborted();
    const url = new URL(request.url);
    const answer = world.handle({
      method: request.method,
      path: url.pathname,
      query: url.searchParams,
      authorization: request.headers.get('authorization'),
    });
    // Same shape as undici's error for a socket closed before any answer.
    if (answer.fault === 'drop') throw new TypeError('fetch failed', { cause: new Error('other side closed') });
    if (answer.fault === 'slow') await abortable(delay(answer.delayMs ?? 0), signal);
    return new Response(answer.body, { status: answer.status, headers: answer.headers });
  };
}
