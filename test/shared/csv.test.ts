import { describe, expect, it } from 'vitest';
import { csvCell, decimalAmount, toCsv, watchlistCsv } from '../../src/shared/csv.ts';
import type { WatchRowView } from '../../src/shared/ipc.ts';

describe('csv', () => {
  it('quotes commas, quotes and line breaks', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell(null)).toBe('');
    expect(csvCell(12)).toBe('12');
  });

  it.each(['=HYPERLINK("http://x","y")', '+1+1', '-2+3', '@SUM(A1)', '\t=1', '\r=1'])('neutralizes formula-like cell %j', (cell) => {
    const out = csvCell(cell);
    expect(out.replace(/^"/, '').startsWith("'")).toBe(true);
  });

  // Issue 16: spreadsheets skip leading whitespace before a formula.
  it.each([' =1+1', '  +1', '\u00a0@SUM(A1)', ' -2+3', '\n=1', '\t\t=HYPERLINK("http://x")', '\u3000=1'])(
    'neutralizes a formula after leading whitespace %j',
    (cell) => {
      expect(csvCell(cell).replace(/^"/, '').startsWith("'")).toBe(true);
    },
  );

  it('quotes cells holding ; or a tab, for locales that split on them', () => {
    expect(csvCell('a;b')).toBe('"a;b"');
    expect(csvCell('a\tb')).toBe('"a\tb"');
    expect(toCsv([['x;=1', 'y']])).toBe('"x;=1",y\r\n');
  });

  it('keeps plain negative numbers readable, and neutralizes anything more', () => {
    expect(csvCell('-0.50')).toBe('-0.50');
    expect(csvCell('-12')).toBe('-12');
    expect(csvCell(-3)).toBe('-3');
    expect(csvCell('-1+2')).toBe("'-1+2");
    expect(csvCell('-1.5.5')).toBe("'-1.5.5");
    expect(csvCell('-')).toBe("'-");
  });

  it('formats amounts exactly', () => {
    expect([1999, 5000, 7, 0, -50, -150].map(decimalAmount)).toEqual(['19.99', '50.00', '0.07', '0.00', '-0.50', '-1.50']);
  });

  it('writes CRLF rows', () => {
    expect(toCsv([['a', 'b'], ['1', '=2']])).toBe("a,b\r\n1,'=2\r\n");
  });

  it('exports watchlist rows with exact amounts and a hostile customer name made inert', () => {
    const row: WatchRowView = {
      key: 'card2crypto:payment:pay_1',
      ref: { provider: 'card2crypto', kind: 'payment', value: 'pay_1' },
      payment: {
        provider: 'card2crypto',
        id: 'pay_1',
        orderId: '1234',
        status: 'completed',
        final: true,
        amountMinor: 1999,
        currency: 'USD',
        createdAt: '2025-10-16T12:00:00.000Z',
        completedAt: '2025-10-16T12:01:30.000Z',
        confirmedAt: null,
        updatedAt: null,
        customerEmail: 'x@example.com',
        customerName: '=cmd|" /C calc"!A0',
        metadata: {},
        checkoutUrl: null,
      },
      status: 'completed',
      final: true,
      account: 'default',
      addedAt: '2025-10-16T12:00:00.000Z',
      lastCheckedAt: '2025-10-16T12:02:00.000Z',
      nextCheckAt: null,
      lastError: null,
      paused: false,
      muted: false,
      stopped: false,
      note: 'Customer called twice;\nrefund if asked',
      tags: ['=HYPERLINK("x")', 'vip'],
    };
    const csv = watchlistCsv([row]);
    // The note's line break stays inside its quoted cell; tags that start like a formula are inert.
    expect(csv.endsWith(`,"Customer called twice;\nrefund if asked","'=HYPERLINK(""x""); vip"\r\n`)).toBe(true);
    expect(csv.split('\r\n')[0]!.endsWith(',last_error,note,tags')).toBe(true);
    const lines = csv.split('\r\n');
    expect(lines[0]).toMatch(/^provider,payment_id,order_id,status/);
    expect(lines[1]).toContain('Card2Crypto,pay_1,1234,completed,yes,19.99,USD,');
    expect(lines[1]).toContain(`"'=cmd|"" /C calc""!A0"`);
  });
});
