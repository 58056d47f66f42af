/**
 * Hostile input: the paste extractor fed megabytes of garbage, and provider answers that are
 * huge, deeply nested, of the wrong types, not JSON or trying to pollute prototypes. Every case
 * ends in bounded results or a clear PaymonError; nothing crashes, nothing is polluted.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_MAX_BODY_BYTES } from '../../src/core/http.ts';
import { createClient } from '../../src/core/providers/index.ts';
import { openStore, type PaymonStore } from '../../src/core/store/index.ts';
import { PaymonError } from '../../src/shared/errors.ts';
import type { Payment, Provider } from '../../src/shared/payment.ts';
import { extractRefs, parsePaymentId, refKey } from '../../src/shared/refs.ts';
import { tempDir } from '../core/store/helpers.ts';
import { T0 } from '../helpers/monitor-rig.ts';
import { answerCases, C2C_ID, deepAnswer, KEY, REFS, type AnswerCase } from './hostile-answers.ts';
import { pasteCases } from './hostile-paste.ts';
import { simEngine } from './helpers.ts';

const BASE: Record<Provider, string> = { card2crypto: 'https://c2c.invalid/api/v1', paycrypt: 'https://paycrypt.invalid' };
// eslint-disable-next-line no-control-regex
const C0 = /[\u0000-\u001f\u007f]/;

describe('pasted text', () => {
  const cases = pasteCases();
  afterAll(() => {
    const mb = cases.reduce((a, c) => a + c.text.length, 0) / 1e6;
    console.log(`hostile pasted texts: ${cases.length} cases, ${mb.toFixed(1)} M characters`);
  });

  it.each(cases)('$name: bounded, valid results', ({ text, mustFind, exactly }) => {
    const result = extractRefs(text);
    const values = result.refs.map((r) => r.value);
    expect(result.refs.length).toBeLessThanOrEqual(10_000);
    expect(new Set(values).size).toBe(values.length);
    for (const ref of result.refs) expect(parsePaymentId(ref.value)).toEqual(ref);
    const found = new Set(result.refs.map(refKey));
    for (const dup of result.duplicates) expect(found.has(refKey(dup))).toBe(true);
    expect(result.invalid.length).toBeLessThanOrEqual(100);
    for (const token of result.invalid) {
      expect(token.length).toBeLessThanOrEqual(81);
      expect(token).not.toMatch(C0);
    }
    for (const id of mustFind) expect(values).toContain(id.toLowerCase().startsWith('pay_') ? id : id.toLowerCase());
    if (exactly) expect(values).toHaveLength(mustFind.length);
  }, 60_000);
});

/** Looks the case's payment up through the real client, its fetch answering with the case's body. */
async function ask(c: Pick<AnswerCase, 'provider' | 'respond'>): Promise<{ payment: Payment; raw: unknown } | { error: unknown }> {
  const client = createClient(c.provider, { baseUrl: BASE[c.provider], apiKey: KEY, fetch: async () => c.respond() });
  try {
    return await client.fetchPayment(REFS[c.provider]);
  } catch (error) {
    return { error };
  }
}

function expectClearError(error: unknown, kinds: readonly string[]): void {
  expect(error).toBeInstanceOf(PaymonError);
  const { kind, message } = error as PaymonError;
  expect(kinds).toContain(kind);
  expect(message.length).toBeLessThanOrEqual(600);
  expect(message).not.toContain(KEY);
  expect(message).not.toMatch(C0);
}

/** An endless body in 64 KiB chunks that counts what was pulled from it. */
function endless(status: number, headers: Record<string, string> = {}): { respond: () => Response; pulled: () => number } {
  let pulled = 0;
  const chunk = new Uint8Array(64 * 1024).fill(0x61);
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      pulled += chunk.byteLength;
      controller.enqueue(chunk);
    },
  });
  return { respond: () => new Response(stream, { status, headers: { 'content-type': 'application/json', ...headers } }), pulled: () => pulled };
}

describe('provider answers', () => {
  const cases = answerCases();
  let store: PaymonStore;
  let tried = 0;
  beforeAll(() => {
    store = openStore(tempDir()).store;
    for (const ref of Object.values(REFS)) store.addWatch(ref);
  });
  afterAll(() => {
    store.close();
    console.log(`hostile provider answers: ${tried} cases`);
  });

  it.each(cases)('$name', async (c) => {
    tried += 1;
    const out = await ask(c);
    if ('error' in out) {
      expectClearError(out.error, c.kinds);
    } else {
      expect(c.mustFail ?? false).toBe(false);
      expect(out.payment.provider).toBe(c.provider);
      expect(out.payment.id.toLowerCase()).toBe(REFS[c.provider].value);
      // Whatever was accepted can be kept and read back.
      const key = refKey(REFS[c.provider]);
      store.recordObservation(key, { payment: out.payment, raw: out.raw, seenAt: new Date(T0).toISOString() });
      expect(store.getWatch(key)?.payment).toEqual(JSON.parse(JSON.stringify(out.payment)));
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
  });

  it.each(['card2crypto', 'paycrypt'] as const)('%s: an answer declared past the 1 MiB cap is refused unread', async (provider) => {
    tried += 1;
    const body = endless(200, { 'content-length': String(DEFAULT_MAX_BODY_BYTES * 2) });
    const out = await ask({ provider, respond: body.respond });
    expect('error' in out).toBe(true);
    if ('error' in out) expectClearError(out.error, ['bad_response']);
    expect(body.pulled()).toBeLessThanOrEqual(2 * 64 * 1024);
  });

  it.each([
    ['card2crypto', 200, 'bad_response'],
    ['paycrypt', 200, 'bad_response'],
    ['card2crypto', 503, 'server'],
    ['paycrypt', 429, 'rate_limited'],
  ] as const)('%s: an endless %i answer stops at the cap (%s)', async (provider, status, kind) => {
    tried += 1;
    const body = endless(status);
    const out = await ask({ provider, respond: body.respond });
    expect('error' in out).toBe(true);
    if ('error' in out) expectClearError(out.error, [kind]);
    expect(body.pulled()).toBeLessThanOrEqual(DEFAULT_MAX_BODY_BYTES + 4 * 64 * 1024);
  });

  // 100,000 levels of metadata fit in 600 KB and JSON.parse accepts them, but JSON.stringify in the
  // store and structuredClone over IPC would overflow the stack: the client refuses them up front.
  it('a deeply nested answer is refused cleanly or stored and read back', async () => {
    tried += 1;
    const out = await ask({ provider: 'card2crypto', respond: () => new Response(deepAnswer(100_000), { status: 200 }) });
    if ('error' in out) return expectClearError(out.error, ['bad_response']);
    const key = refKey(REFS.card2crypto);
    store.recordObservation(key, { payment: out.payment, raw: out.raw, seenAt: new Date(T0).toISOString() });
    expect(store.getWatch(key)?.status).toBe('completed');
    structuredClone(out.payment);
  });

  it('a deeply nested answer does not crash the engine, which keeps checking other payments', async () => {
    tried += 1;
    const unhandled: unknown[] = [];
    const onUnhandled = (err: unknown) => void unhandled.push(err);
    process.on('unhandledRejection', onUnhandled);
    const { store: own } = openStore(tempDir());
    try {
      const sim = await simEngine(own, (simFetch) => async (input, init) =>
        String(input instanceof Request ? input.url : input).includes(C2C_ID) ? new Response(deepAnswer(100_000)) : simFetch(input, init));
      sim.world.addCard2Crypto({ id: C2C_ID, amount: 1000, createdAt: T0, outcome: { complete: T0 + 10_000 } });
      const other = sim.world.addCard2Crypto({ amount: 1000, createdAt: T0, outcome: { complete: T0 + 30_000 } });
      sim.engine.add([parsePaymentId(C2C_ID), parsePaymentId(other)]);
      await sim.advance(10 * 60_000);
      await sim.stop();
      const notified = sim.events.flatMap((e) => (e.type === 'notify' ? [e.key] : []));
      expect(notified).toEqual([refKey(parsePaymentId(other))]);
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
      own.close();
    }
  });
});
