import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type SimulatorHandle } from '../../src/simulator/server.ts';
import { runPaymon } from '../helpers/cli.ts';

let sim: SimulatorHandle;
let env: Record<string, string>;
const ids: Record<string, string> = {};

beforeAll(async () => {
  sim = await startSimulator();
  const now = Date.now();
  const w = sim.world;
  ids.completed = w.addCard2Crypto({
    amount: 10_000,
    createdAt: now - 120_000,
    customer: { name: 'John Doe', email: 'john@example.com' },
    metadata: { order_id: '1234', product: 'Premium Plan' },
    outcome: { complete: now - 30_000 },
  });
  ids.pending = w.addCard2Crypto({ amount: 1999, createdAt: now - 5_000, outcome: 'pending' });
  ids.confirmed = w.addPayCrypt({
    amount: 19.99,
    orderId: 'ord-77',
    network: 'ethereum',
    createdAt: now - 30 * 60_000,
    expiresAt: now + 60 * 60_000,
    outcome: { depositAt: now - 20 * 60_000, amountReceived: '19.99' },
  });
  env = {
    PAYMON_CARD2CRYPTO_URL: sim.card2cryptoUrl,
    PAYMON_PAYCRYPT_URL: sim.paycryptUrl,
    CARD2CRYPTO_API_KEY: sim.keys.card2crypto,
    PAYCRYPT_API_KEY: sim.keys.paycrypt,
    PAYMON_DATA_DIR: '/nonexistent/never-used',
  };
});
afterAll(() => sim.close());

describe('paymon check', () => {
  it('prints one normalized JSON line per input, in input order', async () => {
    const run = await runPaymon(['check', '--json', ids.confirmed!, ids.completed!, '--order', 'ord-77', 'pay_missing0001'], { env });
    expect(run.code).toBe(1);
    expect(run.lines.map((l) => l['input'])).toEqual([ids.confirmed, ids.completed, 'ord-77', 'pay_missing0001']);
    const [pc, c2c, byOrder, missing] = run.lines;
    expect(pc).toMatchObject({ provider: 'paycrypt', id: ids.confirmed, orderId: 'ord-77', status: 'confirmed', final: true, amountMinor: 1999, currency: 'USD', confirmations: expect.any(Number) });
    expect(pc!['txHash']).toMatch(/^0x[0-9a-f]{64}$/);
    expect((pc!['events'] as Array<{ type: string }>).map((e) => e.type)).toEqual(expect.arrayContaining(['payment.created', 'payment.confirmed']));
    expect(c2c).toMatchObject({ provider: 'card2crypto', status: 'completed', final: true, amountMinor: 10_000, currency: 'USD', orderId: '1234' });
    expect(byOrder).toMatchObject({ id: ids.confirmed, status: 'confirmed' });
    expect(missing).toEqual({ input: 'pay_missing0001', error: { kind: 'not_found', message: expect.stringMatching(/not found/i) } });
  });

  it('checks every ID found in pasted text read from standard input', async () => {
    const ticket = `Customer writes: paid via https://card2crypto.cc/checkout/${ids.pending}\n"${ids.completed}"\n${ids.pending}\nand crypto ${ids.confirmed!.toUpperCase()} pay_b@d`;
    const run = await runPaymon(['check', '--json', '-'], { env, stdin: ticket });
    expect(run.lines.map((l) => l['input'])).toEqual([ids.pending, ids.completed, ids.confirmed, 'pay_b@d']);
    expect(run.lines[0]).toMatchObject({ status: 'pending', final: false, amountMinor: 1999 });
    expect(run.lines[3]).toMatchObject({ error: { kind: 'invalid_input' } });
    expect(run.stderr).toContain('repeated');
    expect(run.code).toBe(1);
  });

  it('checks a cut-short ID piped in, and says it is shorter than real IDs', async () => {
    const run = await runPaymon(['check', '--json', '-'], { env, stdin: `pay_12 ${ids.completed}` });
    expect(run.lines.map((l) => l['input'])).toEqual(['pay_12', ids.completed]);
    expect(run.lines[0]).toMatchObject({ error: { kind: 'not_found' } });
    expect(run.stderr).toContain('pay_12: shorter than real IDs');
  });

  it('prints an aligned table for people and exits 0 when everything was found', async () => {
    const run = await runPaymon(['check', ids.completed!, ids.confirmed!], { env });
    expect(run.code).toBe(0);
    const rows = run.stdout.trim().split('\n');
    expect(rows[0]).toMatch(/^PROVIDER\s+PAYMENT\s+ORDER\s+STATUS\s+AMOUNT/);
    expect(rows[1]).toContain('completed (final)');
    expect(rows[1]).toContain('$100.00');
    expect(rows[2]).toContain('$19.99');
    // Columns line up: STATUS starts at the same offset in every row.
    const at = rows[0]!.indexOf('STATUS');
    expect(rows[1]!.slice(at)).toMatch(/^completed/);
    expect(rows[2]!.slice(at)).toMatch(/^confirmed/);
  });

  it('rejects unsafe input before any request is made', async () => {
    sim.world.resetStats();
    const run = await runPaymon(['check', '--json', '../../admin', 'pay_../../admin', '--order', '../x'], { env });
    expect(run.code).toBe(1);
    expect(run.lines.map((l) => (l['error'] as { kind: string }).kind)).toEqual(['invalid_input', 'invalid_input', 'invalid_input']);
    const total = Object.values(sim.world.stats()).reduce((n, s) => n + s.requests, 0);
    expect(total).toBe(0);
  });

  it('reports a 429 with the wait instead of waiting it out', async () => {
    sim.world.injectFaults('rate_limit', 1);
    const run = await runPaymon(['check', '--json', ids.completed!], { env });
    expect(run.code).toBe(1);
    expect(run.lines[0]).toMatchObject({ error: { kind: 'rate_limited', retryAfterSeconds: 30 } });
  });

  it('retries a 5xx once, briefly', async () => {
    sim.world.injectFaults('server_error', 1);
    const run = await runPaymon(['check', '--json', ids.completed!], { env });
    expect(run.code).toBe(0);
    expect(run.lines[0]).toMatchObject({ status: 'completed' });
  });

  it('says the key was rejected, without ever printing it', async () => {
    const badKey = 'c2c_live_notavalidkey0000001c0b';
    const run = await runPaymon(['check', '--json', ids.completed!], { env: { ...env, CARD2CRYPTO_API_KEY: badKey } });
    expect(run.code).toBe(1);
    expect(run.lines[0]).toMatchObject({ error: { kind: 'auth' } });
    expect(run.stdout + run.stderr).not.toContain(badKey);
  });

  it('refuses a plain-http base URL that is not loopback', async () => {
    const run = await runPaymon(['check', '--json', ids.completed!], { env: { ...env, PAYMON_CARD2CRYPTO_URL: 'http://card2crypto.cc/api/v1' } });
    expect(run.code).toBe(1);
    expect(run.lines[0]).toMatchObject({ error: { kind: 'invalid_input', message: expect.stringMatching(/https/) } });
  });

  it.each([
    [['check'], /nothing to check/],
    [['check', '--bogus'], /Unknown option/i],
    [['check', '--provider', 'stripe', 'pay_x1'], /--provider must be one of/],
    [['check', '--provider', 'card2crypto', '--order', '5'], /Card2Crypto has no order lookup/],
    [['frobnicate'], /unknown command/],
  ])('exits 2 on a usage error: %j', async (args, message) => {
    const run = await runPaymon(args, { env });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
  });
});
