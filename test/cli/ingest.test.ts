/**
 * `paymon ingest` end to end over real processes (issue 15, webhooks as hints): the simulator serves
 * the payments, `paymon watch` runs on a temp data dir, a webhook body is piped into `paymon ingest`,
 * and the watch checks the payment by GET at once, believing only the provider's answer.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/core/store/index.ts';
import { startSimulator, type SimulatorHandle } from '../../src/simulator/server.ts';
import { SimWorld } from '../../src/simulator/world.ts';
import { runPaymon } from '../helpers/cli.ts';
import { card2cryptoBody, isStatus, LiveWatch, statusOf } from '../helpers/live-watch.ts';

const DAY = 86_400_000;
const HOUR = 3_600_000;

let sim: SimulatorHandle;
let world: SimWorld;
/** The provider's clock runs ahead of ours by this much: a test moves time at the provider. */
let ahead = 0;
const requests = new Map<string, number>();
let dir: string;
let env: Record<string, string>;

beforeAll(async () => {
  world = new SimWorld({ now: () => Date.now() + ahead });
  const handle = world.handle.bind(world);
  world.handle = (req) => {
    const id = /pay_[A-Za-z0-9]+/.exec(req.path)?.[0];
    if (id) requests.set(id, (requests.get(id) ?? 0) + 1);
    return handle(req);
  };
  sim = await startSimulator({ world });
  dir = mkdtempSync(join(tmpdir(), 'paymon-ingest-'));
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

/** A long-running `paymon watch --json`, its JSON lines as they arrive, each with when it arrived. */
describe('paymon ingest', () => {
  it('makes a running watch check the hinted payment at once and show the verified final status', async () => {
    // A day old at its first check: its next regular check is hours away (the age grows by 30 %).
    const t0 = Date.now();
    const id = world.addCard2Crypto({ amount: 2500, createdAt: t0 - DAY, outcome: { complete: t0 + HOUR } });
    const watch = new LiveWatch(env, ['--timeout', '60', id]);
    try {
      await watch.waitFor(isStatus(id, 'pending'), 20_000);
      expect(requests.get(id)).toBe(1);
      // The payment completes at the provider; the merchant's server receives the webhook.
      ahead = 2 * HOUR;
      const ingest = await runPaymon(['ingest', '--json'], { env, stdin: card2cryptoBody(id, 'completed') });
      const ingestedAt = Date.now();
      expect(ingest.code).toBe(0);
      expect(ingest.lines).toEqual([
        { event: 'hinted', at: expect.any(String), hinted: [{ provider: 'card2crypto', id, key: `card2crypto:payment:${id}`, added: false }], held: [] },
      ]);
      const done = await watch.waitFor(isStatus(id, 'completed'), 10_000);
      const latency = done.at - ingestedAt;
      console.log(`ingest exit -> verified status shown by the watch: ${latency} ms`);
      expect(latency).toBeLessThan(2_000);
      expect(await watch.exited).toBe(0);
      // One check for the hint, no regular poll: two requests in all.
      expect(requests.get(id)).toBe(2);
      expect(watch.lines.some((l) => l.line['event'] === 'hint')).toBe(true);
      // A day pending also earns a stuck-pending alert (issue 14); the status alerts are what the hint may cause.
      const alerts = watch.lines.filter((l) => l.line['event'] === 'alert' && l.line['kind'] !== 'stuck-pending').map((l) => l.line['to']);
      expect(alerts).toEqual(['completed']);
      const { store } = openStore(dir);
      expect(store.hints.pending()).toBe(0);
      store.close();
    } finally {
      watch.kill();
      ahead = 0;
    }
  });

  it('a forged body (completed while the provider says pending) changes nothing and raises no alert', async () => {
    const t0 = Date.now();
    const id = world.addCard2Crypto({ amount: 2500, createdAt: t0 - DAY, outcome: 'pending' });
    const watch = new LiveWatch(env, ['--timeout', '60', id]);
    try {
      await watch.waitFor(isStatus(id, 'pending'), 20_000);
      const file = join(dir, 'forged.json');
      writeFileSync(file, card2cryptoBody(id, 'completed'));
      const ingest = await runPaymon(['ingest', file], { env });
      const ingestedAt = Date.now();
      expect(ingest.code).toBe(0);
      expect(ingest.stdout).toContain(`hinted Card2Crypto ${id}`);
      await watch.waitFor((l) => l['event'] === 'hint', 10_000);
      // The hint's check happened: a second request, answered "pending".
      for (let i = 0; i < 100 && requests.get(id) !== 2; i++) await new Promise((r) => setTimeout(r, 50));
      console.log(`ingest exit -> forged hint's check sent: ${Date.now() - ingestedAt} ms (upper bound)`);
      expect(requests.get(id)).toBe(2);
      watch.kill();
      await watch.exited;
      expect(watch.lines.filter((l) => l.line['event'] === 'status').map((l) => statusOf(l.line))).toEqual(['pending']);
      // Only the stuck-pending alert a day-old pending payment earns anyway (issue 14): the body raised none.
      expect(watch.lines.filter((l) => l.line['event'] === 'alert').map((l) => l.line['kind'])).toEqual(['stuck-pending']);
      const { store } = openStore(dir);
      const key = `card2crypto:payment:${id}`;
      expect(store.getWatch(key)?.status).toBe('pending');
      expect(store.statusHistory(key).map((c) => c.to)).toEqual(['pending']);
      expect(store.listAlerts({}).filter((a) => a.key === key).map((a) => a.kind)).toEqual(['stuck-pending']);
      expect(store.hints.pending()).toBe(0);
      store.close();
    } finally {
      watch.kill();
    }
  });

  it('adds a payment not yet watched, and keeps its hint for whoever follows it', async () => {
    const id = world.addCard2Crypto({ amount: 100, outcome: 'pending' });
    const run = await runPaymon(['ingest'], { env, stdin: `payment_id=${id}&status=completed` });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('(added to the watchlist)');
    const { store } = openStore(dir);
    expect(store.getWatch(`card2crypto:payment:${id}`)?.status).toBeNull();
    expect(store.hints.take((k) => k.endsWith(id)).map((h) => h.key)).toEqual([`card2crypto:payment:${id}`]);
    store.close();
  });

  it('refuses garbage, oversized and unusual bodies with a reason, recording nothing', async () => {
    const cases: Array<[string[], string, RegExp]> = [
      [['ingest'], '{"event":"payment.completed","payment":{"status":"completed"}}', /names no payment ID/],
      [['ingest'], '\u0000\u0001binary', /binary/],
      [['ingest'], 'x'.repeat(300 * 1024), /larger than 256 KiB/],
      [['ingest'], '{"payment":{"id":"pay_12"}}', /pay_12: not shaped like real payment IDs/],
    ];
    for (const [args, stdin, reason] of cases) {
      const run = await runPaymon(args, { env, stdin });
      expect(run.code, stdin.slice(0, 40)).toBe(1);
      expect(run.stderr).toMatch(reason);
    }
    const json = await runPaymon(['ingest', '--json'], { env, stdin: 'no ids here' });
    expect(json.lines).toEqual([{ event: 'refused', reason: 'the body names no payment ID' }]);
    const unusual = await runPaymon(['ingest', '--allow-unusual'], { env, stdin: '{"payment":{"id":"pay_12"}}' });
    expect(unusual.code).toBe(0);
    const { store } = openStore(dir);
    expect(store.getWatch('card2crypto:payment:pay_12')).not.toBeNull();
    store.close();
    expect((await runPaymon(['ingest', 'a', 'b'], { env })).code).toBe(2);
    expect((await runPaymon(['ingest', join(dir, 'missing.json')], { env })).code).toBe(1);
  });
});
