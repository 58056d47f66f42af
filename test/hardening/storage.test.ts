/**
 * Storage under hostile conditions: a damaged or foreign database file, a full disk (SQLite's
 * max_page_count everywhere, a real 384 KiB tmpfs where mounting is allowed), a read-only data
 * folder or file (run as `nobody`, since root ignores permission bits). Always a clear
 * PaymonError('storage') or a notice, never a lost commit, and the engine still starts.
 */
import fs from 'node:fs';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore, type PaymonStore } from '../../src/core/store/index.ts';
import { PaymonError } from '../../src/shared/errors.ts';
import { parsePaymentId, refKey } from '../../src/shared/refs.ts';
import { Rng } from '../../src/simulator/random.ts';
import { c2cPayment, c2cRef, tempDir } from '../core/store/helpers.ts';
import { T0 } from '../helpers/monitor-rig.ts';
import { chownTree, mountTmpfs, simEngine, userRunner } from './helpers.ts';

/** Runs the read-only scripts as `nobody` under root, from a copy nobody can read. */
const asUser = userRunner();

/** The connection under a store, to set per-connection limits (max_page_count) the store has no API for. */
const connectionOf = (store: PaymonStore) => (store as unknown as { db: DatabaseSync }).db;

/** Watches `n` payments with one big observation each; the keys and statuses that committed. */
function fill(store: PaymonStore, n: number, from = 0): { committed: string[]; error: unknown } {
  const committed: string[] = [];
  try {
    for (let i = from; i < from + n; i++) {
      const key = refKey(c2cRef(i));
      store.transaction(() => {
        store.addWatch(c2cRef(i));
        store.recordObservation(key, { payment: c2cPayment(`pay_test${i}`, `s${i}`), raw: { big: 'x'.repeat(4000) }, seenAt: new Date(T0).toISOString() });
      });
      committed.push(key);
    }
  } catch (error) {
    return { committed, error };
  }
  return { committed, error: null };
}

function expectDiskFull(error: unknown): void {
  expect(error).toBeInstanceOf(PaymonError);
  expect((error as PaymonError).kind).toBe('storage');
  expect((error as PaymonError).message).toMatch(/Paymon could not save to .*paymon\.db .*The disk is full; free some space/);
}

/** Every committed watch is there with its observation, and the file passes integrity_check. */
function expectAllThere(dir: string, committed: string[]): void {
  const { store, notices } = openStore(dir);
  expect(notices).toEqual([]);
  const rows = new Map(store.listWatches().map((w) => [w.key, w]));
  for (const key of committed) expect(rows.get(key)?.status, key).toBe(`s${key.split('pay_test')[1]}`);
  store.close();
  const db = new DatabaseSync(path.join(dir, 'paymon.db'), { readOnly: true });
  expect(db.prepare('PRAGMA integrity_check').all()).toEqual([{ integrity_check: 'ok' }]);
  db.close();
}

/** An engine started on `store` follows a payment to completion and announces it. */
async function expectEngineWorks(store: PaymonStore): Promise<void> {
  const sim = await simEngine(store);
  const id = sim.world.addCard2Crypto({ amount: 500, createdAt: T0, outcome: { complete: T0 + 30_000 } });
  sim.engine.add([parsePaymentId(id)]);
  await sim.advance(5 * 60_000);
  await sim.stop();
  expect(sim.events.filter((e) => e.type === 'notify').map((e) => e.type === 'notify' && e.to)).toEqual(['completed']);
}

const DAMAGED: Array<[string, (file: string) => void, RegExp]> = [
  ['random bytes', (file) => fs.writeFileSync(file, Buffer.from(new Rng(9).chars('\u0000\u00ff\u0010abc', 65_536), 'latin1')), /could not be used \(it is damaged/],
  ['a text file', (file) => fs.writeFileSync(file, 'these are not the payments you are looking for\n'), /could not be used \(it is damaged/],
  ['a Paymon database cut short', (file) => {
    const { store } = openStore(path.dirname(file));
    fill(store, 60);
    store.close();
    fs.truncateSync(file, Math.floor(fs.statSync(file).size * 0.4));
  }, /could not be used \(it (is damaged|failed its integrity check)/],
  ['a Paymon database with its header overwritten', (file) => {
    openStore(path.dirname(file)).store.close();
    const fd = fs.openSync(file, 'r+');
    fs.writeSync(fd, Buffer.alloc(100, 0x41), 0, 100, 0);
    fs.closeSync(fd);
  }, /could not be used \(it is damaged/],
  ["another program's SQLite database", (file) => {
    const db = new DatabaseSync(file);
    db.exec("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total TEXT); INSERT INTO invoices (total) VALUES ('12.50')");
    db.close();
  }, /could not be used \(it is an SQLite database that another program created\)/],
];

describe('a damaged or foreign database file', () => {
  afterAll(() => console.log(`damaged or foreign database files: ${DAMAGED.length} cases moved aside, engine started on a fresh store`));
  it.each(DAMAGED)('%s: moved aside byte for byte with a notice; the engine starts on a fresh store', async (_name, damage, reason) => {
    const dir = tempDir();
    const file = path.join(dir, 'paymon.db');
    damage(file);
    const before = fs.readFileSync(file);
    const { store, notices } = openStore(dir);
    try {
      expect(notices).toHaveLength(1);
      expect(notices[0]).toMatch(reason);
      // Sidecars (-wal, -shm) move with it under the same name plus their suffix.
      const aside = fs.readdirSync(dir).filter((f) => /^paymon\.db\.corrupt-[^.]+$/.test(f) && !/-(wal|shm|journal)$/.test(f));
      expect(aside).toHaveLength(1);
      expect(notices[0]).toContain(path.join(dir, aside[0]!));
      expect(fs.readFileSync(path.join(dir, aside[0]!)).equals(before)).toBe(true);
      expect(store.listWatches()).toEqual([]);
      await expectEngineWorks(store);
    } finally {
      store.close();
    }
  });
});

describe('a full disk', () => {
  it('SQLite full (max_page_count): a clear storage error, nothing committed lost, later writes fine once there is room', () => {
    const dir = tempDir();
    const { store } = openStore(dir);
    const first = fill(store, 40);
    expect(first.error).toBeNull();
    const db = connectionOf(store);
    const pages = Number(db.prepare('PRAGMA page_count').get()?.page_count);
    db.exec(`PRAGMA max_page_count = ${pages}`);
    const full = fill(store, 40, 1000);
    expectDiskFull(full.error);
    // The failed transaction was rolled back as a whole: no half-written watch.
    expect(store.listWatches()).toHaveLength(first.committed.length + full.committed.length);
    console.log(`SQLite full: ${first.committed.length + full.committed.length} commits kept, the next write refused as storage/disk full`);
    db.exec(`PRAGMA max_page_count = ${pages * 100}`);
    expect(fill(store, 1, 5000).error).toBeNull();
    store.close();
    expectAllThere(dir, [...first.committed, ...full.committed, refKey(c2cRef(5000))]);
  });

  it('a real full filesystem (384 KiB tmpfs): a clear storage error; the store reopens on the full disk with everything committed', (ctx) => {
    const dir = tempDir();
    const unmount = mountTmpfs(ctx, dir, '384k');
    try {
      const { store } = openStore(dir);
      const { committed, error } = fill(store, 10_000);
      store.close();
      expectDiskFull(error);
      expect(committed.length).toBeGreaterThan(3);
      console.log(`384 KiB tmpfs: ${committed.length} commits before ENOSPC, all present after reopening on the full disk`);
      // Restarting while the disk is still full must not mistake the database for a damaged one.
      expectAllThere(dir, committed);
    } finally {
      unmount();
    }
  });

  // While the disk is full, every check's write fails: the engine must say so, not go silent.
  it('the engine reports a storage failure during checks instead of going silent', async () => {
    const { store } = openStore(tempDir());
    const disk = failingWrites(store, WRITES);
    const sim = await simEngine(disk.store);
    const id = sim.world.addCard2Crypto({ amount: 500, createdAt: T0, outcome: { complete: T0 + 60_000 } });
    sim.engine.add([parsePaymentId(id)]);
    await sim.advance(5_000);
    disk.failures = Infinity;
    const before = sim.events.length;
    await sim.advance(10 * 60_000);
    await sim.stop();
    store.close();
    expect(disk.thrown).toBeGreaterThan(0);
    expect(sim.events.slice(before).some((e) => 'error' in e && e.error.kind === 'storage')).toBe(true);
  });

  // The observation and the announcement claim commit together: if the claim cannot be written,
  // the observation is not either, so the next check sees the change again and announces it.
  it('a claim that fails to commit does not lose the notification', async () => {
    const { store } = openStore(tempDir());
    const disk = failingWrites(store, new Set(['claimAnnouncement']));
    disk.failures = 1;
    const sim = await simEngine(disk.store);
    const id = sim.world.addCard2Crypto({ amount: 500, createdAt: T0, outcome: { complete: T0 + 60_000 } });
    sim.engine.add([parsePaymentId(id)]);
    await sim.advance(60 * 60_000);
    await sim.stop();
    store.close();
    expect(disk.thrown).toBe(1);
    expect(sim.events.filter((e) => e.type === 'notify')).toHaveLength(1);
  });
});

/** The store's writing methods. */
const WRITES = new Set(['transaction', 'addWatch', 'recordObservation', 'recordError', 'claimAnnouncement', 'setPaused']);

/** A store whose `methods` throw the storage error of a full disk the next `failures` times they are called. */
function failingWrites(store: PaymonStore, methods: Set<string>): { store: PaymonStore; failures: number; thrown: number } {
  const control = { store, failures: 0, thrown: 0 };
  control.store = new Proxy(store, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target) as unknown;
      if (typeof value !== 'function') return value;
      if (typeof prop !== 'string' || !methods.has(prop)) return value.bind(target);
      return (...args: unknown[]) => {
        if (control.failures <= 0) return (value as (...a: unknown[]) => unknown).apply(target, args);
        control.failures -= 1;
        control.thrown += 1;
        throw new PaymonError('storage', `Paymon could not save to ${target.file} (database or disk is full). The disk is full; free some space and try again.`);
      };
    },
  });
  return control;
}

const readOnlyScript = (url: (file: string) => string) => {
  const src = (file: string) => JSON.stringify(url(file));
  return `
import { openStore } from ${src('core/store/index.ts')};
import { Engine } from ${src('core/monitor/engine.ts')};
import { PaymentLookup } from ${src('core/lookup.ts')};
import { MemoryStore } from ${src('core/secrets/memory-store.ts')};
const [stuck, fresh] = process.argv.slice(2);
const out = {};
try { const { store } = openStore(stuck); out.opened = true;
  try { store.addWatch({ provider: 'card2crypto', kind: 'payment', value: 'pay_new' }); out.wrote = true; }
  catch (err) { out.error = { kind: err.kind ?? 'raw', message: err.message }; }
  store.close();
} catch (err) { out.error = { kind: err.kind ?? 'raw', message: err.message }; }
// What the message advises: another folder (PAYMON_DATA_DIR). The engine must start there.
const { store, notices } = openStore(fresh);
const engine = new Engine({ store, lookup: new PaymentLookup({ env: {}, secrets: new MemoryStore() }) });
await engine.start();
engine.add([{ provider: 'card2crypto', kind: 'payment', value: 'pay_elsewhere1' }]);
engine.stop();
await engine.scheduler.whenIdle();
out.fresh = { notices, watches: store.listWatches().map((w) => w.key) };
store.close();
console.log(JSON.stringify(out));
`;
};

interface ReadOnlyOutcome {
  opened?: boolean;
  wrote?: boolean;
  error?: { kind: string; message: string };
  fresh: { notices: string[]; watches: string[] };
}

describe.skipIf(process.platform === 'win32')('a read-only data folder or file', () => {
  for (const what of ['folder', 'file'] as const) {
    it(`read-only ${what}: a clear storage error, the old file kept as it was, and the engine starts elsewhere`, (ctx) => {
      const parent = tempDir();
      fs.chmodSync(parent, 0o755);
      const stuck = path.join(parent, 'Paymon');
      const fresh = path.join(parent, 'Elsewhere');
      const { store } = openStore(stuck);
      fill(store, 5);
      store.close();
      const file = path.join(stuck, 'paymon.db');
      const before = fs.readFileSync(file);
      fs.mkdirSync(fresh);
      chownTree(stuck);
      chownTree(fresh);
      if (what === 'folder') fs.chmodSync(stuck, 0o500);
      else fs.chmodSync(file, 0o444);
      const out = asUser.run(ctx, readOnlyScript, [stuck, fresh]) as ReadOnlyOutcome;
      fs.chmodSync(stuck, 0o700);
      // A read-only file still opens (SQLite falls back to reading); the first write must then fail clearly.
      expect(out.wrote).toBeUndefined();
      expect(out.error?.kind).toBe('storage');
      expect(out.error?.message).toMatch(/Paymon could not (open its database|save to) .*paymon\.db .*writable/);
      expect(fs.readFileSync(file).equals(before)).toBe(true);
      expect(fs.readdirSync(stuck).filter((f) => f.includes('corrupt'))).toEqual([]);
      expect(out.fresh).toEqual({ notices: [], watches: ['card2crypto:payment:pay_elsewhere1'] });
    });
  }
});
