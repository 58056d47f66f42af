/**
 * Reopenings (issue 14): a status change after a final one is announced once, as what it is, and
 * the payment goes back to the watch its new status needs; against the simulator over HTTP, in
 * virtual time, with restarts.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { notificationText } from '../../../src/core/app/notify-text.ts';
import type { EngineEvent } from '../../../src/core/monitor/engine.ts';
import { watchMode } from '../../../src/core/monitor/policy.ts';
import { isWatchAlertKind } from '../../../src/shared/alert-history.ts';
import { parsePaymentId } from '../../../src/shared/refs.ts';
import { startRig, T0, type Rig } from '../../helpers/monitor-rig.ts';

let rig: Rig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

const M = 60_000;
const H = 60 * M;
type Notify = Extract<EngineEvent, { type: 'notify' }>;
// Status-change alerts only: stuck and expiring alerts have their own tests (engine-stuck.test.ts).
const notifies = (r: Rig, id: string): Notify[] =>
  r.events.filter((e): e is Notify => e.type === 'notify' && e.payment.id === id && !isWatchAlertKind(e.kind));
const titles = (r: Rig, id: string): string[] => notifies(r, id).map((e) => notificationText(e.payment, e.to, e).title);

describe('reopenings', () => {
  it('announces a refund after completion once, worded as such, and never again after a restart', async () => {
    const r = (rig = await startRig());
    const id = r.world.addCard2Crypto({ amount: 10_000, createdAt: T0, outcome: { complete: T0 + M }, refundAt: T0 + 30 * M });
    r.engine.add([parsePaymentId(id)]);
    await r.advance(3 * H);
    expect(notifies(r, id).map((e) => [e.from, e.to, e.kind, e.after])).toEqual([
      ['pending', 'completed', 'final', null],
      ['completed', 'refunded', 'reopened', 'completed'],
    ]);
    expect(titles(r, id)).toEqual(['Paid: $100.00', 'Refunded after completion: $100.00']);
    await r.restart();
    r.engine.refresh([`card2crypto:payment:${id}`]);
    await r.advance(H);
    expect(notifies(r, id)).toHaveLength(2);
    // Refunded is final and watched for nothing more.
    expect(watchMode(r.engine.scheduler.get(`card2crypto:payment:${id}`)!)).toBe('stopped');
  });

  it('announces a move into an undocumented status, puts the payment back on the pending watch, and words what follows', async () => {
    const r = (rig = await startRig());
    const key = (id: string) => `card2crypto:payment:${id}`;
    const id = r.world.addCard2Crypto({
      amount: 2_500,
      createdAt: T0,
      outcome: { complete: T0 + M },
      later: [
        { at: T0 + 20 * M, status: 'disputed' },
        { at: T0 + 6 * H, status: 'refunded' },
      ],
    });
    r.engine.add([parsePaymentId(id)]);
    await r.advance(3 * H);
    expect(notifies(r, id).map((e) => [e.to, e.kind, e.after])).toEqual([
      ['completed', 'final', null],
      ['disputed', 'unknown-status', 'completed'],
    ]);
    // Not final any more: checked as a pending payment is, not once an hour.
    const state = r.engine.scheduler.get(key(id))!;
    expect(state.final).toBe(false);
    expect(watchMode(state)).toBe('pending');
    const refundedAt = T0 + 6 * H;
    await r.advance(4 * H);
    expect(titles(r, id)).toEqual([
      'Paid: $25.00',
      'Unknown status "disputed" after completion: $25.00',
      'Refunded after completion: $25.00',
    ]);
    // Seen on the pending watch (its bound grows with age), not the refund watch's max(1 h, age / 2).
    const seen = Date.parse(notifies(r, id)[2]!.at);
    expect(seen - refundedAt).toBeGreaterThanOrEqual(0);
    expect(seen - refundedAt).toBeLessThan(45 * M);
  });

  it('words a PayCrypt payment paid after expiry (through pending again) and a top-up after an underpayment, with the difference', async () => {
    const r = (rig = await startRig());
    const late = r.world.addPayCrypt({
      amount: 20,
      network: 'tron',
      createdAt: T0,
      expiresAt: T0 + 10 * M,
      outcome: 'expire',
      later: [
        { at: T0 + 15 * M, status: 'pending', amountReceived: 20, confirmations: 1 },
        { at: T0 + 16 * M, status: 'confirmed', confirmations: 19 },
      ],
    });
    const topped = r.world.addPayCrypt({
      amount: 50,
      network: 'tron',
      createdAt: T0,
      expiresAt: T0 + 60 * M,
      outcome: { depositAt: T0 + M, amountReceived: '49.50', requiredConfirmations: 1 },
      later: [{ at: T0 + 20 * M, status: 'confirmed', amountReceived: '50.00' }],
    });
    const unasked = r.world.addPayCrypt({
      amount: 30,
      network: 'tron',
      createdAt: T0,
      expiresAt: T0 + 10 * M,
      outcome: 'expire',
      later: [{ at: T0 + 30 * M, status: 'confirmed', amountReceived: 30, confirmations: 19 }],
    });
    r.engine.add([late, topped, unasked].map(parsePaymentId));
    // The user asks for a check after the late payment ("Check now"); from then on it is followed
    // as any pending deposit. Without asking, the expired watch sees it within the hour.
    await r.advance(14 * M);
    r.engine.refresh([`paycrypt:payment:${late}`]);
    await r.advance(M + 30_000);
    r.engine.refresh([`paycrypt:payment:${late}`]);
    await r.advance(20 * M);
    expect(notifies(r, late).map((e) => [e.from, e.to, e.kind, e.after])).toEqual([
      ['pending', 'expired', 'final', null],
      ['expired', 'pending', 'reopened', 'expired'],
      ['pending', 'confirmed', 'reopened', 'expired'],
    ]);
    expect(titles(r, late)).toEqual(['Expired: $20.00', 'Reopened after expiry (now pending): $20.00', 'Paid after expiry: $20.00']);
    await r.advance(60 * M);
    expect(titles(r, unasked)).toEqual(['Expired: $30.00', 'Paid after expiry: $30.00']);
    expect(Date.parse(notifies(r, unasked)[1]!.at) - (T0 + 30 * M)).toBeLessThan(H);
    expect(titles(r, topped)).toEqual(['Underpaid by $0.50: received 49.5 USDT of $50.00', 'Paid in full after underpayment: $50.00']);
    expect(notifies(r, topped)[1]).toMatchObject({ from: 'underpaid', to: 'confirmed', kind: 'reopened', after: 'underpaid' });

    // Every alert was claimed with its status: a restart sees the same statuses and says nothing.
    await r.restart();
    r.engine.refresh([late, topped, unasked].map((id) => `paycrypt:payment:${id}`));
    await r.advance(10 * M);
    expect(notifies(r, unasked)).toHaveLength(2);
    expect(notifies(r, late)).toHaveLength(3);
    expect(notifies(r, topped)).toHaveLength(2);
  });
});
