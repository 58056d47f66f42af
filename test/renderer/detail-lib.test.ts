/** Pure helpers behind the detail pane, the keys screen and export: explorer links, timeline, amounts, URLs. */
import { describe, expect, it } from 'vitest';
import { amountDifference, cryptoAmount } from '../../src/renderer/src/lib/amounts.ts';
import { baseUrlProblem, budgetProblem } from '../../src/renderer/src/lib/base-url.ts';
import { explorerLink } from '../../src/renderer/src/lib/explorer.ts';
import { paymentText } from '../../src/renderer/src/lib/payment-text.ts';
import { formatAgo, formatCountdown } from '../../src/renderer/src/lib/time.ts';
import { mergeTimeline } from '../../src/renderer/src/lib/timeline.ts';
import { accountNameProblem } from '../../src/renderer/src/features/accounts/account-text.ts';
import type { WatchRowView } from '../../src/shared/ipc.ts';
import type { PayCryptPayment } from '../../src/shared/payment.ts';
import { c2cRow } from './fixtures/rows.ts';

const HASH = `0x${'ab'.repeat(32)}`;

function pc(over: Partial<PayCryptPayment> = {}): PayCryptPayment {
  return {
    provider: 'paycrypt',
    id: '5f0c1a2b-0000-4000-8000-000000000001',
    orderId: 'ORD-1',
    status: 'underpaid',
    final: true,
    amountMinor: 1000,
    currency: 'USD',
    createdAt: '2026-03-02T10:00:00.000Z',
    completedAt: null,
    confirmedAt: '2026-03-02T10:05:00.000Z',
    updatedAt: null,
    customerEmail: 'kj@example.com',
    customerName: null,
    metadata: { sku: 'A-1' },
    customerWallet: null,
    coin: 'USDT',
    network: 'tron',
    depositAddress: 'TXyz',
    expiresAt: '2026-03-02T10:30:00.000Z',
    txHash: HASH,
    blockNumber: '1',
    confirmations: 19,
    amountReceived: '9.5',
    amountReceivedUsdMinor: 950,
    events: [],
    ...over,
  };
}

describe('explorer links', () => {
  it('links each network to its explorer', () => {
    expect(explorerLink('ethereum', HASH)?.url).toBe(`https://etherscan.io/tx/${HASH}`);
    expect(explorerLink('bsc', HASH)?.url).toBe(`https://bscscan.com/tx/${HASH}`);
    expect(explorerLink('polygon', HASH)?.url).toBe(`https://polygonscan.com/tx/${HASH}`);
    // Tron and Bitcoin IDs have no 0x.
    expect(explorerLink('tron', HASH)?.url).toBe(`https://tronscan.org/#/transaction/${'ab'.repeat(32)}`);
    expect(explorerLink('bitcoin', 'cd'.repeat(32))?.url).toBe(`https://mempool.space/tx/${'cd'.repeat(32)}`);
    expect(explorerLink('ERC20', HASH)?.name).toBe('Etherscan');
  });

  it('gives no link for unknown networks or hashes that are not hex', () => {
    expect(explorerLink('solana', HASH)).toBeNull();
    expect(explorerLink('ethereum', '0xnothex/../../evil')).toBeNull();
    expect(explorerLink(null, HASH)).toBeNull();
    expect(explorerLink('ethereum', null)).toBeNull();
  });
});

describe('timeline', () => {
  it('merges provider events and observed changes in time order, provider first on ties', () => {
    const entries = mergeTimeline(
      [
        { type: 'payment.created', description: 'Payment created.', at: '2026-03-02T10:00:00.000Z' },
        { type: 'payment.confirmed', description: 'Payment confirmed.', at: '2026-03-02T10:05:00.000Z' },
      ],
      [
        { from: null, to: 'pending', seenAt: '2026-03-02T10:01:00.000Z', providerAt: null },
        { from: 'pending', to: 'confirmed', seenAt: '2026-03-02T10:05:00.000Z', providerAt: null },
      ],
    );
    expect(entries.map((e) => (e.kind === 'event' ? e.type : `saw ${e.to}`))).toEqual(['payment.created', 'saw pending', 'payment.confirmed', 'saw confirmed']);
  });

  it('puts unreadable times last', () => {
    const entries = mergeTimeline([{ type: 'x', description: '', at: 'garbage' }], [{ from: null, to: 'pending', seenAt: '2026-03-02T10:01:00.000Z', providerAt: null }]);
    expect(entries.map((e) => e.kind)).toEqual(['observed', 'event']);
  });
});

describe('amounts', () => {
  it('spells out an underpayment and an overpayment', () => {
    expect(amountDifference(pc())?.text).toBe('Underpaid by $0.50 (received 9.50 USDT of $10.00)');
    expect(amountDifference(pc({ status: 'overpaid', amountReceived: '15', amountReceivedUsdMinor: 1500 }))?.text).toBe('Overpaid by $5.00 (received 15.00 USDT of $10.00)');
    expect(amountDifference(pc({ status: 'confirmed', amountReceived: '10', amountReceivedUsdMinor: 1000 }))?.kind).toBe('exact');
  });

  it('says "so far" before the deposit is final, and nothing before a deposit', () => {
    expect(amountDifference(pc({ status: 'pending', final: false }))?.text).toBe('Short by $0.50 so far (received 9.50 USDT of $10.00)');
    expect(amountDifference(pc({ amountReceived: '0', amountReceivedUsdMinor: 0 }))).toBeNull();
    expect(cryptoAmount('0.00012345')).toBe('0.00012345');
  });
});

describe('times', () => {
  it('formats relative times coarsely and countdowns as clocks', () => {
    const now = Date.parse('2026-03-02T10:10:00.000Z');
    expect(formatAgo('2026-03-02T10:07:00.000Z', now)).toBe('3 min ago');
    expect(formatAgo('2026-03-02T10:09:58.000Z', now)).toBe('just now');
    expect(formatAgo('2026-03-02T12:10:00.000Z', now)).toBe('in 2 h');
    expect(formatCountdown(12 * 60_000 + 3000)).toBe('12:03');
    expect(formatCountdown(3_723_000)).toBe('1:02:03');
    expect(formatCountdown(-5)).toBe('0:00');
  });
});

describe('keys screen checks', () => {
  it('accepts https and loopback http base URLs only', () => {
    expect(baseUrlProblem('')).toBeNull();
    expect(baseUrlProblem('https://api.example.com/v1')).toBeNull();
    expect(baseUrlProblem('http://127.0.0.1:8080')).toBeNull();
    expect(baseUrlProblem('http://localhost:3000')).toBeNull();
    expect(baseUrlProblem('http://[::1]:3000')).toBeNull();
    expect(baseUrlProblem('http://api.example.com')).toMatch(/https/);
    expect(baseUrlProblem('https://user:pw@api.example.com')).toMatch(/password/);
    expect(baseUrlProblem('ftp://x')).toMatch(/https/);
    expect(baseUrlProblem('not a url')).toMatch(/Not a URL/);
  });

  it('checks budgets and account names like main does', () => {
    expect(budgetProblem('')).toBeNull();
    expect(budgetProblem('60')).toBeNull();
    expect(budgetProblem('0')).not.toBeNull();
    expect(budgetProblem('6001')).not.toBeNull();
    expect(budgetProblem('1.5')).not.toBeNull();
    expect(accountNameProblem('main-shop', [])).toBeNull();
    expect(accountNameProblem('env', [])).not.toBeNull();
    expect(accountNameProblem(' x', [])).not.toBeNull();
    expect(accountNameProblem('a/b', [])).not.toBeNull();
    expect(accountNameProblem('default', ['default'])).not.toBeNull();
  });
});

describe('copy as text', () => {
  it('summarizes a PayCrypt payment for a ticket with the difference, explorer link and timeline', () => {
    const payment = pc();
    const row: WatchRowView = { ...c2cRow('x'), key: 'paycrypt:payment:abc', ref: { provider: 'paycrypt', kind: 'payment', value: payment.id }, payment, status: 'underpaid', final: true };
    const text = paymentText(row, {
      row,
      raw: {},
      history: [{ from: 'pending', to: 'underpaid', seenAt: '2026-03-02T10:05:02.000Z', providerAt: null }],
      events: [{ type: 'payment.underpaid', description: 'Payment underpaid.', at: '2026-03-02T10:05:00.000Z' }],
    });
    expect(text.split('\n')[0]).toBe(`PayCrypt payment ${payment.id}`);
    expect(text).toContain('Status: underpaid (final)');
    expect(text).toContain('Difference: Underpaid by $0.50 (received 9.50 USDT of $10.00)');
    expect(text).toContain(`Explorer: https://tronscan.org/#/transaction/${'ab'.repeat(32)}`);
    expect(text).toContain('Metadata sku: A-1');
    expect(text).toMatch(/Timeline:\n- 2026-03-02T10:05:00.000Z Payment underpaid.\n- 2026-03-02T10:05:02.000Z Paymon saw pending -> underpaid/);
  });
});
