import { describe, expect, it } from 'vitest';
import { ENV_KEYS, noKeyError, resolveKeys } from '../../../src/core/secrets/key-source.ts';
import { keychainUnavailable } from '../../../src/core/secrets/keytar-store.ts';
import { MemoryStore } from '../../../src/core/secrets/memory-store.ts';
import type { KeyAddress, SecretStore } from '../../../src/core/secrets/types.ts';
import { PaymonError } from '../../../src/shared/errors.ts';

const pc = (account: string): KeyAddress => ({ provider: 'paycrypt', account });
const c2c = (account: string): KeyAddress => ({ provider: 'card2crypto', account });

/** A keychain that is not there, as KeytarStore reports it. */
const unavailable: SecretStore = {
  get: () => Promise.reject(keychainUnavailable('no D-Bus', 'linux')),
  set: () => Promise.reject(keychainUnavailable('no D-Bus', 'linux')),
  delete: () => Promise.reject(keychainUnavailable('no D-Bus', 'linux')),
  list: () => Promise.reject(keychainUnavailable('no D-Bus', 'linux')),
};

describe('resolveKeys', () => {
  it('uses the environment variable over the keychain, trimmed, as account "env"', async () => {
    const store = new MemoryStore([[pc('default'), 'sk_live_stored']]);
    const keys = await resolveKeys('paycrypt', { env: { PAYCRYPT_API_KEY: ' sk_live_fromenv\n' }, store });
    expect(keys).toEqual([{ account: 'env', key: 'sk_live_fromenv', source: 'env' }]);
    expect(ENV_KEYS).toEqual({ card2crypto: 'CARD2CRYPTO_API_KEY', paycrypt: 'PAYCRYPT_API_KEY' });
  });

  it("ignores the other provider's variable and an empty one", async () => {
    const store = new MemoryStore([[pc('default'), 'sk_live_stored']]);
    const env = { CARD2CRYPTO_API_KEY: 'c2c_live_x', PAYCRYPT_API_KEY: '  ' };
    expect(await resolveKeys('paycrypt', { env, store })).toEqual([
      { account: 'default', key: 'sk_live_stored', source: 'keychain' },
    ]);
  });

  it('refuses a bad key in the environment, naming the variable but not the key', async () => {
    const err = await resolveKeys('paycrypt', {
      env: { PAYCRYPT_API_KEY: 'c2c_live_secretvalue' },
      store: new MemoryStore(),
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PaymonError);
    expect((err as PaymonError).kind).toBe('invalid_input');
    expect((err as PaymonError).message).toMatch(/^PAYCRYPT_API_KEY: .*Card2Crypto key/);
    expect((err as PaymonError).message).not.toContain('secretvalue');
  });

  it('returns every account of the provider, default first then alphabetical', async () => {
    const store = new MemoryStore([
      [pc('zeta'), 'sk_z'],
      [pc('Beta'), 'sk_b'],
      [c2c('default'), 'c2c_d'],
      [pc('default'), 'sk_d'],
      [pc('alpha'), 'sk_a'],
    ]);
    const keys = await resolveKeys('paycrypt', { env: {}, store });
    expect(keys.map((k) => [k.account, k.key])).toEqual([
      ['default', 'sk_d'],
      ['alpha', 'sk_a'],
      ['Beta', 'sk_b'],
      ['zeta', 'sk_z'],
    ]);
    expect(keys.every((k) => k.source === 'keychain')).toBe(true);
  });

  it('returns an empty list when there is no key', async () => {
    const store = new MemoryStore([[c2c('default'), 'c2c_d']]);
    expect(await resolveKeys('paycrypt', { env: {}, store })).toEqual([]);
  });

  it('lets session keys win over the keychain for the same account', async () => {
    const store = new MemoryStore([[pc('default'), 'sk_old'], [pc('shop'), 'sk_shop']]);
    const session = new MemoryStore([[pc('default'), 'sk_new']]);
    expect(await resolveKeys('paycrypt', { env: {}, store, session })).toEqual([
      { account: 'default', key: 'sk_new', source: 'session' },
      { account: 'shop', key: 'sk_shop', source: 'keychain' },
    ]);
  });

  it('rethrows keychain_unavailable when nothing else has a key', async () => {
    const err = await resolveKeys('paycrypt', { env: {}, store: unavailable, session: new MemoryStore() }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(PaymonError);
    expect((err as PaymonError).kind).toBe('keychain_unavailable');
  });

  it('works without the keychain when the environment or the session has a key', async () => {
    const fromEnv = await resolveKeys('paycrypt', { env: { PAYCRYPT_API_KEY: 'sk_e' }, store: unavailable });
    expect(fromEnv).toEqual([{ account: 'env', key: 'sk_e', source: 'env' }]);
    const session = new MemoryStore([[pc('default'), 'sk_s']]);
    const fromSession = await resolveKeys('paycrypt', { env: {}, store: unavailable, session });
    expect(fromSession).toEqual([{ account: 'default', key: 'sk_s', source: 'session' }]);
  });

  it('does not hide other store failures behind a session key', async () => {
    const broken: SecretStore = { ...unavailable, list: () => Promise.reject(new PaymonError('internal', 'bug')) };
    const session = new MemoryStore([[pc('default'), 'sk_s']]);
    await expect(resolveKeys('paycrypt', { env: {}, store: broken, session })).rejects.toThrow('bug');
  });
});

describe('noKeyError', () => {
  it.each([
    ['card2crypto', 'Card2Crypto', 'CARD2CRYPTO_API_KEY'],
    ['paycrypt', 'PayCrypt', 'PAYCRYPT_API_KEY'],
  ] as const)('tells how to add a %s key', (provider, label, envName) => {
    const err = noKeyError(provider);
    expect(err.kind).toBe('no_key');
    expect(err.message).toContain(`No ${label} API key`);
    expect(err.message).toContain(`paymon keys set ${provider}`);
    expect(err.message).toContain(envName);
  });
});
