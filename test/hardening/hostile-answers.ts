/**
 * Hostile provider answers for both clients: wrong types in every field, HTML, binary garbage,
 * invalid UTF-8, arrays and scalars instead of objects, prototype-polluting keys, bodies past the
 * size cap, deep nesting. Each case is a fresh Response so a body stream is read at most once.
 */
import type { ErrorKind } from '../../src/shared/errors.ts';
import type { Provider } from '../../src/shared/payment.ts';
import type { PaymentRef } from '../../src/shared/refs.ts';
import { Rng } from '../../src/simulator/random.ts';

/** One answer and what may come of it. */
export interface AnswerCase {
  name: string;
  provider: Provider;
  respond: () => Response;
  /** Error kinds allowed; a successful lookup is allowed too unless `mustFail`. */
  kinds: ErrorKind[];
  mustFail?: boolean;
}

export const KEY = 'sk_test_hostile_key_0001';
export const C2C_ID = 'pay_hostile1';
export const PC_ID = '3f2b8c1e-1111-4a2b-9c3d-123456789abc';
export const REFS: Record<Provider, PaymentRef> = {
  card2crypto: { provider: 'card2crypto', kind: 'payment', value: C2C_ID },
  paycrypt: { provider: 'paycrypt', kind: 'payment', value: PC_ID },
};

const iso = '2026-02-20T09:00:00Z';
/** A valid Card2Crypto `data` object. */
export const c2cData = (): Record<string, unknown> => ({
  id: C2C_ID, amount: 1000, currency: 'usd', status: 'completed', checkout_url: `https://card2crypto.cc/checkout/${C2C_ID}`,
  customer_email: 'a@example.com', customer_name: 'A', metadata: { order_id: '1' }, created_at: iso, completed_at: iso,
});
/** A valid PayCrypt status object. */
export const pcBody = (): Record<string, unknown> => ({
  payment_id: PC_ID, order_id: '123', status: 'confirmed', amount: 25.5, amount_received: 25.5, amount_received_usd: 25.5,
  coin: 'USDT', network: 'tron', currency: 'USD', deposit_address: 'TXYZ', expires_at: iso, tx_hash: '0xabc', block_number: '1',
  confirmations: 19, confirmed_at: iso, created_at: iso, updated_at: iso, completed_at: null, customer_email: null,
  customer_name: null, customer_wallet: null, metadata: { plan: 'pro' },
  events: [{ event_type: 'payment.confirmed', description: 'ok', occurred_at: iso }],
});

const WRONG: Array<[string, unknown]> = [
  ['null', null], ['true', true], ['0', 0], ['-1', -1], ['1.5', 1.5], ['1e308', 1e308], ['""', ''], ['" "', ' '],
  ['100 KB string', 'x'.repeat(100_000)], ['control characters', '\u0000\u001b[31m\u202E'], ['[]', []], ['[1,"a"]', [1, 'a']],
  ['{}', {}], ['{a:{b:1}}', { a: { b: 1 } }], ['"NaN"', 'NaN'], ['date-like junk', '2026-13-45T99:99:99Z'],
];

const json = (body: unknown, status = 200, headers: Record<string, string> = {}) => () =>
  new Response(typeof body === 'string' ? body : JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
const bytes = (data: Uint8Array, status = 200, type = 'application/json') => () =>
  new Response(new Uint8Array(data), { status, headers: { 'content-type': type } });

/** Every field of each provider's answer replaced by each wrong value, and removed. */
function wrongTypes(): AnswerCase[] {
  const out: AnswerCase[] = [];
  const fields = { card2crypto: Object.keys(c2cData()), paycrypt: Object.keys(pcBody()) };
  for (const provider of ['card2crypto', 'paycrypt'] as const) {
    for (const field of [...fields[provider], ...(provider === 'card2crypto' ? ['(envelope) success', '(envelope) data'] : [])]) {
      for (const [label, value] of [...WRONG, ['missing', undefined] as [string, unknown]]) {
        const inner = provider === 'card2crypto' ? c2cData() : pcBody();
        const envelope: Record<string, unknown> = { success: true, data: inner };
        const target = field.startsWith('(envelope) ') ? envelope : inner;
        const name = field.replace('(envelope) ', '');
        if (value === undefined) delete target[name];
        else target[name] = value;
        out.push({ name: `${provider} ${field} = ${label}`, provider, respond: json(provider === 'card2crypto' ? envelope : inner), kinds: ['bad_response'] });
      }
    }
  }
  return out;
}

/** Whole bodies that are not what an API sends. */
function oddBodies(): AnswerCase[] {
  const rng = new Rng(5);
  const garbage = new Uint8Array(64 * 1024).map(() => rng.int(0, 255));
  const c2cText = JSON.stringify({ success: true, data: c2cData() });
  const pcText = JSON.stringify(pcBody());
  const out: AnswerCase[] = [];
  for (const provider of ['card2crypto', 'paycrypt'] as const) {
    const valid = provider === 'card2crypto' ? c2cText : pcText;
    const fail = (name: string, respond: () => Response, kinds: ErrorKind[] = ['bad_response']) =>
      out.push({ name: `${provider}: ${name}`, provider, respond, kinds, mustFail: true });
    fail('HTML page, 200', bytes(Buffer.from('<!doctype html><html><body>Maintenance</body></html>'), 200, 'text/html'));
    fail('HTML page without a content type', () => new Response('<html><head><title>Login</title></head></html>', { status: 200 }));
    fail('HTML page, 502', bytes(Buffer.from('<html><body>502 Bad Gateway</body></html>'), 502, 'text/html'));
    fail('64 KiB of binary garbage', bytes(garbage));
    fail('JSON array', json([]));
    fail('JSON array holding the payment', json(`[${valid}]`));
    for (const scalar of ['null', '1', '"payment"', 'true', '""']) fail(`JSON scalar ${scalar}`, json(scalar));
    fail('empty body', json(''));
    fail('whitespace only', json(' \n\t '));
    fail('truncated JSON', json(valid.slice(0, valid.length / 2)));
    fail('JSON followed by junk', json(`${valid}}}}`));
    fail('a number past double range', json(valid.replace(/"amount":[^,]+/, '"amount":1e400')));
    fail('a deep array as the whole body (500,000 levels)', json(`${'['.repeat(500_000)}${']'.repeat(500_000)}`));
    fail('500 with a 5 MB error text', json(`{"error":"${'e'.repeat(5_000_000)}"}`, 500), ['server']);
    fail('429 with Retry-After and garbage body', bytes(garbage, 429, 'text/plain'), ['rate_limited']);
    fail('200 with success false', json({ success: false, error: `failed \u0000 ${KEY}` }));
    const either = (name: string, respond: () => Response) => out.push({ name: `${provider}: ${name}`, provider, respond, kinds: ['bad_response'] });
    const at = valid.indexOf('"status":"') + '"status":"'.length;
    either('invalid UTF-8 bytes inside the status', bytes(Buffer.concat([Buffer.from(valid.slice(0, at)), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from(valid.slice(at))])));
    either('a lone surrogate escape in the status', json(`${valid.slice(0, at)}\\udcff${valid.slice(at)}`));
    either('a byte-order mark before the JSON', json(`\uFEFF${valid}`));
    either('text/plain content type', () => new Response(valid, { status: 200, headers: { 'content-type': 'text/plain' } }));
    either('duplicate keys, the last one odd', json(valid.replace(/^\{/, '{"status":"x",').replace(/\}$/, ',"status":"weird"}')));
    either('an unknown status word', json(valid.replace(/"status":"\w+"/, '"status":"on_hold_by_bank"')));
    either('NUL and escape characters in text fields', json(valid.replace(/"currency":"\w+"/, '"currency":"u\\u0000sd\\u001b"')));
    either('a 900 KB customer name', json(valid.replace(/"customer_email":(null|"[^"]*")/, `"customer_email":"${'n'.repeat(900_000)}"`)));
    either('raw invalid UTF-8 bytes in a string', bytes(Buffer.concat([Buffer.from(valid.slice(0, -2)), Buffer.from(',"x":"'), Buffer.from([0xff, 0xc0, 0x80, 0xed, 0xa0, 0x80]), Buffer.from('"}')]), 200));
  }
  return out;
}

/** `__proto__` and `constructor.prototype` keys at every level the clients read. */
function pollution(): AnswerCase[] {
  const evil = '{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}}}';
  const c2c = JSON.stringify({ success: true, data: c2cData() });
  const pc = JSON.stringify(pcBody());
  const inject = (text: string, anchor: RegExp) => text.replace(anchor, (m) => `${m}"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}},`);
  return [
    { name: 'card2crypto: top level', provider: 'card2crypto', respond: json(inject(c2c, /^\{/)), kinds: ['bad_response'] },
    { name: 'card2crypto: data', provider: 'card2crypto', respond: json(inject(c2c, /"data":\{/)), kinds: ['bad_response'] },
    { name: 'card2crypto: metadata', provider: 'card2crypto', respond: json(inject(c2c, /"metadata":\{/)), kinds: ['bad_response'] },
    { name: 'card2crypto: metadata is the evil object', provider: 'card2crypto', respond: json(c2c.replace(/"metadata":\{[^}]*\}/, `"metadata":${evil}`)), kinds: ['bad_response'] },
    { name: 'paycrypt: top level', provider: 'paycrypt', respond: json(inject(pc, /^\{/)), kinds: ['bad_response'] },
    { name: 'paycrypt: metadata', provider: 'paycrypt', respond: json(inject(pc, /"metadata":\{/)), kinds: ['bad_response'] },
    { name: 'paycrypt: an event', provider: 'paycrypt', respond: json(inject(pc, /"events":\[\{/)), kinds: ['bad_response'] },
    { name: 'paycrypt: wrapped in data', provider: 'paycrypt', respond: json(`{"__proto__":{"polluted":"yes"},"data":${inject(pc, /^\{/)}}`), kinds: ['bad_response'] },
  ];
}

/** Every hostile answer. */
export function answerCases(): AnswerCase[] {
  return [...wrongTypes(), ...oddBodies(), ...pollution()];
}

/** A Card2Crypto answer whose metadata is nested `depth` levels deep (600 KB at 100,000: under the 1 MiB cap). */
export function deepAnswer(depth: number): string {
  const deep = `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
  return JSON.stringify({ success: true, data: { ...c2cData(), metadata: {} } }).replace('"metadata":{}', `"metadata":${deep}`);
}
