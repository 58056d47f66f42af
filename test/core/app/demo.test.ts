/**
 * Demo mode against the real service: the in-process simulator over loopback HTTP on the rig's
 * virtual clock, session-only keys (the keychain records every set()), payments that finish within
 * minutes, a resume across restarts, and a stop that removes exactly what the demo added.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { MemoryStore } from '../../../src/core/secrets/memory-store.ts';
import type { KeyAddress } from '../../../src/core/secrets/types.ts';
import type { AccountView, SnapshotView, ToastView, WatchDelta } from '../../../src/shared/ipc.ts';
import { startServiceRig, type ServiceRig } from './service-rig.ts';

let rig: ServiceRig;
afterEach(() => rig?.close());

/** A keychain that remembers every key written to it. */
class RecordingStore extends MemoryStore {
  readonly sets: KeyAddress[] = [];
  override async set(address: KeyAddress, key: string): Promise<void> {
    this.sets.push({ ...address });
    return super.set(address, key);
  }
}

async function ok<T>(p: Promise<{ ok: boolean; value?: unknown; error?: unknown }>): Promise<T> {
  const result = await p;
  if (!result.ok) throw new Error(`expected ok, got ${JSON.stringify(result.error)}`);
  return result.value as T;
}

const snapshot = () => ok<SnapshotView>(rig.service.invoke('app:snapshot', undefined));
const demoAccounts = (accounts: AccountView[]) => accounts.filter((a) => a.account === 'demo');

/** Whether nothing listens at `url` any more (the simulator was closed). */
async function refused(url: string): Promise<boolean> {
  return fetch(url).then(
    () => false,
    () => true,
  );
}

describe('demo mode', () => {
  it('runs on session keys, finishes payments with notifications, and stops leaving the user’s rows alone', async () => {
    const keychain = new RecordingStore([
      [{ provider: 'card2crypto', account: 'default' }, 'c2c_test_paymonsimulator0001'],
      [{ provider: 'paycrypt', account: 'default' }, 'sk_test_paymonsimulator0001'],
    ]);
    const session = new MemoryStore();
    rig = await startServiceRig({ secrets: keychain, session });
    const mine = rig.world.addCard2Crypto({ amount: 777, outcome: 'pending' });
    const mineKey = `card2crypto:payment:${mine}`;
    await ok(rig.service.invoke('watch:add', { text: mine }));
    await rig.advance(1_000);

    const started = await ok<SnapshotView>(rig.service.invoke('demo:start', undefined));
    expect(started.demo).toBe(true);
    const demoKeys = started.rows.map((r) => r.key).filter((k) => k !== mineKey);
    expect(demoKeys).toHaveLength(16);
    expect(new Set(demoKeys.map((k) => k.split(':')[0]))).toEqual(new Set(['card2crypto', 'paycrypt']));
    const accounts = demoAccounts(started.accounts);
    expect(accounts.map((a) => [a.provider, a.source, a.hasKey, a.verified])).toEqual([
      ['card2crypto', 'session', true, 'accepted'],
      ['paycrypt', 'session', true, 'accepted'],
    ]);
    expect(accounts.every((a) => a.baseUrl?.startsWith('http://127.0.0.1:'))).toBe(true);
    expect(demoAccounts(rig.on<AccountView[]>('accounts').at(-1) ?? [])).toHaveLength(2);
    // Starting again changes nothing.
    expect((await ok<SnapshotView>(rig.service.invoke('demo:start', undefined))).rows).toHaveLength(17);

    for (let i = 0; i < 18; i++) await rig.advance(10_000);
    const rows = (await snapshot()).rows.filter((r) => demoKeys.includes(r.key));
    const finals = rows.filter((r) => r.final);
    expect(rows.every((r) => r.lastError === null && r.account === 'demo')).toBe(true);
    expect(new Set(finals.map((r) => r.ref.provider))).toEqual(new Set(['card2crypto', 'paycrypt']));
    expect(new Set(finals.map((r) => r.status)).size).toBeGreaterThanOrEqual(4);
    const toasts = rig.on<ToastView>('toast').filter((t) => demoKeys.includes(t.key));
    expect(toasts.length).toBeGreaterThanOrEqual(3);
    // Past the burst window: every alert notified, alone or within a grouped notification.
    await rig.advance(3_000);
    expect(rig.notified.flatMap((n) => n.alertIds)).toHaveLength(toasts.length);

    // The demo's account name is taken while it runs; its keys never reached the keychain.
    expect(await rig.service.invoke('keys:set', { provider: 'paycrypt', account: 'demo', key: 'sk_test_mine1234' })).toMatchObject({
      ok: false,
      error: { kind: 'invalid_input' },
    });
    expect(keychain.sets).toEqual([]);
    expect((await keychain.list()).map((a) => a.account)).toEqual(['default', 'default']);

    const mineBefore = (await snapshot()).rows.find((r) => r.key === mineKey);
    const simUrl = accounts[0]!.baseUrl!;
    const stopped = await ok<SnapshotView>(rig.service.invoke('demo:stop', undefined));
    expect(stopped.demo).toBe(false);
    expect(stopped.rows.map((r) => r.key)).toEqual([mineKey]);
    expect(stopped.rows[0]).toMatchObject({ status: mineBefore?.status, account: 'default', addedAt: mineBefore?.addedAt });
    expect(demoAccounts(stopped.accounts)).toEqual([]);
    expect(rig.store.listAccounts().filter((a) => a.account === 'demo')).toEqual([]);
    expect(await session.list()).toEqual([]);
    expect(rig.store.getSetting('demo')).toBeUndefined();
    expect(await refused(`${simUrl}/payments/pay_x`)).toBe(true);
    await rig.flush();
    const removes = new Set(rig.on<WatchDelta>('watch:delta').flatMap((d) => d.removes));
    expect(demoKeys.every((k) => removes.has(k))).toBe(true);
    expect(removes.has(mineKey)).toBe(false);
    expect(keychain.sets).toEqual([]);
    // Stopping again is harmless.
    expect((await ok<SnapshotView>(rig.service.invoke('demo:stop', undefined))).rows).toHaveLength(1);
  });

  it('resumes after a restart on a new port, with the same payments still moving', async () => {
    rig = await startServiceRig();
    const started = await ok<SnapshotView>(rig.service.invoke('demo:start', undefined));
    const keys = started.rows.map((r) => r.key).sort();
    const firstUrl = demoAccounts(started.accounts)[0]!.baseUrl!;
    await rig.advance(20_000);

    await rig.restart();
    // Closing the service stopped its simulator.
    expect(await refused(firstUrl)).toBe(true);
    const resumed = await snapshot();
    expect(resumed.demo).toBe(true);
    expect(resumed.rows.map((r) => r.key).sort()).toEqual(keys);
    const accounts = demoAccounts(resumed.accounts);
    expect(accounts.map((a) => [a.source, a.verified])).toEqual([['session', 'accepted'], ['session', 'accepted']]);
    expect(accounts[0]!.baseUrl).not.toBe(firstUrl);

    for (let i = 0; i < 12; i++) await rig.advance(10_000);
    const rows = (await snapshot()).rows;
    expect(rows.every((r) => r.lastError === null)).toBe(true);
    expect(rows.filter((r) => r.final).length).toBeGreaterThanOrEqual(8);
    expect(rig.notified.length).toBeGreaterThanOrEqual(3);

    await ok(rig.service.invoke('demo:stop', undefined));
    await rig.restart();
    expect(await snapshot()).toMatchObject({ demo: false, rows: [] });
  });

  it('ends a demo it cannot resume cleanly, and refuses to start beside an environment key', async () => {
    rig = await startServiceRig();
    await ok(rig.service.invoke('demo:start', undefined));
    // A record that no longer matches what the simulator builds (as after an upgrade).
    const record = rig.store.getSetting<{ count: number }>('demo');
    rig.store.setSetting('demo', { ...record, count: 4 });
    await rig.restart();
    const snap = await snapshot();
    expect(snap).toMatchObject({ demo: false, rows: [] });
    expect(demoAccounts(snap.accounts)).toEqual([]);
    expect(rig.store.getSetting('demo')).toBeUndefined();
    await rig.close();

    rig = await startServiceRig({ env: { CARD2CRYPTO_API_KEY: 'c2c_test_fromtheenvironment' } });
    const refusedStart = await rig.service.invoke('demo:start', undefined);
    expect(refusedStart).toMatchObject({ ok: false, error: { kind: 'invalid_input' } });
    expect(JSON.stringify(refusedStart)).toContain('CARD2CRYPTO_API_KEY');
    expect(await snapshot()).toMatchObject({ demo: false, rows: [] });
  });
});

describe('demo mode without an injected backend (issue 12: the core does not import the simulator)', () => {
  it('refuses to start with a sentence and leaves nothing behind', async () => {
    rig = await startServiceRig({ demoBackend: undefined });
    const result = await rig.service.invoke('demo:start', undefined);
    expect(result).toEqual({ ok: false, error: { kind: 'internal', message: 'Demo mode is not available in this build of Paymon.' } });
    const after = await snapshot();
    expect([after.demo, after.rows.length, demoAccounts(after.accounts).length]).toEqual([false, 0, 0]);
  });
});
