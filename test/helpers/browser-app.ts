/**
 * The real back end for the Chromium flow tests: AppService on a real store in a temp dir,
 * with the provider simulator over loopback HTTP and the real clock (the page's clock).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppService, type AppServiceOptions } from '../../src/core/app/index.ts';
import { MemoryStore } from '../../src/core/secrets/memory-store.ts';
import { openStore, type PaymonStore } from '../../src/core/store/index.ts';
import { SimWorld, type SimWorldOptions } from '../../src/simulator/world.ts';
import { startSimulator, type SimulatorHandle } from '../../src/simulator/server.ts';
import { startDemoBackend } from '../../src/simulator/demo-backend.ts';

/** A running service with its simulator. */
export interface AppRig {
  world: SimWorld;
  sim: SimulatorHandle;
  store: PaymonStore;
  service: AppService;
  close(): Promise<void>;
}

/** Options: keys/URLs in `env` override the simulator's defaults; `service` tunes AppService. */
export interface AppRigOptions {
  env?: Record<string, string>;
  world?: SimWorldOptions;
  service?: Partial<Omit<AppServiceOptions, 'store' | 'secrets' | 'env'>>;
}

/** Starts the simulator and a real AppService whose keys come from env (secrets: an empty MemoryStore). */
export async function startAppRig(opts: AppRigOptions = {}): Promise<AppRig> {
  const world = new SimWorld({ seed: 5, ...opts.world });
  const sim = await startSimulator({ world });
  const dir = mkdtempSync(join(tmpdir(), 'paymon-ui-'));
  const store = openStore(dir).store;
  const env = {
    PAYMON_CARD2CRYPTO_URL: sim.card2cryptoUrl,
    PAYMON_PAYCRYPT_URL: sim.paycryptUrl,
    CARD2CRYPTO_API_KEY: sim.keys.card2crypto,
    PAYCRYPT_API_KEY: sim.keys.paycrypt,
    ...opts.env,
  };
  const service = await AppService.create({ deltaIntervalMs: 50, demoBackend: startDemoBackend, ...opts.service, store, secrets: new MemoryStore(), env });
  return {
    world,
    sim,
    store,
    service,
    async close() {
      await service.close();
      store.close();
      await sim.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
