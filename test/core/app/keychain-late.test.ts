/**
 * The window must not wait for the keychain (issue 10): AppService starts and answers the
 * snapshot while the keychain's start-up probe is still out (a locked keyring), and pushes the
 * keychain's state and the accounts it holds when it answers.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { MemoryStore } from '../../../src/core/secrets/memory-store.ts';
import type { KeyAddress, SecretStore } from '../../../src/core/secrets/types.ts';
import type { ErrorInfo } from '../../../src/shared/errors.ts';
import type { AccountView, SnapshotView, SystemView } from '../../../src/shared/ipc.ts';
import { startServiceRig, type ServiceRig } from './service-rig.ts';

/** A keychain that answers nothing until unlocked (every call waits), like a locked Secret Service. */
class LockedKeychain implements SecretStore {
  readonly inner = new MemoryStore();
  calls = 0;
  #unlock!: () => void;
  readonly #unlocked = new Promise<void>((resolve) => (this.#unlock = resolve));
  unlock(): void {
    this.#unlock();
  }
  async #wait(): Promise<void> {
    this.calls++;
    await this.#unlocked;
  }
  async get(a: KeyAddress) {
    await this.#wait();
    return this.inner.get(a);
  }
  async set(a: KeyAddress, key: string) {
    await this.#wait();
    return this.inner.set(a, key);
  }
  async delete(a: KeyAddress) {
    await this.#wait();
    return this.inner.delete(a);
  }
  async list() {
    await this.#wait();
    return this.inner.list();
  }
}

/** Resolves once `check` holds, polling the event loop (no timing assertion: the test timeout bounds it). */
async function until(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((resolve) => setTimeout(resolve, 5));
}

describe('a keychain that answers late', () => {
  let rig: ServiceRig;
  afterEach(() => rig?.close());

  it('serves the snapshot before the keychain answers, then pushes its state and accounts', async () => {
    const keychain = new LockedKeychain();
    await keychain.inner.set({ provider: 'card2crypto', account: 'default' }, 'c2c_test_placeholder000000000000');
    // What main does: one list() as the probe, not awaited.
    const probe = keychain.list().then(
      (): ErrorInfo | null => null,
      (err: unknown): ErrorInfo => ({ kind: 'keychain_unavailable', message: String(err) }),
    );
    rig = await startServiceRig({ secrets: keychain, keychainProbe: probe });

    const snap = await rig.service.invoke('app:snapshot', undefined);
    expect(snap.ok).toBe(true);
    const before = (snap as { value: SnapshotView }).value;
    expect(before).toMatchObject({ keychainPending: true, keychainProblem: null });
    expect(before.accounts.some((a) => a.source === 'keychain' && a.hasKey)).toBe(false);
    expect(rig.on('system')).toEqual([]);

    keychain.unlock();
    await until(() => rig.on('system').length > 0 && rig.on('accounts').length > 0);
    expect(rig.on<SystemView>('system').at(-1)).toMatchObject({ keychainPending: false, keychainProblem: null });
    const accounts = rig.on<AccountView[]>('accounts').at(-1)!;
    expect(accounts).toContainEqual(expect.objectContaining({ provider: 'card2crypto', account: 'default', source: 'keychain', hasKey: true }));
    const after = await rig.service.invoke('app:snapshot', undefined);
    expect((after as { value: SnapshotView }).value.keychainPending).toBe(false);
  });

  it('pushes the keychain problem when the probe fails late, and keys then go to the session', async () => {
    const keychain = new LockedKeychain();
    let fail!: (problem: ErrorInfo) => void;
    const probe = new Promise<ErrorInfo | null>((resolve) => (fail = resolve));
    rig = await startServiceRig({ secrets: keychain, keychainProbe: probe });
    expect(((await rig.service.invoke('app:snapshot', undefined)) as { value: SnapshotView }).value.keychainPending).toBe(true);

    fail({ kind: 'keychain_unavailable', message: 'The keyring is locked.' });
    await until(() => rig.on('system').length > 0);
    expect(rig.on<SystemView>('system').at(-1)).toMatchObject({ keychainPending: false, keychainProblem: { kind: 'keychain_unavailable', message: 'The keyring is locked.' } });
    // The keychain is not asked again once it is known to be unusable.
    const calls = keychain.calls;
    const set = await rig.service.invoke('keys:set', { provider: 'paycrypt', account: 'default', key: rig.sim.keys.paycrypt, sessionOnly: true });
    expect(set).toMatchObject({ ok: true, value: { source: 'session', hasKey: true } });
    expect(keychain.calls).toBe(calls);
  });
});
