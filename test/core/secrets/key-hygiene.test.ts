import { describe, expect, it } from 'vitest';
import {
  checkAddress,
  maskKey,
  MAX_KEY_LENGTH,
  normalizeApiKey,
  validateAccountName,
} from '../../../src/core/secrets/key-hygiene.ts';
import { PaymonError } from '../../../src/shared/errors.ts';
import type { Provider } from '../../../src/shared/payment.ts';

const C2C = 'c2c_live_8d2f6a0e4b7c91d35e2a6f081c0b';
const PC = 'sk_test_51HqT8xZ4mK2vN7pLw9Rb';

function refusal(provider: Provider, raw: string): PaymonError {
  try {
    normalizeApiKey(provider, raw);
  } catch (err) {
    if (err instanceof PaymonError) return err;
    throw err;
  }
  throw new Error('expected the key to be refused');
}

describe('normalizeApiKey', () => {
  it('trims surrounding whitespace, BOMs and non-breaking spaces', () => {
    expect(normalizeApiKey('card2crypto', `  ${C2C}\n`)).toBe(C2C);
    expect(normalizeApiKey('paycrypt', `\uFEFF\u00A0${PC}\t\r\n`)).toBe(PC);
    expect(normalizeApiKey('paycrypt', 'x'.repeat(MAX_KEY_LENGTH))).toHaveLength(MAX_KEY_LENGTH);
  });

  it.each([
    ['empty', '', /is empty/],
    ['only whitespace', ' \n\t ', /is empty/],
    ['a space inside', 'sk_test_abc def', /whitespace or a line break at position 12/],
    ['a line break inside', 'sk_test_abc\ndef', /whitespace or a line break/],
    ['a NUL', 'sk_test_abc\u0000def', /invisible control character at position 12/],
    ['an escape', 'sk_test_\u001b[0mdef', /invisible control character/],
    ['a zero-width space', 'sk_test_abc\u200Bdef', /invisible control character/],
    ['a DEL', 'sk_test_abc\u007Fdef', /invisible control character/],
    ['quotes', '"sk_test_abcdef"', /wrapped in quotes/],
    ['too long', 'a'.repeat(MAX_KEY_LENGTH + 1), /513 characters long; keys are at most 512/],
  ])('refuses a key that is %s', (_name, raw, why) => {
    const err = refusal('paycrypt', raw);
    expect(err.kind).toBe('invalid_input');
    expect(err.message).toMatch(why);
    expect(err.message).toMatch(/^This PayCrypt API key /);
  });

  it("refuses the other provider's key, saying whose it looks like", () => {
    const asC2c = refusal('card2crypto', PC);
    expect(asC2c.message).toContain('looks like a PayCrypt key (sk_…)');
    expect(asC2c.message).toContain('Card2Crypto keys start with c2c_');
    const asPc = refusal('paycrypt', ` ${C2C} `);
    expect(asPc.message).toContain('looks like a Card2Crypto key (c2c_…)');
    expect(refusal('paycrypt', 'C2C_LIVE_abc').kind).toBe('invalid_input');
    // The right provider's own prefix is of course fine.
    expect(normalizeApiKey('card2crypto', C2C)).toBe(C2C);
  });

  it('never echoes the key in a refusal', () => {
    const secret = 'Q7wZpR4tY8uI2oP6aS1dF5gH';
    const refused: Array<[Provider, string]> = [
      ['paycrypt', `sk_${secret} x`],
      ['paycrypt', `c2c_${secret}`],
      ['card2crypto', `sk_${secret}`],
      ['card2crypto', `${secret}\u0007`],
      ['card2crypto', `'${secret}'`],
      ['paycrypt', secret.repeat(30)],
    ];
    for (const [provider, raw] of refused) {
      expect(refusal(provider, raw).message).not.toContain(secret.slice(0, 6));
    }
  });
});

describe('maskKey', () => {
  it.each([
    [C2C, 'c2c_live_…1c0b'],
    [PC, 'sk_test_…w9Rb'],
    ['sk_live_0123456789abcdef', 'sk_live_…cdef'],
    ['nounderscoreatall0123456789', '…6789'],
    // A "prefix" longer than the rest would show most of the key: it is dropped.
    ['abcdefghij_klm', '…klm'],
    ['0123456789', '…89'],
    ['abcdefg', '…g'],
    ['abc', '…'],
    ['', '…'],
  ])('masks %j as %j', (key, masked) => {
    expect(maskKey(key)).toBe(masked);
  });

  it('never shows more than a quarter of the secret part of any key', () => {
    for (const prefix of ['', 'c2c_live_', 'sk_', 'ab_cd_ef_gh_']) {
      for (let n = 0; n <= 64; n++) {
        const key = `${prefix}${'0123456789abcdef'.repeat(4).slice(0, n)}`;
        const [shownPrefix = '', tail = ''] = maskKey(key).split('…');
        expect(key.startsWith(shownPrefix)).toBe(true);
        expect(tail.length).toBeLessThanOrEqual(Math.floor((key.length - shownPrefix.length) / 4));
        if (key.length > 0) expect(shownPrefix.length + tail.length).toBeLessThan(key.length / 2 + 4);
      }
    }
  });
});

describe('validateAccountName', () => {
  it.each(['default', 'Shop A', 'shop.v2_eu-west', 'Café Zürich', '店舗 1', 'x'.repeat(64)])('accepts %j', (name) => {
    expect(validateAccountName(name)).toBe(name);
  });

  it.each(['', 'x'.repeat(65), 'a:b', 'a/b', 'tab\there', 'new\nline', ' lead', 'trail ', 'emoji 🙂', 'semi;colon'])(
    'refuses %j',
    (name) => {
      expect(() => validateAccountName(name)).toThrow(PaymonError);
      try {
        validateAccountName(name);
      } catch (err) {
        expect((err as PaymonError).kind).toBe('invalid_input');
      }
    },
  );

  it('checkAddress also refuses an unknown provider', () => {
    expect(() => checkAddress({ provider: 'stripe' as Provider, account: 'default' })).toThrow(/Unknown provider/);
    expect(checkAddress({ provider: 'paycrypt', account: 'default' })).toEqual({ provider: 'paycrypt', account: 'default' });
  });
});
