/** `paymon link` (issue 13): links for a ticket, from arguments, --order and pasted text; they parse back; no request, no key. */
import { describe, expect, it } from 'vitest';
import { parseDeepLink } from '../../src/shared/deep-links.ts';
import { runPaymon } from '../helpers/cli.ts';

// No key, no provider URL, a data folder that does not exist: `link` must need none of them.
const env = { PAYMON_DATA_DIR: '/nonexistent/never-used', PAYMON_CARD2CRYPTO_URL: 'http://127.0.0.1:9/refused', PAYMON_PAYCRYPT_URL: 'http://127.0.0.1:9/refused' };
const C2C = 'pay_abc123xyz789';
const UUID = '9515b51e-0279-4294-805d-91f7762914c3';

describe('paymon link', () => {
  it('prints one link per payment, order IDs as ?order=, and each opens what it was made from', async () => {
    const run = await runPaymon(['link', C2C, '--order', 'ORD-7001', UUID], { env });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const links = run.stdout.trim().split('\n');
    expect(links).toEqual([`paymon://watch/${C2C}`, 'paymon://watch?order=ORD-7001', `paymon://watch/${UUID}`]);
    expect(links.map((l) => parseDeepLink(l))).toEqual([
      { action: 'watch', refs: [{ provider: 'card2crypto', kind: 'payment', value: C2C }] },
      { action: 'watch', refs: [{ provider: 'paycrypt', kind: 'order', value: 'ORD-7001' }] },
      { action: 'watch', refs: [{ provider: 'paycrypt', kind: 'payment', value: UUID }] },
    ]);
  });

  it('reads IDs out of pasted text and makes one link for all with --one', async () => {
    const run = await runPaymon(['link', '--one', '-'], { env, stdin: `Ticket 4411: customer paid ${C2C} twice?\nsee also https://x.example/?payment_id=${UUID}, ${C2C}` });
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(`paymon://watch/${C2C},${UUID}\n`);
    expect(run.stderr).toMatch(/skipped 1 repeated reference/);
  });

  it('prints the links it can, names what is not an ID, and exits 1', async () => {
    const run = await runPaymon(['link', C2C, 'not-an-id', '--json'], { env });
    expect(run.code).toBe(1);
    expect(run.lines).toEqual([
      { input: C2C, link: `paymon://watch/${C2C}` },
      { input: 'not-an-id', error: { kind: 'invalid_input', message: expect.stringContaining('"not-an-id" is not a payment ID') } },
    ]);
  });

  it('is a usage error with nothing to link', async () => {
    const run = await runPaymon(['link'], { env });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('nothing to link');
    expect(run.stderr).toContain('Usage: paymon link');
  });
});
