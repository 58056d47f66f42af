/**
 * A data folder the user can't write to must give a storage error with advice, never a raw SQLite
 * error. Root ignores permission bits, so as root the open runs in a child process as `nobody`,
 * for whom the 0500 folder really is read-only (from a copy nobody can read: see as-user.ts).
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it, type TestContext } from 'vitest';
import { openStore } from '../../../src/core/store/index.ts';
import { toErrorInfo, type ErrorInfo } from '../../../src/shared/errors.ts';
import { chownTree, isRoot, userRunner } from '../../helpers/as-user.ts';
import { c2cRef, tempDir } from './helpers.ts';

const asUser = userRunner();

/** Try openStore(dir) as an unprivileged user; the error it threw, or null when it opened. */
function openAsUser(ctx: TestContext, dir: string): ErrorInfo | null {
  if (!isRoot) {
    try {
      openStore(dir).store.close();
      return null;
    } catch (err) {
      return toErrorInfo(err);
    }
  }
  const script = (src: (file: string) => string) =>
    `import { openStore } from ${JSON.stringify(src('core/store/index.ts'))};
     try { openStore(process.argv[2]).store.close(); console.log('null'); }
     catch (err) { console.log(JSON.stringify({ kind: err.kind ?? 'raw', message: err.message })); }`;
  return asUser.run(ctx, script, [dir]) as ErrorInfo | null;
}

/** A folder owned by the test user (nobody, under root) that will be made read-only. */
function userDir(): { parent: string; dir: string } {
  const parent = tempDir();
  fs.chmodSync(parent, 0o755);
  const dir = path.join(parent, 'Paymon');
  fs.mkdirSync(dir, { mode: 0o700 });
  return { parent, dir };
}

describe.skipIf(process.platform === 'win32')('a read-only data folder', () => {
  it('gives a storage error when the database cannot be created', (ctx) => {
    const { dir } = userDir();
    chownTree(dir);
    fs.chmodSync(dir, 0o500);
    const error = openAsUser(ctx, dir);
    expect(error?.kind).toBe('storage');
    expect(error?.message).toMatch(/Paymon could not open its database .*writable/);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('gives a storage error, and moves nothing, when an existing database cannot be written', (ctx) => {
    const { dir } = userDir();
    const { store } = openStore(dir);
    store.addWatch(c2cRef(1));
    store.close();
    const before = fs.readFileSync(path.join(dir, 'paymon.db'));
    chownTree(dir);
    fs.chmodSync(dir, 0o500);
    const error = openAsUser(ctx, dir);
    expect(error?.kind).toBe('storage');
    expect(error?.message).toMatch(/Paymon could not open its database .*paymon\.db .*writable/);
    expect(fs.readdirSync(dir)).toEqual(['paymon.db']);
    expect(fs.readFileSync(path.join(dir, 'paymon.db')).equals(before)).toBe(true);
  });
});
