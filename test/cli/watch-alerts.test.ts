/**
 * `paymon watch --alerts` (issue 14): the alerts the engine decides, in the app's words, beside the
 * status lines; once each, since the claim is in the store the app shares.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/core/store/index.ts';
import { startSimulator, type SimulatorHandle } from '../../src/simulator/server.ts';
import { SimWorld } from '../../src/simulator/world.ts';
import { runPaymon } from '../helpers/cli.ts';

let sim: SimulatorHandle;
let world: SimWorld;
let dir: string;
let env: Record<string, string>;
// The provider's clock starts at the CLI's first request, so a loaded machine's slow start never skips a status.
const T0 = Date.now();
let firstRequestAt: number | null = null;

beforeAll(async () => {
  world = new SimWorld({ now: () => (firstRequestAt === null ? T0 : T0 + Date.now() - firstRequestAt) });
  const handle = world.handle.bind(world);
  world.handle = (req) => {
    firstRequestAt ??= Date.now();
    return handle(req);
  };
  sim = await startSimulator({ world });
  dir = mkdtempSync(join(tmpdir(), 'paymon-watch-alerts-'));
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

describe('paymon watch --alerts', () => {
  it('prints each alert after its status line, with the difference of an underpayment, and never twice', async () => {
    const card = world.addCard2Crypto({ amount: 2500, createdAt: T0, outcome: { complete: T0 + 2_500 } });
    const crypto = world.addPayCrypt({
      amount: 10,
      network: 'tron',
      createdAt: T0,
      outcome: { depositAt: T0 + 1_000, amountReceived: 9.5, requiredConfirmations: 2, blockSeconds: 1 },
    });
    const run = await runPaymon(['watch', '--json', '--alerts', '--timeout', '60', card, crypto], { env, timeoutMs: 70_000 });
    expect(run.code).toBe(0);
    const alerts = run.lines.filter((l) => l['event'] === 'alert');
    expect(alerts.map((l) => [l['to'], l['kind'], l['title']]).sort()).toEqual([
      ['completed', 'final', 'Paid: $25.00'],
      ['underpaid', 'final', 'Underpaid by $0.50: received 9.5 USDT of $10.00'],
    ]);
    for (const alert of alerts) {
      const at = run.lines.indexOf(alert);
      expect(run.lines[at - 1]).toMatchObject({ event: 'status', payment: { status: alert['to'] } });
    }
    // Watched again: the statuses print, the alerts were claimed already.
    const again = await runPaymon(['watch', '--json', '--alerts', '--timeout', '60', card, crypto], { env, timeoutMs: 70_000 });
    expect(again.code).toBe(0);
    expect(again.lines.filter((l) => l['event'] === 'status')).toHaveLength(2);
    expect(again.lines.filter((l) => l['event'] === 'alert')).toEqual([]);
  });

  it('applies the rules the app saved (the same decider): the JSON says which rule and whether the app would notify', async () => {
    const { store } = openStore(dir);
    store.setSetting('alertRules', [
      { id: 'small', name: 'Small payments', enabled: true, providers: ['card2crypto'], accounts: [], statuses: [], minAmount: {}, notify: false, sound: false },
    ]);
    store.close();
    const card = world.addCard2Crypto({ amount: 700, createdAt: T0, outcome: { complete: Date.now() + 1_500 } });  // the provider's clock runs at most as far as Date.now()
    const run = await runPaymon(['watch', '--json', '--timeout', '60', card], { env, timeoutMs: 70_000 });
    expect(run.code).toBe(0);
    expect(run.lines.filter((l) => l['event'] === 'alert')).toEqual([
      expect.objectContaining({ to: 'completed', title: 'Paid: $7.00', rule: { id: 'small', name: 'Small payments' }, decision: 'rule-silent', sound: false }),
    ]);
    const after = openStore(dir).store;
    expect(after.listAlerts().filter((a) => a.key.endsWith(card)).map((a) => [a.decision, a.delivery])).toEqual([['rule-silent', 'none']]);
    after.close();
  });

  it('prints watch alerts as alert events: about to expire, and the deposit milestones the app switched on, once each', async () => {
    const { store } = openStore(dir);
    store.setSetting('alertRules', []);
    store.setSetting('watchAlerts', { stuckPendingMinutes: {}, expiringMinutes: 5, stalled: true, milestones: { enabled: true, confirmations: 1 } });
    store.close();
    const start = world.now();
    // Inside its last five minutes from the first answer, and no deposit will come.
    const lapsing = world.addPayCrypt({ amount: 15, network: 'tron', createdAt: T0, expiresAt: start + 3_000, outcome: 'expire' });
    // The deposit is there at the first answer with its first confirmation: both milestones then.
    const paid = world.addPayCrypt({
      amount: 12,
      network: 'tron',
      createdAt: T0,
      expiresAt: start + 20 * 60_000,
      outcome: { depositAt: start, amountReceived: 12, requiredConfirmations: 3, blockSeconds: 3 },
    });
    const run = await runPaymon(['watch', '--json', '--timeout', '60', lapsing, paid], { env, timeoutMs: 70_000 });
    expect(run.code).toBe(0);
    const alerts = (id: string) => run.lines.filter((l) => l['event'] === 'alert' && String(l['key']).endsWith(id)).map((l) => [l['kind'], l['title']]);
    expect(alerts(lapsing)).toEqual([
      ['expiring', 'Expires in 1 min, no deposit yet: $15.00'],
      ['final', 'Expired: $15.00'],
    ]);
    expect(alerts(paid)).toEqual([
      ['deposit-seen', 'Deposit seen: $12.00'],
      ['confirmations', '1 confirmation: $12.00'],
      ['final', 'Paid: $12.00'],
    ]);
    const first = run.lines.find((l) => l['event'] === 'alert' && l['kind'] === 'expiring')!;
    expect(first).toMatchObject({ from: 'pending', to: 'pending', decision: 'desktop', rule: null });
  });

  it('prints watch alerts readably without --json: what kind each is, and the rule by kind that decided it', async () => {
    const { store } = openStore(dir);
    const rule = { id: 'exp', name: 'Expiry in-app', enabled: true, providers: [], accounts: [], statuses: [], minAmount: {}, notify: false, sound: false };
    store.setSetting('alertRules', [{ ...rule, kinds: ['expiring'] }]);
    store.setSetting('watchAlerts', { stuckPendingMinutes: {}, expiringMinutes: 5, stalled: true, milestones: { enabled: false, confirmations: 3 } });
    store.close();
    const start = world.now();
    const lapsing = world.addPayCrypt({ amount: 16, network: 'tron', createdAt: T0, expiresAt: start + 3_000, outcome: 'expire' });
    const run = await runPaymon(['watch', '--alerts', '--timeout', '60', lapsing], { env, timeoutMs: 70_000 });
    expect(run.code).toBe(0);
    const alerts = run.stdout.split('\n').filter((l) => l.includes(' ALERT ')).map((l) => l.replace(/^\S+ {2}/, ''));
    // The watch alert says what it is (its status line says only "pending"); the rule by kind held it in-app;
    // the final status falls through that rule to the per-status choice.
    expect(alerts).toEqual([
      expect.stringMatching(/^ALERT \[about to expire\] Expires in 1 min, no deposit yet: \$16\.00 · PayCrypt .+ \(rule-silent: Expiry in-app\)$/),
      expect.stringMatching(/^ALERT Expired: \$16\.00 · PayCrypt [^(]+$/),
    ]);
  });
});
