/**
 * Per-account settings against the real service and two simulators over loopback HTTP: the base
 * URL is validated, used by verification and by the very next lookup; the budget caps requests;
 * replacing a key re-verifies it; removing a key removes the account's metadata.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { MemoryStore } from '../../../src/core/secrets/memory-store.ts';
import type { AccountView, SnapshotView } from '../../../src/shared/ipc.ts';
import { DEFAULT_KEYS, SimWorld, startSimulator, type SimulatorHandle } from '../../../src/simulator/index.ts';
import { startServiceRig, type ServiceRig } from './service-rig.ts';

let rig: ServiceRig;
let sim2: SimulatorHandle | undefined;
afterEach(async () => {
  await rig?.close();
  await sim2?.close();
  sim2 = undefined;
});

async function ok<T>(p: Promise<{ ok: boolean; value?: unknown; error?: unknown }>): Promise<T> {
  const result = await p;
  if (!result.ok) throw new Error(`expected ok, got ${JSON.stringify(result.error)}`);
  return result.value as T;
}

/** Every URL the service fetched; anything but loopback is refused (tests never touch the internet). */
function guardedFetch(seen: string[]): typeof globalThis.fetch {
  return async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    seen.push(url.href);
    if (url.hostname !== '127.0.0.1' && url.hostname !== 'localhost') throw new TypeError('fetch failed', { cause: new Error('offline test') });
    return globalThis.fetch(input, init);
  };
}

const c2c = { provider: 'card2crypto', account: 'default' } as const;
const requestsOf = (world: SimWorld, key: string): number => world.stats()[key]?.requests ?? 0;

describe('accounts:update', () => {
  it('accepts https and loopback http only, and sends the next lookup to the new base URL', async () => {
    const seen: string[] = [];
    // The user says yes to every host here; test/hardening/key-hosts.test.ts covers the no.
    const asked: string[] = [];
    rig = await startServiceRig({ fetch: guardedFetch(seen), confirmKeyHost: async ({ host }) => asked.push(host) > 0 });
    for (const baseUrl of ['http://api.example.com/v1', 'http://10.0.0.1/', 'ftp://127.0.0.1/api', 'https://u:p@api.example.com/', 'file:///etc/passwd']) {
      expect(await rig.service.invoke('accounts:update', { ...c2c, baseUrl }), baseUrl).toMatchObject({ ok: false, error: { kind: 'invalid_input' } });
    }
    expect(rig.store.listAccounts()).toEqual([]);

    const https = await ok<AccountView>(rig.service.invoke('accounts:update', { ...c2c, baseUrl: 'https://staging.example.com/api/v1' }));
    // Verified again at the new address, which (offline) cannot judge the key.
    expect(https).toMatchObject({ baseUrl: 'https://staging.example.com/api/v1', verified: 'unverified', hasKey: true });
    expect(seen.some((u) => u.startsWith('https://staging.example.com/api/v1/'))).toBe(true);
    expect(rig.on<AccountView[]>('accounts').at(-1)).toContainEqual(https);
    expect(await ok<AccountView>(rig.service.invoke('accounts:update', { ...c2c, baseUrl: 'http://localhost:9/api' }))).toMatchObject({ baseUrl: 'http://localhost:9/api' });

    // A second simulator that alone knows the payment.
    const world2 = new SimWorld({ now: () => rig.clock.now(), seed: 99 });
    sim2 = await startSimulator({ world: world2 });
    const id = world2.addCard2Crypto({ amount: 4_200, outcome: 'pending' });
    const moved = await ok<AccountView>(rig.service.invoke('accounts:update', { ...c2c, baseUrl: sim2.card2cryptoUrl }));
    expect(moved).toMatchObject({ baseUrl: sim2.card2cryptoUrl, verified: 'accepted' });
    // Each new host was confirmed once before the key went there; the refused URLs asked nothing.
    expect(asked).toEqual(['https://staging.example.com', 'http://localhost:9', new URL(sim2.card2cryptoUrl).origin]);
    rig.world.resetStats();
    world2.resetStats();

    await ok(rig.service.invoke('watch:add', { text: id }));
    await rig.advance(2_000);
    const key = `card2crypto:payment:${id}`;
    let snap = await ok<SnapshotView>(rig.service.invoke('app:snapshot', undefined));
    expect(snap.rows.find((r) => r.key === key)).toMatchObject({ status: 'pending', lastError: null, account: 'default' });
    expect(requestsOf(world2, DEFAULT_KEYS.card2crypto)).toBeGreaterThan(0);
    expect(requestsOf(rig.world, DEFAULT_KEYS.card2crypto)).toBe(0);
    expect(seen.some((u) => u.startsWith(sim2!.card2cryptoUrl) && u.includes(id))).toBe(true);

    // Back to the default (the first simulator, which has never heard of this payment).
    expect(await ok<AccountView>(rig.service.invoke('accounts:update', { ...c2c, baseUrl: null }))).toMatchObject({ baseUrl: null });
    const before = requestsOf(world2, DEFAULT_KEYS.card2crypto);
    await ok(rig.service.invoke('watch:refresh', { keys: [key] }));
    await rig.advance(2_000);
    snap = await ok<SnapshotView>(rig.service.invoke('app:snapshot', undefined));
    expect(snap.rows.find((r) => r.key === key)?.lastError?.kind).toBe('not_found');
    expect(requestsOf(rig.world, DEFAULT_KEYS.card2crypto)).toBeGreaterThan(0);
    expect(requestsOf(world2, DEFAULT_KEYS.card2crypto)).toBe(before);
  });

  it('applies a budget change to an account that is already being polled', async () => {
    rig = await startServiceRig();
    const ids = Array.from({ length: 40 }, () => rig.world.addCard2Crypto({ amount: 100, outcome: 'pending' }));
    await ok(rig.service.invoke('watch:add', { text: ids.join('\n') }));
    await rig.advance(60_000);
    expect(rig.service.engine.scheduler.budget('card2crypto:default').perMinute).toBe(60);
    await ok(rig.service.invoke('accounts:update', { ...c2c, budgetPerMinute: 6 }));
    expect(rig.service.engine.scheduler.budget('card2crypto:default').perMinute).toBe(6);
    await rig.advance(60_000);
    const before = requestsOf(rig.world, DEFAULT_KEYS.card2crypto);
    await rig.advance(60_000);
    expect(requestsOf(rig.world, DEFAULT_KEYS.card2crypto) - before).toBeLessThanOrEqual(6);
  });

  it('caps the requests an account sends per minute at its budget', async () => {
    rig = await startServiceRig();
    const view = await ok<AccountView>(rig.service.invoke('accounts:update', { ...c2c, budgetPerMinute: 6 }));
    expect(view).toMatchObject({ budgetPerMinute: 6, baseUrl: null });
    const ids = Array.from({ length: 30 }, () => rig.world.addCard2Crypto({ amount: 100, outcome: 'pending' }));
    rig.world.resetStats();
    await ok(rig.service.invoke('watch:add', { text: ids.join('\n') }));
    const perMinute: number[] = [];
    for (let minute = 0; minute < 4; minute++) {
      const before = requestsOf(rig.world, DEFAULT_KEYS.card2crypto);
      await rig.advance(60_000);
      perMinute.push(requestsOf(rig.world, DEFAULT_KEYS.card2crypto) - before);
    }
    // Without the budget, 30 payments added at once are all checked in the first minute.
    expect(perMinute.every((n) => n <= 6), `requests per minute: ${perMinute.join(', ')}`).toBe(true);
    // And it keeps polling within it (the budget holds its burst out of the steady rate: 6 + 3 a minute).
    expect(perMinute.reduce((a, b) => a + b)).toBeGreaterThanOrEqual(12);
    expect(rig.service.engine.scheduler.budget('card2crypto:default').perMinute).toBe(6);

    // Stored with the account: a restarted service polls within the same budget.
    await rig.restart();
    expect(rig.service.engine.scheduler.budget('card2crypto:default').perMinute).toBe(6);
    const snap = await ok<SnapshotView>(rig.service.invoke('app:snapshot', undefined));
    expect(snap.accounts.find((a) => a.provider === 'card2crypto')?.budgetPerMinute).toBe(6);
  });
});

describe('keys on an account with settings', () => {
  it('re-verifies a replaced key at the account base URL, and forgets the metadata with the key', async () => {
    rig = await startServiceRig({ secrets: new MemoryStore(), confirmKeyHost: async () => true });
    const shop = { provider: 'card2crypto', account: 'shop' } as const;
    const world2 = new SimWorld({ now: () => rig.clock.now(), seed: 5, defaultKeys: false });
    world2.addKey('card2crypto', 'c2c_test_onlyonsimulator2');
    sim2 = await startSimulator({ world: world2 });

    const first = await ok<AccountView>(rig.service.invoke('keys:set', { ...shop, key: DEFAULT_KEYS.card2crypto }));
    expect(first).toMatchObject({ verified: 'accepted', source: 'keychain' });
    await ok(rig.service.invoke('accounts:update', { ...shop, baseUrl: sim2.card2cryptoUrl, budgetPerMinute: 12 }));
    // The first simulator's key means nothing at the second: the badge says so.
    expect(rig.store.listAccounts()[0]).toMatchObject({ verified: 'rejected', baseUrl: sim2.card2cryptoUrl, budgetPerMinute: 12 });

    const replaced = await ok<AccountView>(rig.service.invoke('keys:set', { ...shop, key: 'c2c_test_onlyonsimulator2' }));
    expect(replaced).toMatchObject({ verified: 'accepted', masked: 'c2c_test_…tor2', baseUrl: sim2.card2cryptoUrl, budgetPerMinute: 12 });
    expect(requestsOf(world2, 'c2c_test_onlyonsimulator2')).toBe(1);

    await ok(rig.service.invoke('keys:remove', shop));
    expect(rig.store.listAccounts()).toEqual([]);
    expect((await ok<SnapshotView>(rig.service.invoke('app:snapshot', undefined))).accounts).toEqual([]);
    // Set again, the account starts from scratch: the default URL, no budget.
    expect(await ok<AccountView>(rig.service.invoke('keys:set', { ...shop, key: DEFAULT_KEYS.card2crypto }))).toMatchObject({
      verified: 'accepted',
      baseUrl: null,
      budgetPerMinute: null,
    });
  });
});
