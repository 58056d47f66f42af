/** The pure rules behind issue 17's wording: states, next check, progress, counts, order-like tokens, key source. */
import { describe, expect, it } from 'vitest';
import { formatCount } from '../../src/shared/format.ts';
import type { AccountView } from '../../src/shared/ipc.ts';
import { confirmationsText } from '../../src/renderer/src/components/detail/Deposit.tsx';
import { sourceText } from '../../src/renderer/src/features/accounts/account-text.ts';
import { orderLikeTokens } from '../../src/renderer/src/features/paste/order-ids.ts';
import { checkProgress, progressText } from '../../src/renderer/src/lib/progress.ts';
import { appErrorText, nextCheckWord, rowState } from '../../src/renderer/src/lib/status.ts';
import { c2cRow } from './fixtures/rows.ts';

const account = (over: Partial<AccountView> = {}): AccountView => ({
  provider: 'card2crypto', account: 'default', hasKey: true, masked: 'c2c_live_…0001', verified: 'accepted', checkedAt: null, source: 'keychain', baseUrl: null, budgetPerMinute: null, ...over,
});

describe('one state per row', () => {
  it('names a not-found payment once, and a row without a key as waiting for it', () => {
    const missing = rowState(c2cRow('pay_missing1', { status: null, lastError: { kind: 'not_found', message: 'x' }, stopped: true }));
    expect(missing).toEqual({ id: 'not-found', word: 'not found', tone: 'danger', reason: null });
    const noKey = rowState(c2cRow('pay_nokey01', { status: null, lastError: { kind: 'no_key', message: 'run `paymon keys set card2crypto`' } }));
    expect(noKey).toMatchObject({ id: 'needs-key', word: 'waiting for a key', reason: 'No API key' });
    expect(rowState(c2cRow('pay_fresh01', { status: null, lastCheckedAt: null })).id).toBe('unchecked');
    expect(appErrorText({ kind: 'no_key', message: 'run `paymon keys set card2crypto`' })).not.toMatch(/paymon|`/);
  });

  it('says why a final row is still checked, and never counts down while paused', () => {
    const at = '2026-03-02T11:00:00.000Z';
    expect(nextCheckWord(c2cRow('pay_done0001', { status: 'completed', nextCheckAt: at }), false)).toBe('refund watch');
    expect(nextCheckWord(c2cRow('pay_fail0001', { status: 'failed', nextCheckAt: null }), false)).toBe('');
    expect(nextCheckWord(c2cRow('pay_wait0001', { nextCheckAt: at }), true)).toBe('paused');
    expect(nextCheckWord(c2cRow('pay_wait0001', { nextCheckAt: at }), false)).toBeNull();
  });
});

describe('progress and counts', () => {
  it('reads "Checked 43 of 2,200 · about 18 min at 60 requests/min per provider"', () => {
    const p = checkProgress(
      { counts: { total: 2200, pending: 43, unchecked: 2157, paused: 0, 'needs-key': 0, 'not-found': 0, failing: 0, final: 0 }, uncheckedBy: new Map([['card2crypto', 1080], ['paycrypt', 1077]]) },
      [account(), account({ provider: 'paycrypt' })],
    );
    expect(p && progressText(p)).toBe('Checked 43 of 2,200 · about 18 min at 60 requests/min per provider');
    expect(formatCount(2185)).toBe('2,185');
  });
});

describe('smaller rules', () => {
  it('offers order-ID-like tokens of a ticket, but not payment IDs', () => {
    expect(orderLikeTokens('Hi, order #7001 failed; also ORD-7002 and pay_abc123xyz789, see INV-2024-17.')).toEqual(['7001', 'ORD-7002', 'INV-2024-17']);
    expect(orderLikeTokens('no orders here, 9515b51e-0279-4294-805d-91f7762914c3')).toEqual([]);
  });

  it('shows confirmations against the required count', () => {
    expect(confirmationsText(3, { count: 12, learned: false })).toBe('3 of 12');
    expect(confirmationsText(3, null)).toBe('3');
  });

  it('does not call a rejected key saved', () => {
    expect(sourceText(account())).toBe('Saved in the system keychain');
    expect(sourceText(account({ verified: 'rejected' }))).toMatch(/^Still in the system keychain, unused: Card2Crypto rejected it/);
  });
});
