/**
 * The soak's network: the simulator's in-process fetch with slow answers waiting on the virtual
 * clock (so a latency spike really holds a request while time moves on), a log of every request
 * at the moment it was sent, and a wait for "nothing left to do at this instant" that does not
 * deadlock on a request sleeping until a later virtual time.
 */
import { PaymentLookup } from '../src/core/lookup.ts';
import { settle, type VirtualClock } from '../src/core/monitor/virtual-clock.ts';
import { MemoryStore } from '../src/core/secrets/memory-store.ts';
import type { Provider } from '../src/shared/payment.ts';
import { createSimFetch } from '../src/simulator/fetch.ts';
import type { SimWorld } from '../src/simulator/world.ts';
import { simLookupEnv } from './sim-env.ts';

/** One 200 answer as the app was handed it: what the provider said of the payment, and when. */
export interface SoakAnswer {
  at: number;
  status: string;
  /** A deposit's transaction is in the answer (PayCrypt). */
  tx: boolean;
  confirmations: number;
}

/** The payment id a request asks about: the last segment of its path, else any query value. */
function idOf(url: URL): string {
  return [...url.searchParams.values()].at(-1) ?? url.pathname.split('/').at(-1) ?? '';
}

/** The payment object in a 200 body: the body itself, or the first nested object with a status. */
function paymentOf(body: unknown): Record<string, unknown> | null {
  if (typeof body !== 'object' || body === null) return null;
  const o = body as Record<string, unknown>;
  if (typeof o['status'] === 'string') return o;
  for (const v of Object.values(o)) {
    const inner = typeof v === 'object' && v !== null && !Array.isArray(v) ? paymentOf(v) : null;
    if (inner) return inner;
  }
  return null;
}

/** Requests as the simulated providers received them. */
export interface SoakNet {
  lookup: PaymentLookup;
  /** The logged in-process fetch itself, for a service that builds its own lookup. */
  fetch: typeof globalThis.fetch;
  /** Send times per provider (one account each), in order. */
  sentAt: Record<Provider, number[]>;
  /** Answers by HTTP status; 0 for a dropped connection. */
  byStatus: Map<number, number>;
  /** The 200 answers per requested payment id, in the order they reached the app (the watch alerts' truth). */
  answers: Map<string, SoakAnswer[]>;
  /** Requests sent and not yet answered, and those of them waiting out a slow answer. */
  inFlight: number;
  sleeping: number;
}

/** A lookup whose requests reach `world` in-process, in `clock`'s time. */
export function createSoakNet(clock: VirtualClock, world: SimWorld): SoakNet {
  const net: SoakNet = {
    lookup: undefined as unknown as PaymentLookup,
    fetch: undefined as unknown as typeof globalThis.fetch,
    sentAt: { card2crypto: [], paycrypt: [] },
    byStatus: new Map(),
    answers: new Map(),
    inFlight: 0,
    sleeping: 0,
  };
  const delay = (ms: number): Promise<void> => {
    net.sleeping += 1;
    return new Promise((resolve) =>
      clock.setTimer(() => {
        net.sleeping -= 1;
        resolve();
      }, ms),
    );
  };
  const simFetch = createSimFetch(world, { delay });
  const logged: typeof globalThis.fetch = async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const path = url.pathname;
    net.sentAt[path.startsWith('/card2crypto') ? 'card2crypto' : 'paycrypt'].push(clock.now());
    net.inFlight += 1;
    let status = 0;
    try {
      const res = await simFetch(input, init);
      status = res.status;
      if (status === 200) {
        const p = paymentOf(await res.clone().json().catch(() => null));
        if (p) {
          const id = typeof p['payment_id'] === 'string' ? p['payment_id'] : typeof p['id'] === 'string' ? p['id'] : idOf(url);
          const list = net.answers.get(id) ?? net.answers.set(id, []).get(id)!;
          list.push({ at: clock.now(), status: String(p['status']), tx: typeof p['tx_hash'] === 'string', confirmations: typeof p['confirmations'] === 'number' ? p['confirmations'] : 0 });
        }
      }
      return res;
    } finally {
      net.inFlight -= 1;
      net.byStatus.set(status, (net.byStatus.get(status) ?? 0) + 1);
    }
  };
  net.fetch = logged;
  net.lookup = new PaymentLookup({ env: simLookupEnv(), secrets: new MemoryStore(), fetch: logged });
  return net;
}

/**
 * Resolves once the engine has nothing left to do at the current virtual instant: either no
 * check is in flight, or every request still out is sleeping on a virtual timer (which only
 * moving the clock can wake). Checked twice in a row, so a check between its answer and its
 * store write is never mistaken for one that sleeps.
 */
export async function quiescent(net: SoakNet, whenIdle: () => Promise<void>): Promise<void> {
  let quiet = 0;
  for (let round = 0; quiet < 2; round++) {
    if (round > 100_000) throw new Error('the engine never settled at one virtual instant');
    let idle = false;
    void whenIdle().then(() => (idle = true));
    await settle();
    if (idle) return;
    quiet = net.inFlight === net.sleeping ? quiet + 1 : 0;
  }
}
