/** Shared pieces of the hardening tests: an in-process simulated engine, tmpfs mounts, running as `nobody`. */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
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

const NOBODY = 65534;
/** Whether permission bits are ignored (root), so read-only tests must run as `nobody`. */
export const isRoot = process.getuid?.() === 0;

/** Gives `dir` and everything in it to the user the read-only tests run as. */
export function chownTree(dir: string): void {
  if (!isRoot) return;
  fs.chownSync(dir, NOBODY, NOBODY);
  for (const name of fs.readdirSync(dir)) fs.chownSync(path.join(dir, name), NOBODY, NOBODY);
}

/**
 * Runs an ES module `source` (imports by absolute file URL) with `args`, as `nobody` when root, and
 * parses the JSON line it prints. Skips the test when node cannot run as nobody here.
 */
export function runAsUser(ctx: TestContext, parent: string, source: string, args: string[]): unknown {
  const script = path.join(parent, `script-${process.hrtime.bigint()}.mjs`);
  fs.writeFileSync(script, source, { mode: 0o644 });
  const child = spawnSync(process.execPath, [script, ...args], { encoding: 'utf8', ...(isRoot ? { uid: NOBODY, gid: NOBODY } : {}) });
  // e.g. a checkout under /root, which nobody can't read: then there is no way to test this here.
  if (child.status !== 0) ctx.skip(`cannot run node as nobody here: ${child.stderr.split('\n')[0] ?? ''}`);
  return JSON.parse(child.stdout) as unknown;
}
