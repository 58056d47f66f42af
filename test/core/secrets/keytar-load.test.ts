// A keytar whose native module is missing or broken, loaded for real (no hand-made Error): the
// store must say `keytar could not be built/loaded: <the loader's own error>` and how to fix it
// on each platform. Issue 10: keytar is an optional dependency, so this is what a machine without
// libsecret's headers gets after a green `npm install`.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { KeytarStore, type KeytarApi } from '../../../src/core/secrets/keytar-store.ts';
import { PaymonError } from '../../../src/shared/errors.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paymon-keytar-load-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A `.node` file that is not a shared library at all, as a half-written build would leave. */
function bogusAddon(): string {
  const file = path.join(dir, 'keytar.node');
  fs.writeFileSync(file, 'this is not an ELF, Mach-O or PE file\n');
  return file;
}

async function loadError(load: () => Promise<KeytarApi>, platform: NodeJS.Platform): Promise<PaymonError> {
  const err = await new KeytarStore({ load, platform }).get({ provider: 'paycrypt', account: 'default' }).then(
    () => null,
    (e: unknown) => e,
  );
  if (!(err instanceof PaymonError)) throw new Error(`expected a PaymonError, got ${String(err)}`);
  return err;
}

/** What the loader itself throws, first line: the store must pass exactly that on. */
async function firstLine(load: () => Promise<unknown>): Promise<string> {
  const err = await load().then(() => null, (e: unknown) => e);
  return (err as Error).message.split('\n')[0] ?? '';
}

const LINUX_FIX =
  '; install libsecret (Debian/Ubuntu: sudo apt-get install libsecret-1-dev; Fedora: libsecret-devel) and rebuild with `npm rebuild keytar`';

describe('a keytar that cannot be loaded', () => {
  it('a .node file that is not a valid library: the dlopen error, then the Linux fix', async () => {
    const load = async () => createRequire(import.meta.url)(bogusAddon()) as KeytarApi;
    const cause = await firstLine(load);
    expect(cause).not.toBe('');
    const err = await loadError(load, 'linux');
    expect(err.kind).toBe('keychain_unavailable');
    expect(err.message).toContain(`keytar could not be built/loaded: ${cause}${LINUX_FIX}`);
    expect(err.message).toMatch(/CARD2CRYPTO_API_KEY or PAYCRYPT_API_KEY/);
  });

  it('a keytar package that is not installed (its optional build failed): the resolver error', async () => {
    const missing = pathToFileURL(path.join(dir, 'node_modules', 'keytar', 'lib', 'keytar.js')).href;
    const load = async () => (await import(/* @vite-ignore */ missing)) as KeytarApi;
    const cause = await firstLine(load);
    expect(cause).toMatch(/Cannot find module|Failed to load url|does not exist/i);
    const err = await loadError(load, 'linux');
    expect(err.message).toContain(`keytar could not be built/loaded: ${cause}${LINUX_FIX}`);
  });

  it.each([
    ['darwin', /rebuild it with `npm rebuild keytar` \(building needs the Xcode Command Line Tools/],
    ['win32', /rebuild it with `npm rebuild keytar` \(building needs the Visual Studio Build Tools/],
    ['freebsd', /rebuild it with `npm rebuild keytar`\./],
  ] as const)('on %s: the rebuild advice without libsecret', async (platform, fix) => {
    const load = async () => createRequire(import.meta.url)(bogusAddon()) as KeytarApi;
    const err = await loadError(load, platform);
    expect(err.message).toContain('keytar could not be built/loaded: ');
    expect(err.message).toMatch(fix);
    expect(err.message).not.toMatch(/libsecret/);
  });
});
