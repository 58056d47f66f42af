/** The real AppService on a real store, against the simulator over loopback HTTP, in virtual time. */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppService, type AppServiceOptions, type NotifyRequest } from '../../../src/core/app/index.ts';
import { VirtualClock } from '../../../src/core/monitor/virtual-clock.ts';
import { MemoryStore } from '../../../src/core/secrets/memory-store.ts';
import { openStore, type PaymonStore } from '../../../src/core/store/index.ts';
import { EVENT_CHANNELS, type EventChannel } from '../../../src/shared/ipc.ts';
import { SimWorld } from '../../../src/simulator/world.ts';
import { startSimulator, type SimulatorHandle } from '../../../src/simulator/server.ts';
import { startDemoBackend } from '../../../src/simulator/demo-backend.ts';

/** Virtual start time. */
export const T0 = Date.UTC(2026, 2, 2, 10, 0, 0);

/** One pushed event as recorded. */
export interface Pushed {
  channel: EventChannel;
  payload: unknown;
}

/** A running service and what it pushed. */
export interface ServiceRig {
  clock: VirtualClock;
  world: SimWorld;
  sim: SimulatorHandle;
  store: PaymonStore;
  dir: string;
  service: AppService;
  pushed: Pushed[];
  notified: NotifyRequest[];
  /** Payloads pushed on one channel. */
  on<T = unknown>(channel: EventChannel): T[];
  /** Moves virtual time, letting every check (real HTTP) finish on the way. */
  advance(ms: number): Promise<void>;
  /** Waits (real time) until pending deltas were flushed. */
  flush(): Promise<void>;
  /** A new service on the same store and simulator, as after an app restart. */
  restart(): Promise<void>;
  close(): Promise<void>;
}

type Extra = Partial<Omit<AppServiceOptions, 'store' | 'clock'>> & {
  /** Whether the rig reports each notification shown, as main does when the OS shows it (default true). */
  reportShown?: boolean;
};

/** Starts a rig; both providers' default simulator keys are in the (memory) keychain unless `secrets` is given. */
export async function startServiceRig(extra: Extra = {}): Promise<ServiceRig> {
  const clock = new VirtualClock(T0);
  const world = new SimWorld({ now: () => clock.now(), seed: 11 });
  const sim = await startSimulator({ world });
  const dir = mkdtempSync(join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'paymon-app-'));
  const secrets =
    extra.secrets ??
    new MemoryStore([
      [{ provider: 'card2crypto', account: 'default' }, sim.keys.card2crypto],
      [{ provider: 'paycrypt', account: 'default' }, sim.keys.paycrypt],
    ]);
  const env = { PAYMON_CARD2CRYPTO_URL: sim.card2cryptoUrl, PAYMON_PAYCRYPT_URL: sim.paycryptUrl, ...extra.env };
  const rig = { clock, world, sim, dir, pushed: [] as Pushed[], notified: [] as NotifyRequest[] } as unknown as ServiceRig;
  const interval = extra.deltaIntervalMs ?? 20;
  const boot = async (): Promise<void> => {
    rig.store = openStore(dir).store;
    const { reportShown = true, ...options } = extra;
    const service = await AppService.create({ engine: { random: () => 0.5 }, demoBackend: startDemoBackend, ...options, deltaIntervalMs: interval, store: rig.store, clock, secrets, env });
    rig.service = service;
    for (const channel of EVENT_CHANNELS) service.on(channel, (payload) => rig.pushed.push({ channel, payload }));
    service.onNotify((n) => {
      rig.notified.push(n);
      if (reportShown) service.alertDelivery(n.alertIds, 'shown');
    });
  };
  await boot();
  rig.on = <T>(channel: EventChannel) => rig.pushed.filter((p) => p.channel === channel).map((p) => p.payload as T);
  rig.advance = (ms) => clock.advanceBy(ms, () => rig.service.engine.scheduler.whenIdle());
  rig.flush = () => new Promise((resolve) => setTimeout(resolve, interval * 3 + 20));
  rig.restart = async () => {
    await rig.service.close();
    rig.store.close();
    await boot();
  };
  rig.close = async () => {
    await rig.service.close();
    rig.store.close();
    await sim.close();
    rmSync(dir, { recursive: true, force: true });
  };
  return rig;
}
