import { describe, expect, it } from 'vitest';
import { extractRefs, isUnusual, parseOrderId, parsePaymentId, refKey } from '../../src/shared/refs.ts';
import { PaymonError } from '../../src/shared/errors.ts';

const UUID = '9515b51e-0279-4294-805d-91f7762914c3';

describe('parsePaymentId', () => {
  it('classifies pay_ IDs as Card2Crypto and UUIDs as PayCrypt', () => {
    expect(parsePaymentId('pay_abc123xyz789')).toEqual({ provider: 'card2crypto', kind: 'payment', value: 'pay_abc123xyz789' });
    expect(parsePaymentId(` ${UUID.toUpperCase()} `)).toEqual({ provider: 'paycrypt', kind: 'payment', value: UUID });
  });

  it.each(['../../admin', 'pay_../../admin', 'pay_', 'pay_a b', 'pay_a%2F', '123', '', 'pay_x\u0000', `${UUID}x`, 'PAY_abc'])(
    'rejects %j with invalid_input',
    (input) => {
      let caught: unknown;
      try {
        parsePaymentId(input);
      } catch (err) {
        caught = err;
      }
      expect(caught).toBeInstanceOf(PaymonError);
      expect((caught as PaymonError).kind).toBe('invalid_input');
    },
  );

  it('does not echo control characters or unbounded input', () => {
    const err = (() => {
      try {
        parsePaymentId(`\u001b[31m${'x'.repeat(5000)}`);
      } catch (e) {
        return e as PaymonError;
      }
      throw new Error('expected a throw');
    })();
    expect(err.message).not.toContain('\u001b');
    expect(err.message.length).toBeLessThan(300);
  });
});

describe('parseOrderId', () => {
  it('accepts PayCrypt order references', () => {
    expect(parseOrderId('123')).toEqual({ provider: 'paycrypt', kind: 'order', value: '123' });
    expect(parseOrderId('ord_2026-02:x.1').value).toBe('ord_2026-02:x.1');
  });
  it.each(['', '../admin', 'a/b', 'a b', '?x=1', 'x'.repeat(129)])('rejects %j', (input) => {
    expect(() => parseOrderId(input)).toThrow(PaymonError);
  });
});

describe('extractRefs', () => {
  it('finds IDs in a support ticket, checkout and return URLs, in order, deduplicated', () => {
    const ticket = [
      'Hi, customer says pay_abc123 was charged twice (see https://card2crypto.cc/checkout/pay_abc123).',
      `Also the crypto one: https://shop.example/return?payment_id=${UUID}&status=ok`,
      'And https://shop.example/success?payment_id=pay_Zz9_8-7.',
    ].join('\n');
    const out = extractRefs(ticket);
    expect(out.refs.map(refKey)).toEqual([
      'card2crypto:payment:pay_abc123',
      `paycrypt:payment:${UUID}`,
      'card2crypto:payment:pay_Zz9_8-7',
    ]);
    expect(out.duplicates.map((r) => r.value)).toEqual(['pay_abc123']);
    expect(out.invalid).toEqual([]);
  });

  it('reads a spreadsheet column with CRLF, quotes and a header', () => {
    const column = `"payment_id"\r\n"pay_one1"\r\n${UUID.toUpperCase()}\r\n\r\npay_two2,\r\n`;
    expect(extractRefs(column).refs.map((r) => r.value)).toEqual(['pay_one1', UUID, 'pay_two2']);
  });

  it('reports malformed ID-like tokens instead of dropping them silently', () => {
    const out = extractRefs('pay_good1 pay_b@d, 9515b51e-0279-4294-805d-91f7762914 hello world pay_');
    expect(out.refs.map((r) => r.value)).toEqual(['pay_good1']);
    expect(out.invalid).toEqual(['pay_b@d', '9515b51e-0279-4294-805d-91f7762914', 'pay_']);
  });

  it('takes only the ID from a path that continues after it', () => {
    const out = extractRefs('https://card2crypto.cc/checkout/pay_abc123/../../admin');
    expect(out.refs.map((r) => r.value)).toEqual(['pay_abc123']);
    expect(out.invalid).toEqual([]);
  });

  it('does not take IDs glued into longer words', () => {
    expect(extractRefs(`xpay_abc ${UUID}abc0`).refs).toEqual([]);
  });

  it('stays linear and bounded on megabytes of garbage', () => {
    const garbage = 'pay_ '.repeat(200_000) + '\u0000\uffff'.repeat(100_000) + ' pay_last1';
    const out = extractRefs(garbage);
    expect(out.refs.map((r) => r.value)).toEqual(['pay_last1']);
    expect(out.invalid.length).toBeLessThanOrEqual(100);
  });

  it('caps the number of references and says so', () => {
    const many = Array.from({ length: 30 }, (_, i) => `pay_n${i}`).join('\n');
    const out = extractRefs(many, { maxRefs: 10 });
    expect(out.refs).toHaveLength(10);
    expect(out.truncated).toBe(true);
  });
});

describe('unusual IDs (issue 17: is pay_12 an ID?)', () => {
  it('marks Card2Crypto IDs shorter than the documented shape, and nothing else', () => {
    const found = extractRefs('pay_12 pay_abc123 pay_abc123xyz789 pay_a-b_cdefg 3f1c6b2e-9d4a-4c1e-8b7a-2d5e6f708192');
    expect(found.refs.map((r) => r.value)).toEqual(['pay_12', 'pay_abc123', 'pay_abc123xyz789', 'pay_a-b_cdefg', '3f1c6b2e-9d4a-4c1e-8b7a-2d5e6f708192']);
    expect(found.unusual.map((r) => r.value)).toEqual(['pay_12', 'pay_a-b_cdefg']);
  });

  it('never calls an order ID unusual, and still parses a short ID given on purpose', () => {
    expect(isUnusual(parseOrderId('O1'))).toBe(false);
    expect(isUnusual(parsePaymentId('pay_12'))).toBe(true);
    expect(isUnusual(parsePaymentId('pay_abc123'))).toBe(false);
  });
});
