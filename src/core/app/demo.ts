/**
 * Demo mode, the embedded default ("app, complete" issue): the built-in simulator runs in this
 * process on 127.0.0.1 (a random port), so the real provider clients talk real HTTP to it exactly as
 * they would to a provider. The core never imports the simulator (issue 12): the app injects a
 * StartDemoBackend (main wires src/simulator/demo-backend.ts in; the test rigs do the same). Its keys are session-only (never the keychain); its payments are tagged
 * in the 'demo' setting so stopping removes exactly them. On restart the demo resumes: the same seed
 * and seeding time rebuild the same payments on the same timeline, behind a new port.
 */
import { randomInt } from 'node:crypto';
import { PaymonError } from '../../shared/errors.ts';
import { PROVIDERS, type Provider } from '../../shared/payment.ts';
import { refKey, type PaymentRef } from '../../shared/refs.ts';
import { maskKey } from '../secrets/key-hygiene.ts';
import { approveKeyHost, forgetKeyHosts } from '../secrets/key-hosts.ts';
import { ENV_KEYS } from '../secrets/key-source.ts';
import type { AppContext } from './context.ts';
import { listAccounts, refreshAccounts, verifyAndRecord } from './keys.ts';

/** What the 'demo' setting holds while demo mode is on: enough to resume it or to undo it. */
export interface DemoRecord {
  seed: number;
  /** When the scenario was seeded (epoch ms): its stories are timed from here. */
  seededAt: number;
  count: number;
  /** The account name of both providers' demo keys. */
  account: string;
  /** Watchlist keys of the demo payments. */
  keys: string[];
}

/** What a demo backend is started with: the monitor's clock and the record's seed, seeding time and count. */
export interface DemoLaunch {
  now: () => number;
  seed: number;
  seededAt: number;
  count: number;
}

/** A running demo backend: payments to watch, where each provider is served and the keys it accepts. */
export interface DemoBackend {
  /** The demo payments, in the same order for the same launch (a resume compares them). */
  refs: PaymentRef[];
  urls: Record<Provider, string>;
  keys: Record<Provider, string>;
  close(): Promise<void>;
}

/** Starts a demo backend; the app injects it (the simulator's), the core only calls it. */
export type StartDemoBackend = (launch: DemoLaunch) => Promise<DemoBackend>;

/** Payments in the demo: both providers, every kind of ending. */
const DEMO_COUNT = 16;

function isDemoRecord(v: unknown): v is DemoRecord {
  if (typeof v !== 'object' || v === null) return false;
  const r = v as Record<string, unknown>;
  return (
    Number.isSafeInteger(r.seed) && Number.isFinite(r.seededAt) && Number.isSafeInteger(r.count) &&
    typeof r.account === 'string' && Array.isArray(r.keys) && r.keys.every((k) => typeof k === 'string')
  );
}

/** Starts, stops and resumes demo mode, one operation at a time. */
export class DemoController {
  readonly #ctx: AppContext;
  readonly #startBackend: StartDemoBackend | undefined;
  #sim: DemoBackend | null = null;
  #queue: Promise<unknown> = Promise.resolve();

  /** Without `startBackend` (a build without the simulator) starting the demo fails with a sentence. */
  constructor(ctx: AppContext, startBackend?: StartDemoBackend) {
    this.#ctx = ctx;
    this.#startBackend = startBackend;
  }

  /** Whether demo mode is on. */
  get active(): boolean {
    return this.#ctx.state.demoAccount !== null;
  }

  /** Starts demo mode (nothing if it runs already). */
  start(): Promise<void> {
    return this.#serial(async () => {
      if (this.active) return;
      const envKey = PROVIDERS.map((p) => ENV_KEYS[p]).find((name) => (this.#ctx.env[name] ?? '').trim() !== '');
      if (envKey) {
        throw new PaymonError('invalid_input', `The demo cannot run while ${envKey} is set: that key overrides every other one. Unset it and restart Paymon.`);
      }
      const taken = new Set((await listAccounts(this.#ctx)).map((a) => a.account));
      let account = 'demo';
      for (let n = 2; taken.has(account); n++) account = `demo-${n}`;
      const record: DemoRecord = { seed: randomInt(1, 2 ** 31), seededAt: this.#ctx.clock.now(), count: DEMO_COUNT, account, keys: [] };
      const refs = await this.#launch(record);
      record.keys = refs.map(refKey);
      try {
        // Tagged before they are added: a crash in between leaves nothing untagged behind.
        this.#ctx.store.setSetting('demo', record);
        await this.#install(record);
        const { store, watchlist, clock } = this.#ctx;
        const addedAt = new Date(clock.now()).toISOString();
        // Added with their account, so each lookup asks the simulator first and never sends a
        // demo ID to a real provider with the user's own key.
        store.transaction(() => {
          for (const ref of refs) store.addWatch(ref, { account, addedAt });
        });
        watchlist.add(refs);
      } catch (err) {
        await this.#teardown(record);
        throw err;
      }
    });
  }

  /** Leaves demo mode: removes its payments, keys and accounts, stops the simulator. */
  stop(): Promise<void> {
    return this.#serial(async () => {
      const record = this.#ctx.store.getSetting('demo', isDemoRecord);
      if (record) await this.#teardown(record);
      else await this.#closeSim();
    });
  }

  /** At start-up: resumes a demo left on; when that is impossible, ends it cleanly instead. */
  resume(): Promise<void> {
    return this.#serial(async () => {
      const record = this.#ctx.store.getSetting('demo', isDemoRecord);
      if (record === undefined) {
        // A damaged record cannot say what to remove; forget it rather than show demo forever.
        if (this.#ctx.store.getSetting('demo') !== undefined) this.#ctx.store.setSetting('demo', undefined);
        return;
      }
      try {
        const envSet = PROVIDERS.some((p) => (this.#ctx.env[ENV_KEYS[p]] ?? '').trim() !== '');
        const refs = await this.#launch(record);
        const same = refs.length === record.keys.length && refs.every((ref, i) => refKey(ref) === record.keys[i]);
        // A different simulator (an upgrade) would answer "not found" for every demo payment.
        if (envSet || !same) throw new PaymonError('internal', 'The demo could not be resumed.');
        await this.#install(record);
      } catch {
        await this.#teardown(record);
      }
    });
  }

  /** Stops the simulator at shutdown; the demo stays on and resumes with the next start. */
  shutdown(): Promise<void> {
    return this.#serial(() => this.#closeSim());
  }

  #serial<T>(work: () => Promise<T>): Promise<T> {
    const next = this.#queue.then(work, work);
    this.#queue = next.catch(() => undefined);
    return next;
  }

  /** Starts the injected backend on the monitor's clock and seeds it; returns the demo payments' references. */
  async #launch(record: DemoRecord): Promise<PaymentRef[]> {
    if (!this.#startBackend) throw new PaymonError('internal', 'Demo mode is not available in this build of Paymon.');
    const { seed, seededAt, count } = record;
    this.#sim = await this.#startBackend({ now: () => this.#ctx.clock.now(), seed, seededAt, count });
    return [...this.#sim.refs];
  }

  /** Session keys and account metadata pointing at the running simulator, verified for real. */
  async #install(record: DemoRecord): Promise<void> {
    const sim = this.#sim;
    if (!sim) throw new PaymonError('internal', 'The demo simulator is not running.');
    const urls = sim.urls;
    this.#ctx.state.demoAccount = record.account;
    for (const provider of PROVIDERS) {
      const address = { provider, account: record.account };
      // The session store only: a simulator key has no business in the OS keychain.
      await this.#ctx.session.set(address, sim.keys[provider]);
      this.#ctx.store.upsertAccount({
        ...address,
        maskedKey: maskKey(sim.keys[provider]),
        verified: 'unverified',
        checkedAt: null,
        baseUrl: urls[provider],
        budgetPerMinute: null,
      });
      // The demo's own keys, made for its own simulator: that host (this run's port) is theirs alone (issue 16).
      forgetKeyHosts(this.#ctx.store, address);
      approveKeyHost(this.#ctx.store, this.#ctx.env, address, urls[provider]);
      await verifyAndRecord(this.#ctx, address, sim.keys[provider]);
    }
    this.#ctx.engine.keysChanged();
    await refreshAccounts(this.#ctx);
  }

  /** Removes exactly what the demo added, stops the simulator and turns demo mode off. */
  async #teardown(record: DemoRecord): Promise<void> {
    const { store, engine, watchlist, session, problems, state } = this.#ctx;
    const removed = watchlist.remove(record.keys).map((row) => row.key);
    if (state.focused !== null && removed.includes(state.focused)) state.focused = null;
    for (const provider of PROVIDERS) {
      await session.delete({ provider, account: record.account });
      store.removeAccount(provider, record.account);
      forgetKeyHosts(store, { provider, account: record.account });
    }
    store.setSetting('demo', undefined);
    state.demoAccount = null;
    problems.clear((p) => p.account === record.account);
    engine.keysChanged();
    await this.#closeSim();
    await refreshAccounts(this.#ctx).catch(() => undefined);
  }

  async #closeSim(): Promise<void> {
    const sim = this.#sim;
    this.#sim = null;
    await sim?.close().catch(() => undefined);
  }
}
