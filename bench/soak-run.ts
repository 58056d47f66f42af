/**
 * One soak run: the real AppService (engine, alert rules, quiet hours, burst grouping, the
 * notifier loop) on a real SQLite store, watching the soak workload in virtual time against a
 * simulator that fails often (5xx, cut bodies, dropped connections, slow answers, a 429 storm).
 * The app is closed and opened again on the same data folder half-way and in the middle of two
 * bursts, while their alerts are being claimed and grouped. Collects what the checks need;
 * soak-check.ts and soak-alerts.ts judge it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { BURST } from '../src/core/alerts/bursts.ts';
import { AppService } from '../src/core/app/index.ts';
import type { EngineEvent } from '../src/core/monitor/engine.ts';
import { isWatchAlertKind } from '../src/shared/alert-history.ts';
import { MemoryStore } from '../src/core/secrets/memory-store.ts';
import { openStore, type PaymonStore } from '../src/core/store/index.ts';
import { mulberry32 } from '../src/simulator/random.ts';
import { DEFAULT_KEYS, type SimWorld } from '../src/simulator/world.ts';
import { collectGarbage } from './cost.ts';
import type { StatusReport } from './naive.ts';
import { scheduleArrivals } from './policies.ts';
import type { AlertRow, Notice, RestartRecord } from './soak-alerts.ts';
import { createSimEnv, keyOf, refOf, simLookupEnv } from './sim-env.ts';
import { createSoakNet, quiescent, type SoakNet } from './soak-net.ts';
import { planSoak, SOAK_ACCOUNTS, type SoakConfig, type SoakWave, type SoakWorkload } from './soak-workload.ts';

/** The faults of the run; phases are fractions of the window. */
export const SOAK_FAULTS = {
  /** 5% 5xx (4% JSON 500/503, 1% a proxy's HTML 502), 2% bodies cut in half, 1% dropped connections, 2% slow answers. */
  rates: { serverError: 0.04, htmlError: 0.01, malformedJson: 0.02, drop: 0.01, slow: 0.02, slowMs: 3_000 },
  /** The 429 storm: forced 429s, and the providers' limit cut from 60 to 5 a minute, for a twelfth of the window. */
  storm: { at: 1 / 4, forced: 10, limit: 5, length: 1 / 12 },
  /** A latency spike: 30% of answers take 8 s, for a eighteenth of the window. */
  spike: { at: 0.6, slow: 0.3, slowMs: 8_000, length: 1 / 18 },
  /** The app is closed and opened again (same data folder) here, besides in the middle of bursts. */
  restartAt: 0.5,
} as const;

/** Heap in use after a full collection, every ten virtual minutes. */
export interface MemorySample {
  virtualMinute: number;
  heapMb: number;
}

/** Everything one run observed. */
export interface SoakRaw {
  workload: SoakWorkload;
  world: SimWorld;
  net: SoakNet;
  reports: StatusReport[];
  /** notify events per "key status". */
  notifies: Map<string, number>;
  notifiesBeforeRestart: number;
  /** Transitions into a final status the engine saw (from a known status): each deserves one notification. */
  seenFinalTransitions: Set<string>;
  errorsByKind: Map<string, number>;
  /** Final status per key in the store at the end. */
  storedStatus: Map<string, string | null>;
  /** Watches in the store, and in the restarted engine's scheduler, right after the half-way restart. */
  reloaded: { stored: number; scheduled: number };
  /** Every restart, in order. */
  restarts: RestartRecord[];
  /** Desktop notifications as the notifier received them. */
  notices: Notice[];
  /** The alert history at the end, read from the database file. */
  alertRows: AlertRow[];
  memory: MemorySample[];
  unhandled: string[];
  wallSeconds: number;
}

const MB = 1024 * 1024;
const M = 60_000;

/** Called every virtual minute with the virtual minutes done (for a progress line). */
export type SoakProgress = (virtualMinutesDone: number) => void;

/** The alert history's rows, straight from the database file. */
function readAlertRows(file: string): AlertRow[] {
  const db = new DatabaseSync(file, { readOnly: true });
  try {
    const rows = db.prepare('SELECT id, key, at, kind, to_status, provider, account, decision, delivery, group_id FROM alerts ORDER BY id').all();
    return rows.map((r) => ({
      id: Number(r['id']),
      key: String(r['key']),
      at: Date.parse(String(r['at'])),
      kind: String(r['kind']),
      to: String(r['to_status']),
      provider: String(r['provider']),
      account: r['account'] === null ? null : String(r['account']),
      decision: String(r['decision']),
      delivery: String(r['delivery']),
      groupId: r['group_id'] === null ? null : Number(r['group_id']),
    }));
  } finally {
    db.close();
  }
}

/** Runs the soak; never throws for what the app does wrong, only for a broken harness. */
export async function runSoak(config: SoakConfig, onProgress?: SoakProgress): Promise<SoakRaw> {
  const started = performance.now();
  const unhandled: string[] = [];
  const onUnhandled = (err: unknown): void => void unhandled.push(err instanceof Error ? (err.stack ?? err.message) : String(err));
  process.on('unhandledRejection', onUnhandled);
  process.on('uncaughtException', onUnhandled);
  const workload = planSoak(config);
  const { clock, world } = createSimEnv(workload, workload.arrivals);
  world.setFaults(SOAK_FAULTS.rates);
  const net = createSoakNet(clock, world);
  const dir = mkdtempSync(join(tmpdir(), 'paymon-soak-'));
  const raw: SoakRaw = {
    workload, world, net, reports: [], notifies: new Map(), notifiesBeforeRestart: 0, seenFinalTransitions: new Set(),
    errorsByKind: new Map(), storedStatus: new Map(), reloaded: { stored: 0, scheduled: 0 }, restarts: [], notices: [], alertRows: [],
    memory: [], unhandled, wallSeconds: 0,
  };
  /** Alerts claimed per key by the engine (any decision), for the mid-burst restarts. */
  const claimed = new Map<string, number>();
  const onEvent = (e: EngineEvent): void => {
    if (e.type === 'status-changed') {
      raw.reports.push({ key: e.key, status: e.to, at: clock.now() });
      if (e.payment.final && e.from !== null) raw.seenFinalTransitions.add(`${e.key} ${e.to}`);
    } else if (e.type === 'notify') {
      // A status alert once per status reached; a watch alert (its status is 'pending') once per kind: one episode each here.
      const id = isWatchAlertKind(e.kind) ? `${e.key} ${e.kind}` : `${e.key} ${e.to}`;
      raw.notifies.set(id, (raw.notifies.get(id) ?? 0) + 1);
      claimed.set(e.key, (claimed.get(e.key) ?? 0) + 1);
    } else if (e.type === 'payment-error' || e.type === 'account-problem') {
      raw.errorsByKind.set(e.error.kind, (raw.errorsByKind.get(e.error.kind) ?? 0) + 1);
    }
  };
  // The keychain of the run: one shop per provider, named (rules match accounts by name).
  const keychain = (): MemoryStore =>
    new MemoryStore([
      [{ provider: 'card2crypto', account: SOAK_ACCOUNTS.card2crypto }, DEFAULT_KEYS.card2crypto],
      [{ provider: 'paycrypt', account: SOAK_ACCOUNTS.paycrypt }, DEFAULT_KEYS.paycrypt],
    ]);
  const { PAYMON_CARD2CRYPTO_URL, PAYMON_PAYCRYPT_URL } = simLookupEnv();
  const env = { PAYMON_CARD2CRYPTO_URL, PAYMON_PAYCRYPT_URL };
  // The running app: replaced wholesale by each restart.
  const live = {} as { store: PaymonStore; service: AppService; boot: number };
  const boot = async (n: number): Promise<void> => {
    live.store = openStore(dir).store;
    live.boot = n;
    live.service = await AppService.create({
      store: live.store, secrets: keychain(), env, clock, fetch: net.fetch, engine: { random: mulberry32(config.seed + n) },
      // Deltas go to a window on a real-time timer: a day, so none fires mid-run and a seed is one run.
      deltaIntervalMs: 86_400_000,
    });
    live.service.engine.on(onEvent);
    // The notifier as main has it: the OS shows each notification and main reports it shown.
    const service = live.service;
    service.onNotify((n) => {
      raw.notices.push({ at: clock.now(), key: n.key, alertIds: [...n.alertIds], boot: live.boot });
      service.alertDelivery(n.alertIds, 'shown');
    });
  };
  const settled = () => quiescent(net, () => live.service.engine.scheduler.whenIdle());
  /** Moves time on, a second at a time, until `done` settles (checks sleeping on a slow answer wake). */
  const until = async (done: Promise<unknown>): Promise<void> => {
    let over = false;
    void done.then(() => (over = true));
    while (!over) await clock.advanceBy(1_000, settled);
  };
  /** Quits the app: polling stops, checks in flight finish, held notifications are dropped (their rows stay 'pending'). */
  const quit = async (): Promise<void> => {
    await until(live.service.close());
    live.store.close();
  };
  const restart = async (reason: RestartRecord['reason'], wave: SoakWave | null): Promise<void> => {
    const unshown = live.store.listAlerts({ decision: 'desktop', delivery: 'pending' }).length;
    const waveClaimed = wave ? wave.keys.reduce((n, k) => n + (claimed.get(k) ?? 0), 0) : 0;
    await quit();
    await boot(raw.restarts.length + 1);
    const record: RestartRecord = {
      at: clock.now(), reason, unshownDesktop: unshown, waveClaimed, waveSize: wave?.keys.length ?? 0,
      stored: live.store.listWatches().length, scheduled: live.service.engine.scheduler.size,
    };
    raw.restarts.push(record);
    if (reason === 'half-way') raw.reloaded = { stored: record.stored, scheduled: record.scheduled };
  };

  const at = (fraction: number, fn: () => void) => clock.setTimer(fn, Math.round(fraction * config.windowMs));
  const { storm, spike } = SOAK_FAULTS;
  at(storm.at, () => {
    world.injectFaults('rate_limit', storm.forced);
    world.setRateLimit({ limit: storm.limit });
  });
  at(storm.at + storm.length, () => world.setRateLimit({ limit: workload.config.rateLimit.limit }));
  at(spike.at, () => world.setFaults({ slow: spike.slow, slowMs: spike.slowMs }));
  at(spike.at + spike.length, () => world.setFaults({ slow: SOAK_FAULTS.rates.slow, slowMs: SOAK_FAULTS.rates.slowMs }));
  const tick = (): void => {
    onProgress?.(Math.round((clock.now() - workload.start) / M));
    if (clock.now() < workload.end) clock.setTimer(tick, M);
  };
  if (onProgress) clock.setTimer(tick, M);
  let sampling = true;
  const sample = (): void => {
    if (!sampling) return;
    collectGarbage();
    raw.memory.push({ virtualMinute: Math.round((clock.now() - workload.start) / M), heapMb: process.memoryUsage().heapUsed / MB });
    clock.setTimer(sample, 10 * M);
  };
  const expect = <T>(r: { ok: boolean; value?: T; error?: { message: string } }): void => {
    if (!r.ok) throw new Error(`the service refused the soak's settings: ${r.error?.message}`);
  };

  try {
    await boot(0);
    // The user's choices, through the same requests the settings screens send.
    expect(await live.service.invoke('settings:update', { notifyStatuses: workload.notifyStatuses }));
    expect(await live.service.invoke('alerts:update-settings', workload.alertSettings));
    sample();
    scheduleArrivals(clock, workload.arrivals, (batch) => {
      live.service.engine.add(batch.map(refOf));
      const mute = batch.map(keyOf).filter((k) => workload.muted.has(k));
      if (mute.length > 0) live.service.engine.setMuted(mute, true);
    });
    const plan = [
      { at: workload.start + SOAK_FAULTS.restartAt * config.windowMs, wave: null as SoakWave | null },
      ...workload.waves.filter((w) => w.restartMidway).map((w) => ({ at: w.at, wave: w as SoakWave | null })),
    ].sort((a, b) => a.at - b.at);
    for (const step of plan) {
      await clock.advanceTo(step.at, settled);
      if (step.wave) {
        // Mid-burst: once half the wave's alerts are claimed, while the rest are being checked and
        // the claimed ones wait in the grouper.
        const wave = step.wave;
        const half = Math.ceil(wave.keys.length / 2);
        const claimedOfWave = () => wave.keys.reduce((n, k) => n + (claimed.get(k) ?? 0), 0);
        for (let s = 0; s < 600 && claimedOfWave() < half; s++) await clock.advanceBy(1_000, settled);
      }
      if (step.wave === null) raw.notifiesBeforeRestart = [...raw.notifies.values()].reduce((a, b) => a + b, 0);
      await restart(step.wave ? 'mid-burst' : 'half-way', step.wave);
    }
    await clock.advanceTo(workload.end, settled);
    sampling = false;
    // The end: polling stops, the last checks answer, the grouper raises what it holds.
    live.service.engine.stop();
    await until(live.service.engine.scheduler.whenIdle());
    await clock.advanceBy(BURST.maxHoldMs + 2_000, settled);
    for (const row of live.store.listWatches()) raw.storedStatus.set(row.key, row.status);
    const file = live.store.file;
    await quit();
    raw.alertRows = readAlertRows(file);
  } finally {
    live.store?.close();
    rmSync(dir, { recursive: true, force: true });
    // Anything left over would surface on the next turns of the event loop: give it the chance.
    await new Promise((resolve) => setTimeout(resolve, 50));
    process.off('unhandledRejection', onUnhandled);
    process.off('uncaughtException', onUnhandled);
  }
  raw.wallSeconds = (performance.now() - started) / 1000;
  return raw;
}
