// KeytarStore's own logic with an injected keytar: entry naming, service, timeouts, load
// failures and error messages. The real keychain is exercised in keytar-store.keyring.test.ts.
import { describe, expect, it } from 'vitest';
import { KEYCHAIN_SERVICE, KeytarStore, keychainUnavailable, type KeytarApi } from '../../../src/core/secrets/keytar-store.ts';
import { PaymonError } from '../../../src/shared/errors.ts';

const KEY = 'sk_live_9f8e7d6c5b4a39281706';

/** An in-memory keytar that records its calls. */
function fakeKeytar(overrides: Partial<KeytarApi> = {}) {
  const entries = new Map<string, string>();
  const calls: string[] = [];
  const api: KeytarApi = {
    async getPassword(service, account) {
      calls.push(`get ${service} ${account}`);
      return entries.get(`${service}|${account}`) ?? null;
    },
    async setPassword(service, account, password) {
      calls.push(`set ${service} ${account}`);
      entries.set(`${service}|${account}`, password);
    },
    async deletePassword(service, account) {
      calls.push(`delete ${service} ${account}`);
      return entries.delete(`${service}|${account}`);
    },
    async findCredentials(service) {
      calls.push(`find ${service}`);
      return [...entries]
        .filter(([k]) => k.startsWith(`${service}|`))
        .map(([k, password]) => ({ account: k.slice(service.length + 1), password }));
    },
    ...overrides,
  };
  return { api, entries, calls };
}

async function caught(p: Promise<unknown>): Promise<PaymonError> {
  const err = await p.then(() => null, (e: unknown) => e);
  if (!(err instanceof PaymonError)) throw new Error(`expected a PaymonError, got ${String(err)}`);
  return err;
}

describe('KeytarStore', () => {
  it('files keys under the Paymon service as provider:account', async () => {
    const fake = fakeKeytar();
    const store = new KeytarStore({ load: async () => fake.api, platform: 'darwin' });
    await store.set({ provider: 'paycrypt', account: 'Shop A' }, KEY);
    expect(KEYCHAIN_SERVICE).toBe('Paymon');
    expect([...fake.entries.keys()]).toEqual(['Paymon|paycrypt:Shop A']);
    expect(await store.get({ provider: 'paycrypt', account: 'Shop A' })).toBe(KEY);
  });

  it('lists only its own entries, sorted, without the keys', async () => {
    const fake = fakeKeytar();
    for (const account of ['paycrypt:zeta', 'card2crypto:b', 'paycrypt:default', 'other:x', 'nocolon', 'paycrypt:']) {
      fake.entries.set(`Paymon|${account}`, KEY);
    }
    fake.entries.set('Elsewhere|paycrypt:a', KEY);
    const listed = await new KeytarStore({ load: async () => fake.api }).list();
    expect(listed).toEqual([
      { provider: 'card2crypto', account: 'b' },
      { provider: 'paycrypt', account: 'default' },
      { provider: 'paycrypt', account: 'zeta' },
    ]);
    expect(JSON.stringify(listed)).not.toContain(KEY);
  });

  it('probes for a locked keyring on Linux before listing and after a miss', async () => {
    const fake = fakeKeytar({
      async setPassword() {
        throw new Error('Cannot create an item in a locked collection');
      },
    });
    const store = new KeytarStore({ load: async () => fake.api, platform: 'linux' });
    const err = await caught(store.get({ provider: 'paycrypt', account: 'default' }));
    expect(err.kind).toBe('keychain_unavailable');
    expect(err.message).toContain('locked collection');
    expect((await caught(store.list())).kind).toBe('keychain_unavailable');
    expect(fake.calls).not.toContain('find Paymon');
  });

  it('uses another service when told, so tests never meet real keys', async () => {
    const fake = fakeKeytar();
    await new KeytarStore({ service: 'Paymon-test', load: async () => fake.api }).set(
      { provider: 'card2crypto', account: 'default' },
      KEY,
    );
    expect(fake.calls).toEqual(['set Paymon-test card2crypto:default']);
  });

  it('refuses bad addresses and empty keys before calling keytar', async () => {
    const fake = fakeKeytar();
    const store = new KeytarStore({ load: async () => fake.api });
    const bad = [
      store.set({ provider: 'paycrypt', account: 'a:b' }, KEY),
      store.set({ provider: 'paycrypt', account: '' }, KEY),
      store.set({ provider: 'paycrypt', account: 'default' }, ''),
      store.get({ provider: 'stripe' as 'paycrypt', account: 'default' }),
    ];
    for (const p of bad) expect((await caught(p)).kind).toBe('invalid_input');
    expect(fake.calls).toEqual([]);
  });

  it('turns a keytar that fails to load into keychain_unavailable naming the cause and the fix', async () => {
    const store = new KeytarStore({
      load: async () => {
        throw new Error('libsecret-1.so.0: cannot open shared object file\n    at Module._extensions..node');
      },
      platform: 'linux',
    });
    const err = await caught(store.list());
    expect(err.kind).toBe('keychain_unavailable');
    expect(err.message).toContain(
      'keytar could not be built/loaded: libsecret-1.so.0: cannot open shared object file; install libsecret ' +
        '(Debian/Ubuntu: sudo apt-get install libsecret-1-dev; Fedora: libsecret-devel) and rebuild with `npm rebuild keytar`',
    );
    expect(err.message).not.toContain('Module._extensions');
  });

  it('gives up on a keychain call that hangs', async () => {
    const never = new Promise<never>(() => {});
    const fake = fakeKeytar({ getPassword: () => never });
    const store = new KeytarStore({ load: async () => fake.api, timeoutMs: 50, platform: 'linux' });
    const started = Date.now();
    const err = await caught(store.get({ provider: 'paycrypt', account: 'default' }));
    expect(err.kind).toBe('keychain_unavailable');
    expect(err.message).toMatch(/no answer from the keychain within 0.05 s/);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('never puts the key in an error message, even if the OS echoes it', async () => {
    const fake = fakeKeytar({
      async setPassword(_service, _account, password) {
        throw new Error(`refused to store ${password}\nsecond line`);
      },
    });
    const err = await caught(new KeytarStore({ load: async () => fake.api }).set({ provider: 'paycrypt', account: 'default' }, KEY));
    expect(err.kind).toBe('keychain_unavailable');
    expect(err.message).not.toContain(KEY);
    expect(err.message).toContain('refused to store [key]');
    expect(err.message).not.toContain('second line');
  });
});

describe('keychainUnavailable', () => {
  it.each([
    ['linux', [/Secret Service/, /gnome-keyring/, /KeePassXC/, /libsecret-1-0/, /libsecret-1-dev/]],
    ['darwin', [/login Keychain/]],
    ['win32', [/Credential Manager/]],
    ['freebsd', [/keychain/]],
  ] as const)('tells %s users what they need', (platform, patterns) => {
    const err = keychainUnavailable('some reason', platform);
    expect(err.kind).toBe('keychain_unavailable');
    expect(err.message).toContain('(some reason)');
    expect(err.message).toContain('PAYCRYPT_API_KEY');
    expect(err.message).toMatch(/never in a plain file/);
    for (const p of patterns) expect(err.message).toMatch(p);
  });
});
