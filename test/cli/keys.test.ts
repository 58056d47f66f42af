import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type SimulatorHandle } from '../../src/simulator/server.ts';
import { startTestKeyring, type TestKeyring } from '../helpers/keyring.ts';
import { runPaymon, type CliRun } from '../helpers/cli.ts';

const started = await startTestKeyring();
const skip = 'skipped' in started ? started.skipped : null;

/** Every file under `dir`, recursively. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

describe.skipIf(skip !== null)(`paymon keys against a real gnome-keyring${skip ? ` (skipped: ${skip})` : ''}`, () => {
  const keyring = started as TestKeyring;
  let sim: SimulatorHandle;
  let env: Record<string, string>;
  const outputs: CliRun[] = [];
  const run = async (args: string[], stdin?: string, extra: Record<string, string> = {}): Promise<CliRun> => {
    const r = await runPaymon(args, { env: { ...env, ...extra }, ...(stdin === undefined ? {} : { stdin }) });
    outputs.push(r);
    return r;
  };
  const shopKey = 'c2c_test_secondshop00000042';

  beforeAll(async () => {
    sim = await startSimulator();
    sim.world.addKey('card2crypto', shopKey);
    env = {
      ...keyring.env,
      PAYMON_DATA_DIR: join(keyring.home, 'paymon-data'),
      PAYMON_CARD2CRYPTO_URL: sim.card2cryptoUrl,
      PAYMON_PAYCRYPT_URL: sim.paycryptUrl,
    };
  });
  afterAll(async () => {
    await sim?.close();
    await keyring.stop();
  });

  it('with no key at all, check says no_key and how to add one', async () => {
    const r = await run(['check', '--json', 'pay_abc123']);
    expect(r.code).toBe(1);
    expect(r.lines[0]).toMatchObject({ error: { kind: 'no_key', message: expect.stringMatching(/paymon keys set card2crypto/) } });
  });

  it('sets a key from standard input, verifies it and lists it masked', async () => {
    const set = await run(['keys', 'set', 'card2crypto'], `  ${sim.keys.card2crypto}\n`);
    expect(set.code).toBe(0);
    expect(set.stdout).toMatch(/accepted by Card2Crypto/);
    const list = await run(['keys', 'list', '--json']);
    const rows = JSON.parse(list.stdout) as Array<Record<string, unknown>>;
    expect(rows).toEqual([
      { provider: 'card2crypto', account: 'default', masked: expect.stringMatching(/^c2c_test_…\w{4}$/), verified: 'accepted', checkedAt: expect.any(String), source: 'keychain' },
    ]);
    expect(rows[0]!['masked']).toMatch(sim.keys.card2crypto.slice(-4));
  });

  it('refuses a rejected key, the other provider\'s key, and a key given as an argument', async () => {
    const rejected = await run(['keys', 'set', 'card2crypto', '--account', 'bad'], 'c2c_test_nottheright0000\n');
    expect(rejected.code).toBe(1);
    expect(rejected.stderr).toMatch(/rejected this key.*not saved/);
    const wrongPrefix = await run(['keys', 'set', 'card2crypto'], 'sk_live_abcdef0123456789\n');
    expect(wrongPrefix.code).toBe(1);
    expect(wrongPrefix.stderr).toMatch(/PayCrypt key/);
    const asArg = await run(['keys', 'set', 'card2crypto', 'c2c_test_inhistory0000']);
    expect(asArg.code).toBe(2);
    expect(asArg.stderr).toMatch(/never from the command line/);
    expect(asArg.stderr).not.toContain('c2c_test_inhistory0000');
  });

  it('uses keychain keys for check, trying several shops in order and saying which found it', async () => {
    expect((await run(['keys', 'set', 'card2crypto', '--account', 'shop two'], shopKey)).code).toBe(0);
    const id = sim.world.addCard2Crypto({ amount: 700, key: shopKey, outcome: 'pending' });
    const r = await run(['check', '--json', id]);
    expect(r.code).toBe(0);
    expect(r.lines[0]).toMatchObject({ id, account: 'shop two', status: 'pending' });
  });

  it('verifies every stored key and records the verdict', async () => {
    const r = await run(['keys', 'verify', '--json']);
    expect(r.code).toBe(0);
    expect(r.lines.map((l) => `${l['account']}:${l['verified']}`).sort()).toEqual(['default:accepted', 'shop two:accepted']);
  });

  it('removes a key', async () => {
    expect((await run(['keys', 'remove', 'card2crypto', '--account', 'shop two'])).code).toBe(0);
    const list = JSON.parse((await run(['keys', 'list', '--json'])).stdout) as Array<{ account: string }>;
    expect(list.map((r) => r.account)).toEqual(['default']);
    expect((await run(['keys', 'remove', 'card2crypto', '--account', 'shop two'])).code).toBe(1);
  });

  it('never wrote a key to the data directory or printed one', () => {
    const dataFiles = filesUnder(env['PAYMON_DATA_DIR']!);
    expect(dataFiles.length).toBeGreaterThan(0);
    for (const key of [sim.keys.card2crypto, shopKey]) {
      for (const file of dataFiles) expect(readFileSync(file).includes(Buffer.from(key)), file).toBe(false);
      for (const o of outputs) expect(o.stdout + o.stderr).not.toContain(key);
    }
  });
});

describe('paymon keys without a keychain', () => {
  it('says the keychain is unavailable and what to install, and keeps nothing in a file', async () => {
    // A fresh folder per run: a fixed /tmp path left behind by another user (root) is not writable.
    const dataDir = mkdtempSync(join(tmpdir(), 'paymon-nokeychain-'));
    try {
      const r = await runPaymon(['keys', 'set', 'paycrypt'], {
        env: { DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/bus', PAYMON_DATA_DIR: dataDir, PAYMON_PAYCRYPT_URL: 'http://127.0.0.1:9/' },
        stdin: 'sk_test_abcdef0123456789\n',
      });
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/Secret Service|gnome-keyring/);
      expect(r.stderr).not.toContain('sk_test_abcdef0123456789');
      for (const file of filesUnder(dataDir)) expect(readFileSync(file).includes('sk_test_abcdef0123456789'), file).toBe(false);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
