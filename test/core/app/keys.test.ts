/** Keys through the service: stored where they belong, verified against the simulator, never sent back or emitted. */
import { afterEach, describe, expect, it } from 'vitest';
import { verifyKey } from '../../../src/core/secrets/verify.ts';
import { keychainUnavailable } from '../../../src/core/secrets/keytar-store.ts';
import { MemoryStore } from '../../../src/core/secrets/memory-store.ts';
import type { KeyAddress, SecretStore } from '../../../src/core/secrets/types.ts';
import type { AccountView, SnapshotView } from '../../../src/shared/ipc.ts';
import { startSimulator } from '../../../src/simulator/server.ts';
import { startServiceRig, type ServiceRig } from './service-rig.ts';

const KEY = 'sk_live_Sup3rSecretKeyValue9876';
const address: KeyAddress = { provider: 'paycrypt', account: 'shop-b' };
let rig: ServiceRig;
afterEach(() => rig?.close());

/** Everything that left the service: pushed events, the results given, a snapshot, the stored metadata. */
async function everythingSeen(results: unknown[]): Promise<string> {
  const snapshot = await rig.service.invoke('app:snapshot', undefined);
  return JSON.stringify([rig.pushed, results, snapshot, rig.store.listAccounts(), rig.notified]);
}

/** A keychain that always fails the way keytar does without a Secret Service. */
class BrokenKeychain implements SecretStore {
  calls = 0;
  async get(): Promise<string | null> {
    this.calls++;
    throw keychainUnavailable('no D-Bus', 'linux');
  }
  set = this.get as unknown as SecretStore['set'];
  delete = this.get as unknown as SecretStore['delete'];
  list = this.get as unknown as SecretStore['list'];
}

describe('keys:set', () => {
  it('stores the key in the keychain, verifies it, and never returns or emits it', async () => {
    const secrets = new MemoryStore();
    rig = await startServiceRig({ secrets });
    rig.world.addKey('paycrypt', KEY);
    const results: unknown[] = [];
    const set = await rig.service.invoke('keys:set', { ...address, key: `  ${KEY}\n` });
    results.push(set);
    expect(set).toEqual({
      ok: true,
      value: expect.objectContaining({ ...address, hasKey: true, masked: 'sk_live_…9876', verified: 'accepted', source: 'keychain' }),
    });
    expect(await secrets.get(address)).toBe(KEY);
    results.push(await rig.service.invoke('keys:verify', address));
    results.push(await rig.service.invoke('keys:set', { ...address, key: `${KEY} trailing-junk` }));
    results.push(await rig.service.invoke('keys:set', { ...address, key: `"${KEY}"` }));
    expect(rig.on<AccountView[]>('accounts').at(-1)).toEqual([expect.objectContaining({ ...address, verified: 'accepted' })]);
    const seen = await everythingSeen(results);
    expect(seen).not.toContain(KEY);
    expect(seen).not.toContain('Sup3rSecret');
  });

  it('marks a key the provider refuses as rejected, and one it cannot judge as unverified', async () => {
    rig = await startServiceRig({ secrets: new MemoryStore() });
    const rejected = await rig.service.invoke('keys:set', { ...address, key: KEY });
    expect(rejected).toMatchObject({ ok: true, value: { verified: 'rejected' } });
    rig.world.injectFaults('server_error', 3);
    const unverified = await rig.service.invoke('keys:verify', address);
    expect(unverified).toMatchObject({ ok: true, value: { verified: 'unverified' } });
    expect(JSON.stringify([rejected, unverified])).not.toContain(KEY);
  });

  it('keeps a session-only key in memory, not in the keychain', async () => {
    const secrets = new MemoryStore();
    const session = new MemoryStore();
    rig = await startServiceRig({ secrets, session });
    const set = await rig.service.invoke('keys:set', { ...address, key: KEY, sessionOnly: true });
    expect(set).toMatchObject({ ok: true, value: { source: 'session' } });
    expect(await secrets.list()).toEqual([]);
    expect(await session.get(address)).toBe(KEY);
    await rig.service.invoke('keys:remove', address);
    expect(await session.list()).toEqual([]);
    expect(rig.on<AccountView[]>('accounts').at(-1)).toEqual([]);
  });

  it('falls back to the session store when the keychain is unavailable, and says so', async () => {
    const keychain = new BrokenKeychain();
    rig = await startServiceRig({ secrets: keychain });
    const snap = (await rig.service.invoke('app:snapshot', undefined)) as { ok: true; value: SnapshotView };
    expect(snap.value.keychainProblem).toMatchObject({ kind: 'keychain_unavailable' });
    const callsAfterStart = keychain.calls;
    const set = await rig.service.invoke('keys:set', { ...address, key: KEY });
    expect(set).toMatchObject({ ok: true, value: { source: 'session', hasKey: true } });
    // Known broken: the gate answers at once instead of asking the keychain again.
    expect(keychain.calls).toBe(callsAfterStart);
  });

  it('starts with a known keychain problem without asking the keychain', async () => {
    const keychain = new BrokenKeychain();
    rig = await startServiceRig({ secrets: keychain, keychainProblem: { kind: 'keychain_unavailable', message: 'locked' } });
    expect(keychain.calls).toBe(0);
    expect(await rig.service.invoke('keys:set', { ...address, key: KEY })).toMatchObject({ ok: true, value: { source: 'session' } });
  });

  it('blanks the key out of an error that would echo it', async () => {
    const leaky: SecretStore = Object.assign(new MemoryStore(), {
      set: async (_a: KeyAddress, key: string) => {
        throw new Error(`write failed for ${key}`);
      },
    });
    rig = await startServiceRig({ secrets: leaky });
    const result = await rig.service.invoke('keys:set', { ...address, key: KEY });
    expect(result).toMatchObject({ ok: false, error: { kind: 'internal' } });
    expect(JSON.stringify(result)).not.toContain(KEY);
    expect(JSON.stringify(result)).toContain('[key]');
  });

  it('lists an environment key as source env, and refuses to remove it', async () => {
    rig = await startServiceRig({ secrets: new MemoryStore(), env: { PAYCRYPT_API_KEY: KEY } });
    const snap = (await rig.service.invoke('app:snapshot', undefined)) as { ok: true; value: SnapshotView };
    expect(snap.value.accounts).toEqual([expect.objectContaining({ provider: 'paycrypt', account: 'env', source: 'env', masked: 'sk_live_…9876' })]);
    expect(JSON.stringify(snap)).not.toContain(KEY);
    expect(await rig.service.invoke('keys:remove', { provider: 'paycrypt', account: 'env' })).toMatchObject({ ok: false, error: { kind: 'invalid_input' } });
    expect(await rig.service.invoke('keys:verify', { provider: 'card2crypto', account: 'default' })).toMatchObject({ ok: false, error: { kind: 'no_key' } });
  });
});

describe('verifyKey', () => {
  it('reads 404 as accepted, 401 as rejected, and a server error as unverified', async () => {
    const sim = await startSimulator();
    try {
      const opts = { baseUrl: sim.paycryptUrl, timeoutMs: 2_000 };
      expect((await verifyKey('paycrypt', sim.keys.paycrypt, opts)).verified).toBe('accepted');
      const bad = await verifyKey('paycrypt', 'sk_test_notakey1234', opts);
      expect(bad).toMatchObject({ verified: 'rejected' });
      expect(bad.detail).not.toContain('sk_test_notakey1234');
      sim.world.injectFaults('server_error', 1);
      expect((await verifyKey('paycrypt', sim.keys.paycrypt, opts)).verified).toBe('unverified');
      expect((await verifyKey('card2crypto', sim.keys.card2crypto, { ...opts, baseUrl: sim.card2cryptoUrl })).verified).toBe('accepted');
    } finally {
      await sim.close();
    }
  });
});
