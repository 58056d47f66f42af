/** A monitor engine wired to the simulator over real loopback HTTP, in virtual time. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Engine, type EngineEvent } from '../../src/core/monitor/engine.ts';
import { VirtualClock } from '../../src/core/monitor/virtual-clock.ts';
import { PaymentLookup } from '../../src/core/lookup.ts';
import { MemoryStore } from '../../src/core/secrets/memory-store.ts';
import { openStore, type PaymonStore } from '../../src/core/store/index.ts';
import { SimWorld } from '../../src/simulator/world.ts';
import { startSimulator, type SimulatorHandle } from '../../src/simulator/server.ts';
import type { BudgetOptions } from '../../src/core/monitor/budget.ts';

/** Virtual start time shared by the simulator and the engine. */
export const T0 = Date.UTC(2026, 1, 20, 9, 0, 0);

/** Everything a monitor test needs; call close() in afterEach. */
export interface Rig {
  clock: VirtualClock;
  world: SimWorld;
  sim: SimulatorHandle;
  dir: string;
  store: PaymonStore;
  engine: Engine;
  events: EngineEvent[];
  /** Advance virtual time, waiting for real HTTP requests to finish at every step. */
  advance(ms: number): Promise<void>;
  /** A second engine on the same data directory, as after a restart. */
  restart(): Promise<void>;
  close(): Promise<void>;
}

/** Builds a rig; `env` overrides the keys/URLs handed to the lookup. */
export async function startRig(opts: { env?: Record<string, string>; budget?: BudgetOptions; dir?: string } = {}): Promise<Rig> {
  const clock = new VirtualClock(T0);
  const world = new SimWorld({ now: () => clock.now(), seed: 7 });
  const sim = await startSimulator({ world });
  const dir = opts.dir ?? mkdtempSync(join(tmpdir(), 'paymon-monitor-'));
  const env = {
    PAYMON_CARD2CRYPTO_URL: sim.card2cryptoUrl,
    PAYMON_PAYCRYPT_URL: sim.paycryptUrl,
    CARD2CRYPTO_API_KEY: sim.keys.card2crypto,
    PAYCRYPT_API_KEY: sim.keys.paycrypt,
    ...opts.env,
  };
  const rig = { clock, world, sim, dir, events: [] as EngineEvent[] } as Rig;
  const boot = async (): Promise<void> => {
    rig.store = openStore(dir).store;
    const lookup = new PaymentLookup({ env, secrets: new MemoryStore(), timeoutMs: 5_000, now: () => clock.now() });
    rig.engine = new Engine({
      store: rig.store,
      lookup,
      clock,
      random: () => 0.5,
      ...(opts.budget ? { budgetFor: () => opts.budget! } : {}),
    });
    rig.engine.on((e) => rig.events.push(e));
    await rig.engine.start();
  };
  await boot();
  rig.advance = (ms) => clock.advanceBy(ms, () => rig.engine.scheduler.whenIdle());
  rig.restart = async () => {
    rig.engine.stop();
    await rig.engine.scheduler.whenIdle();
    rig.store.close();
    await boot();
  };
  rig.close = async () => {
    rig.engine.stop();
    await rig.engine.scheduler.whenIdle();
    rig.store.close();
    await sim.close();
    if (!opts.dir) rmSync(dir, { recursive: true, force: true });
  };
  return rig;
}
