/**
 * The data folder and database modes are tightened on every open, not only when Paymon creates
 * them (issue 16): real files on disk, an existing 0755 folder and 0644 database with its -wal and
 * -shm. A folder or file owned by another user is left alone with a notice: as root the files are
 * chowned to `nobody` for the real case; the same path runs as any user with another uid passed in.
 */
import fs from 'node:fs';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../../src/core/store/index.ts';
import { tightenModes } from '../../../src/core/store/file-modes.ts';
import { c2cRef, tempDir } from './helpers.ts';

const NOBODY = 65534;
const isRoot = process.getuid?.() === 0;
const mode = (p: string) => fs.statSync(p).mode & 0o777;

/** A data folder holding a database whose -wal and -shm exist (a second connection holds them open). */
function looseDataDir(): { dir: string; file: string; files: string[]; holder: DatabaseSync } {
  const dir = path.join(tempDir(), 'Paymon');
  const first = openStore(dir);
  first.store.addWatch(c2cRef(1));
  first.store.close();
  const file = path.join(dir, 'paymon.db');
  const holder = new DatabaseSync(file);
  holder.exec('PRAGMA journal_mode = WAL');
  holder.prepare('SELECT count(*) FROM sqlite_schema').get();
  const files = [file, `${file}-wal`, `${file}-shm`];
  for (const f of files) expect(fs.existsSync(f), f).toBe(true);
  // As if made by hand (mkdir with the default umask) or copied in from a backup.
  fs.chmodSync(dir, 0o755);
  for (const f of files) fs.chmodSync(f, 0o644);
  return { dir, file, files, holder };
}

describe.skipIf(process.platform === 'win32')('data folder and database modes', () => {
  it('tightens an existing 0755 folder and 0644 database, -wal and -shm to 0700 and 0600 on open', () => {
    const { dir, files, holder } = looseDataDir();
    try {
      const { store, notices } = openStore(dir);
      store.close();
      expect(notices).toEqual([]);
      expect(mode(dir)).toBe(0o700);
      for (const f of files) expect(mode(f), f).toBe(0o600);
    } finally {
      holder.close();
    }
  });

  it('leaves a folder and files it does not own as they are, and says so', () => {
    const { dir, file, files, holder } = looseDataDir();
    try {
      const owner = fs.statSync(dir).uid;
      const notices = tightenModes(dir, file, { uid: owner + 1 });
      expect(notices).toHaveLength(4);
      expect(notices[0]).toMatch(/data folder .*Paymon can be read by other users \(mode 0755\), and it belongs to another user/);
      expect(notices[0]).toContain(`chmod 700 "${dir}"`);
      expect(notices[1]).toContain(`chmod 600 "${file}"`);
      expect(mode(dir)).toBe(0o755);
      for (const f of files) expect(mode(f), f).toBe(0o644);
    } finally {
      holder.close();
    }
  });

  it.skipIf(!isRoot)('as root, warns through openStore about files another user owns (skipped: needs root to chown)', () => {
    const { dir, file, files, holder } = looseDataDir();
    try {
      for (const p of [dir, ...files]) fs.chownSync(p, NOBODY, NOBODY);
      const { store, notices } = openStore(dir);
      store.close();
      expect(notices.filter((n) => n.includes(`uid ${NOBODY}`))).toHaveLength(4);
      expect(notices.some((n) => n.includes(`chmod 600 "${file}"`))).toBe(true);
      expect(mode(dir)).toBe(0o755);
      for (const f of files) expect(mode(f), f).toBe(0o644);
    } finally {
      holder.close();
    }
  });

  it('keeps modes that are already private, and an owner-only read-only file read-only', () => {
    const dir = tempDir();
    const file = path.join(dir, 'paymon.db');
    fs.writeFileSync(file, '');
    fs.chmodSync(file, 0o400);
    expect(tightenModes(dir, file)).toEqual([]);
    expect(mode(file)).toBe(0o400);
    fs.chmodSync(file, 0o444);
    expect(tightenModes(dir, file)).toEqual([]);
    expect(mode(file)).toBe(0o400);
  });
});

describe('on Windows', () => {
  it('changes no modes (there are none to set)', () => {
    const dir = tempDir();
    fs.chmodSync(dir, 0o755);
    expect(tightenModes(dir, path.join(dir, 'paymon.db'), { platform: 'win32' })).toEqual([]);
    if (process.platform !== 'win32') expect(mode(dir)).toBe(0o755);
  });
});
