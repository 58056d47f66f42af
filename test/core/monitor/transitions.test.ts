/** Which status changes are alerts (issue 14): finals, reopenings, undocumented statuses. */
import { describe, expect, it } from 'vitest';
import { classifyTransition, priorFinalStatus } from '../../../src/core/monitor/transitions.ts';

describe('classifyTransition', () => {
  it('alerts on reaching a final status, after a final one, and on an undocumented status', () => {
    expect(classifyTransition('card2crypto', 'pending', 'completed', null)).toEqual({ kind: 'final', after: null });
    expect(classifyTransition('card2crypto', null, 'completed', null)).toEqual({ kind: 'final', after: null });
    expect(classifyTransition('card2crypto', 'completed', 'refunded', 'completed')).toEqual({ kind: 'reopened', after: 'completed' });
    expect(classifyTransition('paycrypt', 'expired', 'pending', 'expired')).toEqual({ kind: 'reopened', after: 'expired' });
    expect(classifyTransition('paycrypt', 'pending', 'confirmed', 'expired')).toEqual({ kind: 'reopened', after: 'expired' });
    expect(classifyTransition('paycrypt', 'underpaid', 'confirmed', 'underpaid')).toEqual({ kind: 'reopened', after: 'underpaid' });
    expect(classifyTransition('card2crypto', 'pending', 'disputed', null)).toEqual({ kind: 'unknown-status', after: null });
    expect(classifyTransition('card2crypto', 'completed', 'disputed', 'completed')).toEqual({ kind: 'unknown-status', after: 'completed' });
  });

  it('stays quiet on a first answer that is not final and on moves between non-final statuses', () => {
    expect(classifyTransition('card2crypto', null, 'pending', null)).toBeNull();
    expect(classifyTransition('card2crypto', null, 'disputed', null)).toBeNull();
    expect(classifyTransition('paycrypt', 'pending', 'pending', null)).toBeNull();
    // Back to the same final status it had: the ledger has it already; it is not a reopening.
    expect(classifyTransition('paycrypt', 'pending', 'expired', 'expired')).toEqual({ kind: 'final', after: null });
  });

  it('finds the last final status before the newest change', () => {
    const h = (...to: string[]) => to.map((t) => ({ to: t }));
    expect(priorFinalStatus('paycrypt', h('pending', 'expired', 'pending', 'confirmed'))).toBe('expired');
    expect(priorFinalStatus('paycrypt', h('pending', 'confirmed'))).toBeNull();
    expect(priorFinalStatus('card2crypto', h('pending', 'completed', 'disputed', 'pending', 'refunded'))).toBe('completed');
  });
});
