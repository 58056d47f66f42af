/** Shared pieces of the hardening tests: an in-process simulated engine, tmpfs mounts, running as `nobody`. */
import { spawnSync } from 'node:child_process';
import type { TestContext } from 'vitest';
import { PaymentLookup } from '../../src/core/lookup.ts';
import { Engine, type EngineEvent } from '../../src/core/monitor/engine.ts';
import { VirtualClock } from '../../src/core/monitor/virtual-clock.ts';
import { MemoryStore } from '../../src/core/secrets/memory-store.ts';
import type { PaymonStore } from '../../src/core/store/index.ts';
import { createSimFetch } from '../../src/simulator/fetch.ts';
import { SimWorld } from '../../src/simulator/world.ts';
import { simLookupEnv } from '../../bench/sim-env.ts';
import { T0 } from '../helpers/monitor-rig.ts';

/** An engine on `store`, in virtual time, against an in-process simulator. */
export interface SimEngine {
  clock: VirtualClock;
  world: SimWorld;
  engine: Engine;
  events: EngineEvent[];
  advance(ms: number): Promise<void>;
  stop(): Promise<void>;
}

/** Builds and starts a SimEngine; `fetch` may wrap the simulator's. */
export async function simEngine(store: PaymonStore, wrap?: (f: typeof fetch) => typeof fetch): Promise<SimEngine> {
  const clock = new VirtualClock(T0);
  const world = new SimWorld({ now: () => clock.now(), seed: 3 });
  const simFetch = createSimFetch(world, { delay: () => Promise.resolve() });
  const lookup = new PaymentLookup({ env: simLookupEnv(), secrets: new MemoryStore(), fetch: wrap ? wrap(simFetch) : simFetch });
  const engine = new Engine({ store, lookup, clock, random: () => 0.5 });
  const events: EngineEvent[] = [];
  engine.on((e) => events.push(e));
  await engine.start();
  return {
    clock, world, engine, events,
    advance: (ms) => clock.advanceBy(ms, () => engine.scheduler.whenIdle()),
    stop: async () => {
      engine.stop();
      await engine.scheduler.whenIdle();
    },
  };
}

/** Mounts a tmpfs of `size` on `dir`; skips the test (with the reason) where mounting is not allowed. */
export function mountTmpfs(ctx: TestContext, dir: string, size: string): () => void {
  const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${size},mode=0700`, 'tmpfs', dir], { encoding: 'utf8' });
  if (mounted.status !== 0) ctx.skip(`cannot mount a tmpfs here (needs root): ${(mounted.stderr || String(mounted.error)).trim()}`);
  return () => void spawnSync('umount', [dir]);
}

/** Running as `nobody` (root) or as ourselves lives in ../helpers/as-user.ts, shared with the store tests. */
export { chownTree, isRoot, userRunner } from '../helpers/as-user.ts';
