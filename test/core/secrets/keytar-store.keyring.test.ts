// KeytarStore against a real gnome-keyring on a private bus (test/helpers/keyring.ts explains
// why keytar runs in child processes). Skipped, with the reason in the title, without the daemons.
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { KeytarOp, KeytarOpResult } from '../../helpers/keytar-child.ts';
import { keyringFile, lockTestKeyring, runKeytarChild, startTestKeyring } from '../../helpers/keyring.ts';

const SERVICE = 'Paymon-test';
const C2C_KEY = 'c2c_test_4f9a1b2c3d4e5f60718293a4b5c61c0b';
const PC_KEY = 'sk_test_Zx81Qw72Er63Ty54Ui45Op36';

// Started while the file is collected, because skipIf needs the answer then; each afterAll is
// registered right away so a failure starting the second cannot leak the first.
const keyring = await startTestKeyring();
afterAll(async () => ('stop' in keyring ? keyring.stop() : undefined));
const noBus = await startTestKeyring({ secretService: false });
afterAll(async () => ('stop' in noBus ? noBus.stop() : undefined));

const skipReason = 'skipped' in keyring ? keyring.skipped : null;
const env = 'env' in keyring ? keyring.env : {};

async function run(...ops: KeytarOp[]): Promise<KeytarOpResult[]> {
  return runKeytarChild(env, { service: SERVICE, ops });
}

/** The values of ops that must all succeed. */
async function values(...ops: KeytarOp[]): Promise<unknown[]> {
  const results = await run(...ops);
  return results.map((r) => {
    if (!r.ok) throw new Error(`unexpected ${r.kind}: ${r.message}`);
    return r.value;
  });
}

const pc = (account: string) => ({ provider: 'paycrypt' as const, account });
const c2c = (account: string) => ({ provider: 'card2crypto' as const, account });

describe.skipIf(skipReason !== null)(`KeytarStore on gnome-keyring${skipReason ? ` (SKIPPED: ${skipReason})` : ''}`, () => {
  it('sets, gets, lists and deletes a key', async () => {
    const [, got, listed, deleted, after, deletedAgain] = await values(
      { op: 'set', address: pc('default'), key: PC_KEY },
      { op: 'get', address: pc('default') },
      { op: 'list' },
      { op: 'delete', address: pc('default') },
      { op: 'get', address: pc('default') },
      { op: 'delete', address: pc('default') },
    );
    expect(got).toBe(PC_KEY);
    expect(listed).toEqual([pc('default')]);
    expect([deleted, after, deletedAgain]).toEqual([true, null, false]);
  });

  it('keeps several accounts per provider apart from the other provider, and survives a new process', async () => {
    await values(
      { op: 'set', address: c2c('shop-b'), key: `${C2C_KEY}b` },
      { op: 'set', address: c2c('default'), key: C2C_KEY },
      { op: 'set', address: pc('default'), key: PC_KEY },
      { op: 'set', address: c2c('Shop A'), key: `${C2C_KEY}a` },
    );
    // A second process: the keys really are in the keyring, not in the first one's memory.
    const [listed, a, b, d, p] = await values(
      { op: 'list' },
      { op: 'get', address: c2c('Shop A') },
      { op: 'get', address: c2c('shop-b') },
      { op: 'get', address: c2c('default') },
      { op: 'get', address: pc('default') },
    );
    expect(listed).toEqual([c2c('default'), c2c('Shop A'), c2c('shop-b'), pc('default')]);
    expect([a, b, d, p]).toEqual([`${C2C_KEY}a`, `${C2C_KEY}b`, C2C_KEY, PC_KEY]);
    const [none] = await values({ op: 'get', address: pc('Shop A') });
    expect(none).toBeNull();
    await values(...(listed as Array<ReturnType<typeof pc>>).map((address) => ({ op: 'delete' as const, address })));
  });

  it('overwrites a key in place', async () => {
    const [, , got, listed] = await values(
      { op: 'set', address: pc('default'), key: PC_KEY },
      { op: 'set', address: pc('default'), key: `${PC_KEY}NEW` },
      { op: 'get', address: pc('default') },
      { op: 'list' },
      { op: 'delete', address: pc('default') },
    );
    expect(got).toBe(`${PC_KEY}NEW`);
    expect(listed).toEqual([pc('default')]);
  });

  it('stores accounts with spaces, dots, dashes, underscores and non-ASCII letters', async () => {
    const names = ['Café Zürich', 'shop.v2_eu-west', '店舗 1'];
    const results = await values(
      ...names.map((n, i) => ({ op: 'set' as const, address: pc(n), key: `${PC_KEY}${i}` })),
      ...names.map((n) => ({ op: 'get' as const, address: pc(n) })),
      ...names.map((n) => ({ op: 'delete' as const, address: pc(n) })),
    );
    expect(results.slice(3, 6)).toEqual([`${PC_KEY}0`, `${PC_KEY}1`, `${PC_KEY}2`]);
    expect(results.slice(6)).toEqual([true, true, true]);
  });

  it('refuses an account name with a colon before touching the keychain', async () => {
    const [r] = await run({ op: 'set', address: pc('a:b'), key: PC_KEY });
    expect(r).toMatchObject({ ok: false, kind: 'invalid_input' });
  });

  it('writes keys only into the encrypted keyring file, never in plain text', async () => {
    const home = 'home' in keyring ? keyring.home : '';
    const before = (await stat(keyringFile(home))).size;
    await values({ op: 'set', address: c2c('scan'), key: C2C_KEY }, { op: 'set', address: pc('scan'), key: PC_KEY });
    // The keys did land in the keyring file (it grew), so the scan below looks at the right place.
    expect((await stat(keyringFile(home))).size).toBeGreaterThan(before);
    const forms = [C2C_KEY, PC_KEY].flatMap((k) => [
      Buffer.from(k, 'utf8'),
      Buffer.from(k, 'utf16le'),
      Buffer.from(Buffer.from(k).toString('base64').slice(0, 24)),
      Buffer.from(Buffer.from(k).toString('hex')),
    ]);
    const files = await filesUnder(home);
    expect(files).toContain(keyringFile(home));
    for (const file of files) {
      const content = await readFile(file);
      for (const form of forms) expect(content.includes(form), `${file} holds a key`).toBe(false);
    }
    await values({ op: 'delete', address: c2c('scan') }, { op: 'delete', address: pc('scan') });
  });
});

describe.skipIf(skipReason !== null)(`KeytarStore on a locked gnome-keyring${skipReason ? ` (SKIPPED: ${skipReason})` : ''}`, () => {
  it('reports keychain_unavailable for every call instead of "no key" or a crash', async () => {
    // A keyring of its own: unlocking again would need a password prompt.
    const locked = await startTestKeyring();
    if (!('env' in locked)) throw new Error(locked.skipped);
    try {
      await runKeytarChild(locked.env, { service: SERVICE, ops: [{ op: 'set', address: pc('default'), key: PC_KEY }] });
      await lockTestKeyring(locked);
      const results = await runKeytarChild(locked.env, {
        service: SERVICE,
        ops: [
          { op: 'list' },
          { op: 'get', address: pc('default') },
          { op: 'get', address: pc('other') },
          { op: 'delete', address: pc('default') },
          { op: 'set', address: pc('default'), key: `${PC_KEY}2` },
        ],
      });
      for (const r of results) {
        expect(r).toMatchObject({ ok: false, kind: 'keychain_unavailable' });
        if (!r.ok) expect(r.message).toMatch(/locked/);
      }
    } finally {
      await locked.stop();
    }
  });
});

describe.skipIf(process.platform !== 'linux')('KeytarStore without a usable Secret Service (Linux)', () => {
  it('reports keychain_unavailable when the D-Bus session bus does not exist', async () => {
    const missingBus = { PATH: process.env.PATH ?? '', DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/paymon-bus' };
    const results = await runKeytarChild(missingBus, {
      service: SERVICE,
      ops: [{ op: 'list' }, { op: 'set', address: pc('default'), key: PC_KEY }],
    });
    for (const r of results) {
      expect(r).toMatchObject({ ok: false, kind: 'keychain_unavailable', paymonError: true });
      if (r.ok) continue;
      expect(r.message).toMatch(/gnome-keyring/);
      expect(r.message).toMatch(/Secret Service/);
      expect(r.message).toMatch(/libsecret-1-0/);
      expect(r.message).not.toContain(PC_KEY);
    }
  });

  const noBusSkip = 'skipped' in noBus ? ` (SKIPPED: ${noBus.skipped})` : '';
  it.skipIf(noBusSkip !== '')(`reports keychain_unavailable when the bus has no Secret Service on it${noBusSkip}`, async () => {
    const busEnv = 'env' in noBus ? noBus.env : {};
    const [r] = await runKeytarChild(busEnv, { service: SERVICE, ops: [{ op: 'get', address: pc('default') }] });
    expect(r).toMatchObject({ ok: false, kind: 'keychain_unavailable' });
    // libsecret's own reason names the missing service; the help names one to install.
    expect(r?.ok === false && r.message).toMatch(/org\.freedesktop\.secrets.*gnome-keyring/);
  });
});

async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await filesUnder(path)));
    else if (entry.isFile()) out.push(path);
  }
  return out;
}
