/**
 * Issue 16, "Keys must not follow a changed host": a base URL set over IPC (a compromised renderer
 * can do that) or edited into the database gets the account's key only after the user said yes in
 * main's dialog (here an injected confirmKeyHost). Real AppService, real SQLite store, and a real
 * loopback HTTP server that records every header it receives, standing in for the attacker's host.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { KeyHostRequest } from '../../src/core/secrets/key-hosts.ts';
import { MemoryStore } from '../../src/core/secrets/memory-store.ts';
import type { AccountView, IpcResult, SnapshotView } from '../../src/shared/ipc.ts';
import { sendJson, startServer, type TestServer } from '../helpers/http-server.ts';
import { startServiceRig, type ServiceRig } from '../core/app/service-rig.ts';

let rig: ServiceRig | undefined;
let evil: TestServer | undefined;
afterEach(async () => {
  await rig?.close();
  await evil?.close();
  rig = evil = undefined;
});

const c2c = { provider: 'card2crypto', account: 'default' } as const;

/** The attacker's host: answers 404 to everything (so a sent key would even look "accepted"). */
async function startEvil(): Promise<TestServer> {
  return startServer((_req, res) => sendJson(res, 404, { error: 'no such payment' }));
}

/** Every header value and target the host received, as one string to search for the key. */
const received = (server: TestServer): string => JSON.stringify(server.requests);

/** A confirmKeyHost that records each question and gives a fixed answer. */
function answering(answer: boolean): { asked: KeyHostRequest[]; confirm: (req: KeyHostRequest) => Promise<boolean> } {
  const asked: KeyHostRequest[] = [];
  return { asked, confirm: async (req) => (asked.push(req), answer) };
}

function expectFailure(result: IpcResult<unknown>, kind: string): string {
  expect(result).toMatchObject({ ok: false, error: { kind } });
  return result.ok ? '' : result.error.message;
}

describe('changing an account base URL', () => {
  it('asks first, and a no sends nothing and changes nothing', async () => {
    const user = answering(false);
    rig = await startServiceRig({ confirmKeyHost: user.confirm });
    evil = await startEvil();
    const key = rig.sim.keys.card2crypto;

    const message = expectFailure(await rig.service.invoke('accounts:update', { ...c2c, baseUrl: `${evil.url}/api/v1` }), 'invalid_input');
    expect(user.asked).toEqual([{ ...c2c, host: evil.url }]);
    expect(message).toContain(evil.url);
    expect(message).toContain('not sent');
    expect(evil.requests).toEqual([]);
    expect(received(evil)).not.toContain(key);
    expect(rig.store.listAccounts().find((a) => a.account === 'default')?.baseUrl ?? null).toBeNull();

    // Verify goes to the provider's own host (approved implicitly): no question, and still nothing at the other host.
    const verified = await rig.service.invoke('keys:verify', c2c);
    expect(verified).toMatchObject({ ok: true, value: { verified: 'accepted', baseUrl: null } });
    expect(user.asked).toHaveLength(1);
    expect(evil.requests).toEqual([]);
  });

  it('sends the key after a yes, asks once per host, keeps the approval across restarts, and forgets it with the key', async () => {
    const user = answering(true);
    rig = await startServiceRig({ confirmKeyHost: user.confirm, secrets: new MemoryStore() });
    evil = await startEvil();
    const key = rig.sim.keys.card2crypto;
    await rig.service.invoke('keys:set', { ...c2c, key });
    expect(user.asked).toEqual([]);

    const moved = await rig.service.invoke('accounts:update', { ...c2c, baseUrl: `${evil.url}/api/v1` });
    expect(moved).toMatchObject({ ok: true, value: { baseUrl: `${evil.url}/api/v1` } });
    expect(user.asked).toEqual([{ ...c2c, host: evil.url }]);
    // The user said yes: the key went there, in the Authorization header.
    expect(evil.requests.map((r) => r.headers.authorization)).toEqual([`Bearer ${key}`]);

    // Another path on the same origin, a restart, polling: no second question.
    await rig.service.invoke('accounts:update', { ...c2c, baseUrl: `${evil.url}/v2` });
    await rig.restart();
    const id = rig.world.addCard2Crypto({ amount: 100, outcome: 'pending' });
    await rig.service.invoke('watch:add', { text: id });
    await rig.advance(2_000);
    expect(evil.requests.some((r) => r.url.includes(id))).toBe(true);
    expect(user.asked).toHaveLength(1);

    // The approval belongs to that key: a new key for the account starts from the provider's host again.
    await rig.service.invoke('keys:remove', c2c);
    await rig.service.invoke('keys:set', { ...c2c, key });
    const sent = evil.requests.length;
    await rig.service.invoke('accounts:update', { ...c2c, baseUrl: evil.url });
    expect(user.asked).toHaveLength(2);
    expect(evil.requests.length).toBe(sent + 1);
  });

  it('asks one question at a time, however many requests arrive together', async () => {
    let open = 0;
    let most = 0;
    rig = await startServiceRig({
      confirmKeyHost: async () => {
        most = Math.max(most, ++open);
        await new Promise((resolve) => setImmediate(resolve));
        open--;
        return false;
      },
    });
    evil = await startEvil();
    const results = await Promise.all(
      ['card2crypto', 'paycrypt'].flatMap((provider) => [1, 2, 3].map((n) => rig!.service.invoke('accounts:update', { provider, account: 'default', baseUrl: `${evil!.url}/${n}` }))),
    );
    expect(results.every((r) => !r.ok)).toBe(true);
    expect(most).toBe(1);
    expect(evil.requests).toEqual([]);
  });

  it('refuses any base URL for the env account, whose key comes from the environment, without asking', async () => {
    const user = answering(true);
    rig = await startServiceRig({ confirmKeyHost: user.confirm, secrets: new MemoryStore(), env: { CARD2CRYPTO_API_KEY: 'c2c_test_envkeyvalue000001' } });
    evil = await startEvil();
    const env = { provider: 'card2crypto', account: 'env' } as const;
    const message = expectFailure(await rig.service.invoke('accounts:update', { ...env, baseUrl: evil.url }), 'invalid_input');
    expect(message).toContain('CARD2CRYPTO_API_KEY');
    expect(message).toContain('PAYMON_CARD2CRYPTO_URL');
    expect(user.asked).toEqual([]);
    expect(evil.requests).toEqual([]);
    // Its budget can still be set, and a null base URL (the default) is fine.
    const budget = await rig.service.invoke('accounts:update', { ...env, baseUrl: null, budgetPerMinute: 20 });
    expect(budget).toMatchObject({ ok: true, value: { budgetPerMinute: 20, baseUrl: null } });
  });
});

describe('the moment a stored key is used', () => {
  it('never polls or verifies at a host written into the database without approval', async () => {
    const user = answering(false);
    rig = await startServiceRig({ confirmKeyHost: user.confirm });
    evil = await startEvil();
    const key = rig.sim.keys.card2crypto;
    // As malware or a hand edit would: straight into the accounts table, past the IPC handler, then a restart.
    rig.store.upsertAccount({ ...c2c, maskedKey: 'c2c_test_…0001', verified: 'accepted', checkedAt: null, baseUrl: `${evil.url}/api/v1`, budgetPerMinute: null });
    await rig.restart();

    const id = rig.world.addCard2Crypto({ amount: 100, outcome: 'pending' });
    await rig.service.invoke('watch:add', { text: id });
    await rig.advance(5_000);
    const snap = (await rig.service.invoke('app:snapshot', undefined)) as { ok: true; value: SnapshotView };
    expect(snap.ok, JSON.stringify(snap)).toBe(true);
    const row = snap.value.rows.find((r) => r.key === `card2crypto:payment:${id}`);
    expect(row?.lastError?.kind, JSON.stringify(row)).toBe('auth');
    expect(row?.lastError?.message).toContain(`was not sent to ${evil.url}`);
    // Stored that way too: the reason is in the database, the key nowhere.
    expect(rig.store.getWatch(`card2crypto:payment:${id}`)?.lastError?.kind).toBe('auth');
    expect(user.asked).toEqual([]);

    // Verify asks (the user can approve the host here); the answer is no, so nothing is sent.
    expectFailure(await rig.service.invoke('keys:verify', c2c), 'invalid_input');
    expect(user.asked).toEqual([{ ...c2c, host: evil.url }]);
    expect(evil.requests).toEqual([]);
    expect(received(evil)).not.toContain(key);

    // PayCrypt, untouched, keeps polling its own host meanwhile.
    const pc = rig.world.addPayCrypt({ amount: 100, outcome: 'pending' });
    await rig.service.invoke('watch:add', { text: pc });
    await rig.advance(2_000);
    const after = (await rig.service.invoke('app:snapshot', undefined)) as { ok: true; value: SnapshotView };
    expect(after.value.rows.find((r) => r.key === `paycrypt:payment:${pc}`)?.lastError).toBeNull();
  });

  it('resumes polling at that host once the user confirms it by saving the base URL again', async () => {
    let answer = false;
    rig = await startServiceRig({ confirmKeyHost: async () => answer });
    evil = await startEvil();
    rig.store.upsertAccount({ ...c2c, maskedKey: 'c2c_test_…0001', verified: 'accepted', checkedAt: null, baseUrl: `${evil.url}/api/v1`, budgetPerMinute: null });
    answer = true;
    const saved = await rig.service.invoke('accounts:update', { ...c2c, baseUrl: `${evil.url}/api/v1` });
    expect(saved).toMatchObject({ ok: true, value: { baseUrl: `${evil.url}/api/v1` } satisfies Partial<AccountView> });
    expect(evil.requests.map((r) => r.headers.authorization)).toEqual([`Bearer ${rig.sim.keys.card2crypto}`]);
  });
});

describe('the time the user takes to answer', () => {
  it('does not count against the request timeout', async () => {
    let answer: (yes: boolean) => void = () => undefined;
    let asked = false;
    rig = await startServiceRig({
      handlerTimeoutMs: 50,
      confirmKeyHost: () => {
        asked = true;
        return new Promise<boolean>((resolve) => (answer = resolve));
      },
    });
    evil = await startEvil();
    const pending = rig.service.invoke('accounts:update', { ...c2c, baseUrl: evil.url });
    await expect.poll(() => asked).toBe(true);
    // Well past the 50 ms request timeout, the user is still reading the dialog.
    await new Promise((resolve) => setTimeout(resolve, 300));
    answer(true);
    expect(await pending).toMatchObject({ ok: true, value: { baseUrl: `${evil.url}/` } });
    expect(evil.requests).toHaveLength(1);
  });
});
