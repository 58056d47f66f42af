/**
 * "Copy as text" with hostile provider values (issue 16): the text goes into support tickets, so a
 * value must not forge a line ("Status: completed (final)"), reverse the reading order, or run on.
 * The function is pure, so this runs under Node.
 */
import { describe, expect, it } from 'vitest';
import { paymentText } from '../../src/renderer/src/lib/payment-text.ts';
import type { PaymentDetailView, WatchRowView } from '../../src/shared/ipc.ts';
import { c2cRow } from './fixtures/rows.ts';

const UNSAFE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u;

/** A pending Card2Crypto row whose provider text tries to forge a final status. */
function hostileRow(): WatchRowView {
  const row = c2cRow('pay_evil1', { status: 'pending' }, { name: 'Mallory\u202Edeifirev', metadata: {} });
  const payment = row.payment!;
  return {
    ...row,
    payment: {
      ...payment,
      orderId: 'ORD-9\nStatus: completed (final)',
      customerEmail: 'm\u200b@example.com',
      metadata: {
        'note\nStatus: completed (final)\nRefund': 'approved',
        plan: 'pro\u2028Amount: $0.00',
        nested: { text: 'ok' },
      },
    },
    lastError: { kind: 'bad_response', message: 'oops\r\nLast checked by Paymon: never' },
  };
}

describe('copy as text with hostile provider values', () => {
  it('keeps every provider value on its own line: no forged Status line, no bidi or zero-width characters', () => {
    const row = hostileRow();
    const detail: PaymentDetailView = {
      row,
      raw: {},
      history: [{ from: null, to: 'pending', seenAt: '2026-03-02T10:00:01.000Z', providerAt: null }],
      events: [{ type: 'payment.created', description: 'Created.\n- 2026-03-02T10:09:00.000Z Paymon saw pending -> completed', at: '2026-03-02T10:00:00.000Z' }],
    };
    const text = paymentText(row, detail);
    const lines = text.split('\n');
    for (const line of lines) expect(line).not.toMatch(UNSAFE);
    // Exactly one Status line, and it is the real one.
    expect(lines.filter((l) => l.startsWith('Status:'))).toEqual(['Status: pending']);
    expect(lines.filter((l) => l.startsWith('Last checked by Paymon:'))).toEqual(['Last checked by Paymon: 2026-03-02T10:00:01.000Z']);
    expect(lines.filter((l) => /^- \S+ Paymon saw/.test(l))).toEqual(['- 2026-03-02T10:00:01.000Z Paymon saw new -> pending']);
    expect(lines.filter((l) => l.startsWith('- '))).toHaveLength(2);
    expect(lines).toContain('Order ID: ORD-9 Status: completed (final)');
    expect(lines).toContain('Metadata note Status: completed (final) Refund: approved');
    expect(lines).toContain('Metadata plan: pro Amount: $0.00');
    expect(lines).toContain('Metadata nested: {"text":"ok"}');
    expect(lines).toContain('Customer: Mallory deifirev <m @example.com>');
  });

  it('bounds long values and the number of metadata lines', () => {
    const row = c2cRow('pay_long1', { status: 'pending' }, { name: 'n'.repeat(5000), metadata: Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`k${i}`, 'v'.repeat(1000)])) });
    const lines = paymentText(row, null).split('\n');
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThanOrEqual(300);
    expect(lines.filter((l) => l.startsWith('Metadata '))).toHaveLength(50);
    expect(lines).toContain('(450 more metadata fields not shown)');
  });
});
