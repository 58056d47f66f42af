/** Notification wording for each final status. */
import { describe, expect, it } from 'vitest';
import { notificationText } from '../../../src/core/app/notify-text.ts';
import type { Card2CryptoPayment, PayCryptPayment } from '../../../src/shared/payment.ts';

const base = {
  orderId: '1234',
  final: true,
  currency: 'USD',
  createdAt: null,
  completedAt: null,
  confirmedAt: null,
  updatedAt: null,
  customerEmail: null,
  customerName: null,
  metadata: {},
};
const c2c = (status: string, amountMinor: number): Card2CryptoPayment => ({ ...base, provider: 'card2crypto', id: 'pay_abc', status, amountMinor, checkoutUrl: null });
const pc = (status: string, extra: Partial<PayCryptPayment> = {}): PayCryptPayment => ({
  ...base,
  provider: 'paycrypt',
  id: '7c0e8f0a-0000-4000-8000-000000000001',
  status,
  amountMinor: 1_000,
  customerWallet: null,
  coin: 'USDT',
  network: 'tron',
  depositAddress: null,
  expiresAt: null,
  txHash: null,
  blockNumber: null,
  confirmations: null,
  amountReceived: null,
  amountReceivedUsdMinor: null,
  events: [],
  ...extra,
});

describe('notificationText', () => {
  it('leads with what happened and the amount', () => {
    expect(notificationText(c2c('completed', 10_000)).title).toBe('Paid: $100.00');
    expect(notificationText(c2c('refunded', 1_999)).title).toBe('Refunded: $19.99');
    expect(notificationText(c2c('failed', 500)).title).toBe('Failed: $5.00');
    expect(notificationText(pc('confirmed')).title).toBe('Paid: $10.00');
    expect(notificationText(pc('expired')).title).toBe('Expired: $10.00');
    expect(notificationText(pc('underpaid', { amountReceived: '9.50' })).title).toBe('Underpaid: received 9.50 USDT of $10.00');
    expect(notificationText(pc('weird_new')).title).toBe('Weird_new: $10.00');
  });

  it('names the payment, the order and the customer, cleaned of control characters', () => {
    const p = { ...c2c('completed', 100), customerName: 'Ada\nLovelace\u0007', customerEmail: 'ada@example.com' };
    expect(notificationText(p).body).toBe('Card2Crypto pay_abc · Order 1234 · Ada Lovelace (ada@example.com)');
    expect(notificationText({ ...p, orderId: null, customerName: null, customerEmail: 'x'.repeat(500) }).body.length).toBeLessThan(120);
  });

  // Issue 16: provider text in a notification is one bounded line, whatever the provider sent.
  it('flattens line breaks, bidi overrides and zero-width characters in every provider value', () => {
    const p = pc('underpaid', {
      orderId: 'ORD-1\nStatus: completed (final)',
      customerName: 'Eve\u202Elaicnanif',
      customerEmail: 'eve\u200b@example.com\u2028x',
      coin: 'USDT\u001b]0;pwned\u0007',
      amountReceived: '9.50',
    });
    const { title, body } = notificationText(p);
    for (const text of [title, body]) expect(text).not.toMatch(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u);
    expect(body).toBe('PayCrypt 7c0e8f0a-0000-4000-8000-000000000001 · Order ORD-1 Status: completed (final) · Eve laicnanif (eve @example.com x)');
    expect(title).toBe('Underpaid: received 9.50 USDT ]0;pwned of $10.00');
  });

  it('keeps the title short and on one line even for a currency stored before currencies were checked', () => {
    // The finding: a 357-character, multi-line title from an unchecked currency.
    const currency = `USD\n${'Your account is locked. Call +1 555 0100 now. '.repeat(8)}`;
    const { title, body } = notificationText({ ...c2c('completed', 10_000), currency, customerName: 'n'.repeat(1000) });
    expect(title.length).toBeLessThanOrEqual(120);
    expect(title).not.toContain('\n');
    expect(title.startsWith('Paid: ')).toBe(true);
    expect(body.length).toBeLessThanOrEqual(300);
  });
});

// Issue 14: reopenings say what they are, under- and overpayments by how much.
describe('notificationText for reopenings and differences', () => {
  it('states the difference in the payment currency when the received USD value is known', () => {
    expect(notificationText(pc('underpaid', { amountReceived: '9.50', amountReceivedUsdMinor: 950 })).title).toBe(
      'Underpaid by $0.50: received 9.50 USDT of $10.00',
    );
    expect(notificationText(pc('overpaid', { amountReceived: '10.01', amountReceivedUsdMinor: 1_001 })).title).toBe(
      'Overpaid by $0.01: received 10.01 USDT of $10.00',
    );
    // A payment priced in another currency: no USD difference is made up.
    expect(notificationText({ ...pc('underpaid', { amountReceived: '9.50', amountReceivedUsdMinor: 950 }), currency: 'EUR' }).title).toBe(
      'Underpaid: received 9.50 USDT of €10.00',
    );
  });

  it('words each reopening as what it is', () => {
    const reopened = (after: string) => ({ kind: 'reopened' as const, after });
    expect(notificationText(c2c('refunded', 1_000), 'refunded', reopened('completed')).title).toBe('Refunded after completion: $10.00');
    expect(notificationText(pc('confirmed'), 'confirmed', reopened('expired')).title).toBe('Paid after expiry: $10.00');
    expect(notificationText(pc('confirmed'), 'confirmed', reopened('underpaid')).title).toBe('Paid in full after underpayment: $10.00');
    expect(notificationText(pc('underpaid', { amountReceived: '9', amountReceivedUsdMinor: 900 }), 'underpaid', reopened('expired')).title).toBe(
      'Underpaid by $1.00 after expiry: received 9 USDT of $10.00',
    );
    expect(notificationText(pc('pending'), 'pending', reopened('expired')).title).toBe('Reopened after expiry (now pending): $10.00');
    expect(notificationText(c2c('disputed', 500), 'disputed', { kind: 'unknown-status', after: 'completed' }).title).toBe(
      'Unknown status "disputed" after completion: $5.00',
    );
    expect(notificationText(c2c('on\nhold', 500), 'on\nhold', { kind: 'unknown-status', after: null }).title).toBe('Unknown status "on hold": $5.00');
  });
});
