/**
 * The watch alerts' pure parts (issue 14): how spans are worded, and when a deposit counts as
 * stalled given what answers show (a provider whose updated_at never moves must not look stalled).
 */
import { describe, expect, it } from 'vitest';
import { spanText, stallAfterMs, STALL_FLOOR_MS, watchAlerts } from '../../../src/core/alerts/watch-alerts.ts';
import { VirtualClock } from '../../../src/core/monitor/virtual-clock.ts';
import { WatchAlarms } from '../../../src/core/monitor/watch-alarms.ts';
import { defaultWatchAlerts } from '../../../src/shared/alert-rules.ts';
import type { Payment } from '../../../src/shared/payment.ts';

const M = 60_000;
const T0 = Date.UTC(2026, 1, 20, 9, 0, 0);

describe('spanText', () => {
  it('says a span as people do, whole minutes down', () => {
    expect([30_000, M, 25 * M + 59_000, 60 * M, 65 * M, 26 * 60 * M, 48 * 60 * M].map(spanText)).toEqual([
      'under a minute', '1 min', '25 min', '1 h', '1 h 5 min', '1 d 2 h', '2 d',
    ]);
  });
});

describe('stalled confirmations', () => {
  const deposit = (confirmations: number, updatedAt: number): Payment =>
    ({
      provider: 'paycrypt', id: 'p1', orderId: 'o1', status: 'pending', final: false, amountMinor: 5000, currency: 'USD',
      createdAt: new Date(T0).toISOString(), completedAt: null, confirmedAt: null, updatedAt: new Date(updatedAt).toISOString(),
      customerEmail: null, customerName: null, metadata: {}, network: 'ethereum', txHash: '0xabc', confirmations,
      expiresAt: new Date(T0 + 60 * M).toISOString(), amountReceived: '50', amountReceivedUsdMinor: 5000, coin: 'USDT',
      depositAddress: '0xdef', blockNumber: '1', events: [],
    }) as unknown as Payment;

  it('waits five block times, never under the floor', () => {
    expect(stallAfterMs(12_000)).toBe(STALL_FLOOR_MS);
    expect(stallAfterMs(600_000)).toBe(50 * M);
  });

  it('measures from when an answer showed the count move, not from an updated_at that never moves', () => {
    const alarms = new WatchAlarms(new VirtualClock(T0), () => undefined);
    const settings = defaultWatchAlerts();
    // The provider's updated_at stays at creation while the count rises.
    alarms.observe('k', deposit(1, T0), null, T0 + 5 * M, 12_000);
    let f = alarms.observe('k', deposit(2, T0), null, T0 + 6 * M, 12_000);
    expect(f.confirmationsSince).toBe(T0 + 6 * M);
    f = alarms.observe('k', deposit(2, T0), null, T0 + 15 * M, 12_000);
    expect(watchAlerts(f, settings, T0 + 15 * M).due).toEqual([]);
    expect(watchAlerts(f, settings, T0 + 15 * M).checkAt).toBe(T0 + 16 * M);
    f = alarms.observe('k', deposit(2, T0), null, T0 + 16 * M, 12_000);
    expect(watchAlerts(f, settings, T0 + 16 * M).due).toEqual([
      { name: 'stalled:2@0xabc', kind: 'stalled', headline: 'Confirmations stalled at 2 for 10 min' },
    ]);
    // An updated_at between the two answers says when the count moved.
    f = alarms.observe('k', deposit(3, T0 + 17 * M), null, T0 + 18 * M, 12_000);
    expect(f.confirmationsSince).toBe(T0 + 17 * M);
  });
});
