import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type SimulatorHandle } from '../../src/simulator/server.ts';
import { SimWorld } from '../../src/simulator/world.ts';
import { openStore } from '../../src/core/store/index.ts';
import { runPaymon } from '../helpers/cli.ts';

let sim: SimulatorHandle;
let dir: string;
let env: Record<string, string>;

beforeAll(async () => {
  sim = await startSimulator();
  dir = mkdtempSync(join(tmpdir(), 'paymon-watch-'));
  env = {
    PAYMON_CARD2CRYPTO_URL: sim.card2cryptoUrl,
    PAYMON_PAYCRYPT_URL: sim.paycryptUrl,
    CARD2CRYPTO_API_KEY: sim.keys.card2crypto,
    PAYCRYPT_API_KEY: sim.keys.paycrypt,
    PAYMON_DATA_DIR: dir,
  };
});
afterAll(async () => {
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('paymon watch', () => {
  it('prints the first status and every change, exits 0 once all are final, and keeps them in the store', async () => {
    // The provider's clock starts at the CLI's first request: on a loaded machine the CLI can take
    // seconds to start, and a payment that completed before its first check has no pending to print.
    const T0 = Date.now();
    let firstRequestAt: number | null = null;
    const world = new SimWorld({ now: () => (firstRequestAt === null ? T0 : T0 + Date.now() - firstRequestAt) });
    const handle = world.handle.bind(world);
    world.handle = (req) => {
      firstRequestAt ??= Date.now();
      return handle(req);
    };
    const own = await startSimulator({ world });
    const ownEnv = { ...env, PAYMON_CARD2CRYPTO_URL: own.card2cryptoUrl, PAYMON_PAYCRYPT_URL: own.paycryptUrl };
    const now = T0;
    const started = Date.now();
    const card = world.addCard2Crypto({ amount: 2500, createdAt: now, outcome: { complete: now + 2_500 } });
    const crypto = world.addPayCrypt({
      amount: 10,
      network: 'tron',
      createdAt: now,
      outcome: { depositAt: now + 1_000, amountReceived: 9.5, requiredConfirmations: 2, blockSeconds: 1 },
    });
    const run = await runPaymon(['watch', '--json', '--timeout', '60', card, crypto], { env: ownEnv, timeoutMs: 70_000 }).finally(() => own.close());
    expect(run.code).toBe(0);
    // Alert events come beside the status events (issue 14); this test follows the statuses.
    const statuses = run.lines.filter((l) => l['event'] === 'status');
    expect(run.lines.filter((l) => l['event'] === 'alert').map((l) => l['to']).sort()).toEqual(['completed', 'underpaid']);
    const seen = statuses.map((l) => `${(l['payment'] as { id: string }).id}:${(l['payment'] as { status: string }).status}`);
    expect(seen.filter((s) => s.startsWith(card))).toEqual([`${card}:pending`, `${card}:completed`]);
    expect(seen.filter((s) => s.startsWith(crypto))).toEqual([`${crypto}:pending`, `${crypto}:underpaid`]);
    for (const l of statuses) {
      expect(Date.parse(l['at'] as string)).toBeGreaterThan(started - 1_000);
    }
    const { store } = openStore(dir);
    expect(store.statusHistory(`card2crypto:payment:${card}`).map((c) => c.to)).toEqual(['pending', 'completed']);
    store.close();
  });

  it('exits 3 when --timeout passes first', async () => {
    const id = sim.world.addCard2Crypto({ amount: 100, outcome: 'pending' });
    const run = await runPaymon(['watch', '--json', '--timeout', '2', id], { env });
    expect(run.code).toBe(3);
    expect(run.lines.filter((l) => l['event'] === 'status')).toHaveLength(1);
  });

  it('exits 1 with an error line when the key is rejected', async () => {
    const id = sim.world.addCard2Crypto({ amount: 100, outcome: 'pending' });
    const run = await runPaymon(['watch', '--json', id], { env: { ...env, CARD2CRYPTO_API_KEY: 'c2c_test_rejected00000' } });
    expect(run.code).toBe(1);
    expect(run.lines).toEqual([{ event: 'error', input: id, error: { kind: 'auth', message: expect.any(String) } }]);
  });

  it('exits 2 on a bad --timeout', async () => {
    const run = await runPaymon(['watch', '--timeout', 'soon', 'pay_abc1'], { env });
    expect(run.code).toBe(2);
  });
});
