/** Today at a glance (issue 13): outcomes, the day's tallies per currency, and the 24 hourly buckets. */
import { describe, expect, it } from 'vitest';
import { glance, localMidnight, outcomeAt, outcomeOf } from '../../src/shared/glance.ts';
import type { WatchRowView } from '../../src/shared/ipc.ts';
import { c2cRow } from '../renderer/fixtures/rows.ts';

const H = 3_600_000;
// 15:30 local time on a fixed day, so "today" starts 15.5 h earlier wherever the test runs.
const NOW = new Date(2026, 11, 7, 15, 30, 0).getTime();
const iso = (t: number) => new Date(t).toISOString();

function row(id: string, status: string, at: number | null, amountMinor = 1000, currency = 'USD', field: 'updatedAt' | 'completedAt' | 'lastCheckedAt' = 'updatedAt'): WatchRowView {
  const base = c2cRow(id, { status, lastCheckedAt: field === 'lastCheckedAt' && at !== null ? iso(at) : null }, { amountMinor });
  const payment = { ...base.payment!, currency, updatedAt: field === 'updatedAt' && at !== null ? iso(at) : null, completedAt: field === 'completedAt' && at !== null ? iso(at) : null };
  return { ...base, payment };
}

describe('glance', () => {
  it('tallies today per outcome with exact amounts per currency, and pending whenever created', () => {
    const rows = [
      row('pay_paid000001', 'completed', NOW - 1 * H, 4900),
      row('pay_paid000002', 'completed', NOW - 2 * H, 10, 'USD', 'completedAt'),
      row('pay_paid000003', 'completed', NOW - 3 * H, 3000, 'EUR'),
      // Yesterday: not today's, but in the 24 h chart.
      row('pay_paid000004', 'completed', localMidnight(NOW) - 2 * H, 99_999),
      row('pay_fail000001', 'failed', NOW - 30 * 60_000, 1500, 'USD', 'lastCheckedAt'),
      row('pay_refd000001', 'refunded', NOW - 4 * H, 700),
      row('pay_pend000001', 'pending', null, 250),
      row('pay_pend000002', 'pending', null, 125),
      c2cRow('pay_never00001', { status: null }),
    ];
    const g = glance(rows, NOW);
    expect(g.since).toBe(localMidnight(NOW));
    expect(g.today.paid.count).toBe(3);
    expect([...g.today.paid.amounts]).toEqual([['USD', 4910], ['EUR', 3000]]);
    expect(g.today.failed.count).toBe(1);
    expect(g.today.refunded.count).toBe(1);
    expect(g.pending.count).toBe(2);
    expect(g.pending.amounts.get('USD')).toBe(375);
    expect(g.hours).toHaveLength(24);
    expect(g.hours.at(-1)!.start).toBeLessThanOrEqual(NOW);
    expect(g.hours.at(-1)!.start + H).toBeGreaterThan(NOW);
    const sum = (o: 'paid' | 'failed' | 'refunded') => g.hours.reduce((n, h) => n + h.counts[o], 0);
    expect([sum('paid'), sum('failed'), sum('refunded')]).toEqual([4, 1, 1]);
    // The failed one is in the last hour, the one 3 h ago three buckets earlier.
    expect(g.hours.at(-1)!.counts.failed).toBe(1);
    expect(g.hours.at(-4)!.counts.paid).toBe(1);
  });

  it('sums many small amounts exactly (minor units, no floating point)', () => {
    const rows = Array.from({ length: 1000 }, (_, i) => row(`pay_cents${String(i).padStart(5, '0')}`, 'completed', NOW - 60_000, 1));
    expect(glance(rows, NOW).today.paid.amounts.get('USD')).toBe(1000);
  });

  it('knows outcomes from each provider, and counts a provider clock a little ahead of ours as now', () => {
    const base = c2cRow('pay_x00000001', { status: 'completed' });
    expect(outcomeOf(base)).toBe('paid');
    expect(outcomeOf(c2cRow('pay_x00000002', { status: 'pending' }))).toBeNull();
    const deposit = { ...base, payment: { ...base.payment!, provider: 'paycrypt', status: 'underpaid' } } as unknown as WatchRowView;
    expect(outcomeOf(deposit)).toBe('failed');
    const overpaid = { ...base, payment: { ...base.payment!, provider: 'paycrypt', status: 'overpaid' } } as unknown as WatchRowView;
    expect(outcomeOf(overpaid)).toBe('paid');
    const ahead = row('pay_ahead00001', 'completed', NOW + 30_000);
    expect(glance([ahead], NOW).today.paid.count).toBe(1);
    // No time from the provider nor a check: not placed.
    expect(outcomeAt(row('pay_notime0001', 'failed', null), 'failed')).toBeNull();
  });
});
