import fs from 'node:fs';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import { APPLICATION_ID, SCHEMA_VERSION, openStore } from '../../../src/core/store/index.ts';
import { PaymonError } from '../../../src/shared/errors.ts';
import { c2cPayment, c2cRef, tempDir } from './helpers.ts';

const FIXED = new Date('2025-10-16T12:00:00.000Z');
const ASIDE = 'paymon.db.corrupt-2025-10-16T12-00-00-000Z';

function pragma(file: string, name: string): unknown {
  const db = new DatabaseSync(file, { readOnly: true });
  try {
    return Object.values(db.prepare(`PRAGMA ${name}`).get() ?? {})[0];
  } finally {
    db.close();
  }
}

/** A store with one watched, observed payment, closed again. */
function populated(dir: string): void {
  const { store } = openStore(dir);
  store.addWatch(c2cRef(1));
  store.recordObservation('card2crypto:payment:pay_test1', {
    payment: c2cPayment('pay_test1', 'pending'),
    raw: { success: true },
    seenAt: '2025-10-16T12:00:00Z',
  });
  store.close();
}

function expectStorageError(fn: () => unknown, message: RegExp): void {
  let thrown: unknown;
  try {
    fn();
  } catch (err) {
    thrown = err;
  }
  expect(thrown).toBeInstanceOf(PaymonError);
  expect((thrown as PaymonError).kind).toBe('storage');
  expect((thrown as PaymonError).message).toMatch(message);
}

/** Open over `bytes` and check the file was moved aside intact and a working store replaced it. */
function expectMovedAside(bytes: Buffer, reason: RegExp): void {
  const dir = tempDir();
  const file = path.join(dir, 'paymon.db');
  fs.writeFileSync(file, bytes);
  const { store, notices } = openStore(dir, { now: () => FIXED });
  expect(notices).toHaveLength(1);
  expect(notices[0]).toMatch(reason);
  expect(notices[0]).toContain(path.join(dir, ASIDE));
  expect(fs.readFileSync(path.join(dir, ASIDE)).equals(bytes)).toBe(true);
  expect(store.addWatch(c2cRef(1))).toEqual({ added: true });
  expect(store.listWatches()).toHaveLength(1);
  store.close();
  expect(pragma(file, 'application_id')).toBe(APPLICATION_ID);
}

describe('openStore', () => {
  it('creates the folder and a migrated, WAL, foreign-key database', () => {
    const dir = path.join(tempDir(), 'nested', 'Paymon');
    const { store, notices } = openStore(dir);
    store.close();
    const file = path.join(dir, 'paymon.db');
    expect(notices).toEqual([]);
    expect(pragma(file, 'user_version')).toBe(SCHEMA_VERSION);
    expect(pragma(file, 'application_id')).toBe(APPLICATION_ID);
    expect(pragma(file, 'journal_mode')).toBe('wal');
    if (process.platform !== 'win32') {
      expect(fs.statSync(dir).mode & 0o777).toBe(0o700);
      expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    }
  });

  it('keeps data across reopening, without migrating again', () => {
    const dir = tempDir();
    populated(dir);
    const { store, notices } = openStore(dir);
    expect(notices).toEqual([]);
    expect(store.listWatches().map((w) => w.status)).toEqual(['pending']);
    expect(store.statusHistory('card2crypto:payment:pay_test1')).toHaveLength(1);
    store.close();
  });

  it('refuses a database from a newer Paymon and leaves its files untouched', () => {
    const dir = tempDir();
    populated(dir);
    const file = path.join(dir, 'paymon.db');
    // The newer Paymon crashed: its last commit is still in the WAL, which any writable
    // connection would checkpoint into the main file on close.
    const newer = new DatabaseSync(file);
    newer.exec(`PRAGMA user_version = ${SCHEMA_VERSION + 1}; CREATE TABLE added_later (x TEXT) STRICT`);
    const wal = fs.readFileSync(`${file}-wal`);
    const main = fs.readFileSync(file);
    newer.close();
    fs.writeFileSync(file, main);
    fs.writeFileSync(`${file}-wal`, wal);
    expectStorageError(() => openStore(dir), /written by a newer version of Paymon.*left untouched/);
    expect(fs.readFileSync(file).equals(main)).toBe(true);
    expect(fs.readFileSync(`${file}-wal`).equals(wal)).toBe(true);
    expect(fs.readdirSync(dir).filter((name) => name.includes('corrupt'))).toEqual([]);
  });

  it('moves aside a file of random bytes', () => {
    const bytes = Buffer.alloc(8192);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7919 + 13) % 251;
    expectMovedAside(bytes, /could not be used \(it is damaged/);
  });

  it('moves aside a text file', () => {
    expectMovedAside(Buffer.from('payment ids:\npay_abc123\n'.repeat(100)), /could not be used/);
  });

  it('moves aside a real database truncated mid-page', () => {
    const source = tempDir();
    const { store } = openStore(source);
    store.transaction(() => {
      for (let i = 0; i < 2000; i++) store.addWatch(c2cRef(i), { account: 'shop'.repeat(20) });
    });
    store.close();
    const whole = fs.readFileSync(path.join(source, 'paymon.db'));
    expect(whole.length).toBeGreaterThan(20 * 4096);
    expectMovedAside(whole.subarray(0, Math.floor(whole.length / 2) + 1000), /damaged|integrity/);
  });

  it('moves aside a database whose pages were overwritten', () => {
    const source = tempDir();
    const { store } = openStore(source);
    store.transaction(() => {
      for (let i = 0; i < 2000; i++) store.addWatch(c2cRef(i));
    });
    store.close();
    const bytes = fs.readFileSync(path.join(source, 'paymon.db'));
    bytes.fill(0x5a, 4096 * 3, 4096 * 6);
    expectMovedAside(bytes, /damaged|integrity/);
  });

  it('moves aside a readable database that fails its integrity check', () => {
    const dir = tempDir();
    populated(dir);
    const file = path.join(dir, 'paymon.db');
    // Header offset 36 counts free pages: a wrong count reads fine but fails quick_check.
    const bytes = fs.readFileSync(file);
    bytes.writeUInt32BE(5, 36);
    fs.writeFileSync(file, bytes);
    const { store, notices } = openStore(dir, { now: () => FIXED });
    expect(notices[0]).toMatch(/failed its integrity check: .*Freelist: size is 0 but should be 5\)/);
    expect(store.listWatches()).toEqual([]);
    store.close();
    expect(fs.readFileSync(path.join(dir, ASIDE)).equals(bytes)).toBe(true);
  });

  it("moves aside another program's SQLite database together with its WAL", () => {
    const dir = tempDir();
    const file = path.join(dir, 'paymon.db');
    const foreign = new DatabaseSync(file);
    foreign.exec("PRAGMA journal_mode = WAL; CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('mine')");
    // Copy the live WAL before closing, as if the other program had crashed.
    const wal = fs.readFileSync(`${file}-wal`);
    foreign.close();
    fs.writeFileSync(`${file}-wal`, wal);
    const bytes = fs.readFileSync(file);
    const { store, notices } = openStore(dir, { now: () => FIXED });
    store.close();
    expect(notices[0]).toMatch(/another program created/);
    expect(fs.readFileSync(path.join(dir, ASIDE)).equals(bytes)).toBe(true);
    expect(fs.readFileSync(path.join(dir, `${ASIDE}-wal`)).equals(wal)).toBe(true);
    // The moved copy is still readable with its WAL: nothing of the other program's data is lost.
    const aside = new DatabaseSync(path.join(dir, ASIDE), { readOnly: true });
    expect(aside.prepare('SELECT body FROM notes').get()?.body).toBe('mine');
    aside.close();
  });

  it('never overwrites an earlier moved-aside file', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'paymon.db'), 'first');
    openStore(dir, { now: () => FIXED }).store.close();
    fs.writeFileSync(path.join(dir, 'paymon.db'), 'second');
    const { store, notices } = openStore(dir, { now: () => FIXED });
    store.close();
    expect(notices[0]).toContain(`${ASIDE}-2`);
    expect(fs.readFileSync(path.join(dir, ASIDE), 'utf8')).toBe('first');
    expect(fs.readFileSync(path.join(dir, `${ASIDE}-2`), 'utf8')).toBe('second');
  });

  it('adopts an empty file as a fresh database', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'paymon.db'), '');
    const { store, notices } = openStore(dir);
    store.close();
    expect(notices).toEqual([]);
    expect(pragma(path.join(dir, 'paymon.db'), 'user_version')).toBe(SCHEMA_VERSION);
  });

  it('fails with a storage error when the folder cannot be created', () => {
    const parent = path.join(tempDir(), 'a-file');
    fs.writeFileSync(parent, 'not a folder');
    expectStorageError(() => openStore(path.join(parent, 'Paymon')), /could not create its data folder .*writable/);
  });

  it('fails with a storage error when the database path is a folder', () => {
    const dir = tempDir();
    fs.mkdirSync(path.join(dir, 'paymon.db'));
    expectStorageError(() => openStore(dir), /could not open its database/);
    expect(fs.statSync(path.join(dir, 'paymon.db')).isDirectory()).toBe(true);
  });

  it('lets two connections (the app and the CLI) share the file', () => {
    const dir = tempDir();
    const app = openStore(dir).store;
    const cli = openStore(dir).store;
    cli.addWatch(c2cRef(1));
    expect(app.listWatches()).toHaveLength(1);
    expect(app.claimAnnouncement('k', 'completed', 'now')).toBe(true);
    expect(cli.claimAnnouncement('k', 'completed', 'now')).toBe(false);
    app.close();
    cli.close();
  });
});
