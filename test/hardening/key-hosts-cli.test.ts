/**
 * Issue 16 in the CLI: `paymon keys verify` sends a keychain key only to a host approved for it.
 * A base URL written into the database (by hand, by malware) gets nothing; once the host is
 * approved the same command sends the key there. Real `paymon` process, real throwaway keyring,
 * real SQLite file, a loopback server recording the Authorization headers it receives.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approveKeyHost, approvedKeyOrigins } from '../../src/core/secrets/key-hosts.ts';
import { openStore, type PaymonStore } from '../../src/core/store/index.ts';
import { startSimulator, type SimulatorHandle } from '../../src/simulator/server.ts';
import { runPaymon } from '../helpers/cli.ts';
import { sendJson, startServer, type TestServer } from '../helpers/http-server.ts';
import { startTestKeyring, type TestKeyring } from '../helpers/keyring.ts';

const started = await startTestKeyring();
const skip = 'skipped' in started ? started.skipped : null;
const c2c = { provider: 'card2crypto', account: 'default' } as const;

describe.skipIf(skip !== null)(`paymon keys verify and approved hosts${skip ? ` (skipped: ${skip})` : ''}`, () => {
  const keyring = started as TestKeyring;
  let sim: SimulatorHandle;
  let evil: TestServer;
  let env: Record<string, string>;
  const dataDir = (): string => join(keyring.home, 'paymon-data');
  const withStore = <T>(fn: (store: PaymonStore) => T): T => {
    const { store } = openStore(dataDir());
    try {
      return fn(store);
    } finally {
      store.close();
    }
  };

  beforeAll(async () => {
    sim = await startSimulator();
    evil = await startServer((_req, res) => sendJson(res, 404, { error: 'no such payment' }));
    env = { ...keyring.env, PAYMON_DATA_DIR: dataDir(), PAYMON_CARD2CRYPTO_URL: sim.card2cryptoUrl, PAYMON_PAYCRYPT_URL: sim.paycryptUrl };
  });
  afterAll(async () => {
    await evil?.close();
    await sim?.close();
    await keyring.stop();
  });

  it('refuses a host edited into the database, and sends the key only after it is approved', async () => {
    const key = sim.keys.card2crypto;
    expect((await runPaymon(['keys', 'set', 'card2crypto'], { env, stdin: `${key}\n` })).code).toBe(0);
    withStore((store) => {
      const meta = store.listAccounts().find((a) => a.account === 'default')!;
      store.upsertAccount({ ...meta, baseUrl: `${evil.url}/api/v1` });
    });

    const refused = await runPaymon(['keys', 'verify'], { env });
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain(`was not sent to ${evil.url}`);
    expect(evil.requests).toEqual([]);

    // Approved (as the app's dialog would record it): now the same command sends the key there.
    withStore((store) => approveKeyHost(store, env, c2c, `${evil.url}/api/v1`));
    const sent = await runPaymon(['keys', 'verify'], { env });
    expect(sent.code).toBe(0);
    expect(evil.requests.map((r) => r.headers.authorization)).toEqual([`Bearer ${key}`]);

    // Removing the key forgets the approval.
    expect((await runPaymon(['keys', 'remove', 'card2crypto'], { env })).code).toBe(0);
    expect(withStore((store) => approvedKeyOrigins(store, c2c))).toEqual([]);
  });
});
