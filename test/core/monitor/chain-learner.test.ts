import { describe, expect, it } from 'vitest';
import { ChainLearner } from '../../../src/core/monitor/chain-learner.ts';

const T0 = Date.UTC(2026, 0, 1);
const answer = (confirmations: number | null, at: number, final = false, network: string | null = 'Tron') => ({ network, depositSeen: true, confirmations, final, at });

describe('ChainLearner (issue 11, follow-up)', () => {
  it('learns the block pace from the bounds successive answers of one deposit put on it, and the count at which it turned final', () => {
    // 3 s blocks; block 2 came at T0 - 1 s, block 3 at T0 + 2 s, … block 7 at T0 + 14 s.
    const chains = new ChainLearner();
    expect(chains.facts('tron')).toEqual({ blockMs: null, required: null });
    chains.observe('a', answer(2, T0));
    chains.observe('a', answer(3, T0 + 2_500));
    // One confirmation in 2.5 s: only a lower bound (over 1.25 s), not trusted yet.
    expect(chains.facts('tron')).toEqual({ blockMs: null, required: null });
    chains.observe('a', answer(5, T0 + 9_000));
    // 3 more in 9 s: between 9/4 and 9/2 s.
    expect(chains.facts('tron')).toEqual({ blockMs: 3_375, required: null });
    // Final with 7 at 15 s: at most 15/4 s; the middle of 2.25..3.75 s.
    chains.observe('a', answer(7, T0 + 15_000, true));
    // Networks are matched without regard to case.
    expect(chains.facts('TRON')).toEqual({ blockMs: 3_000, required: 7 });
  });

  it('reads the pace from updated_at when it moves with the confirmations, and ignores it when it does not fit the bounds', () => {
    // 12 s blocks; block 1 at T0. Answers at T0 + 5 s (1 conf), T0 + 40 s (4 conf: block 4 at T0 + 36 s).
    const stamped = (c: number, at: number, stamp: number, final = false) => ({ ...answer(c, at, final, 'ethereum'), confirmationAt: stamp });
    const chains = new ChainLearner();
    chains.observe('a', stamped(1, T0 + 5_000, T0));
    chains.observe('a', stamped(4, T0 + 40_000, T0 + 36_000));
    // The bounds alone (35/4 .. 35/2 s) would say 13.125 s; the stamps say 12 s exactly.
    expect(chains.facts('ethereum').blockMs).toBe(12_000);
    // A deposit whose updated_at stays at its first sighting (does not follow blocks) adds no reading.
    const still = new ChainLearner();
    still.observe('b', stamped(1, T0 + 5_000, T0));
    still.observe('b', stamped(4, T0 + 40_000, T0));
    expect(still.facts('ethereum').blockMs).toBe(13_125);
    // One claiming 1 s blocks over 3 confirmations in 35 s does not fit the bounds: ignored.
    const wrong = new ChainLearner();
    wrong.observe('c', stamped(1, T0 + 5_000, T0 + 4_000));
    wrong.observe('c', stamped(4, T0 + 40_000, T0 + 7_000));
    expect(wrong.facts('ethereum').blockMs).toBe(13_125);
  });

  it('keeps the smallest recent final count (a late check sees more than were needed), and the last count when the final answer has none', () => {
    const chains = new ChainLearner();
    chains.observe('a', answer(30, T0, true, 'polygon'));
    chains.observe('b', answer(3, T0, false, 'polygon'));
    chains.observe('b', answer(0, T0 + 1_000, true, 'polygon'));
    expect(chains.facts('polygon').required).toBe(3);
    // A final payment's later checks are not fed (the scheduler filters them), and other networks stay apart.
    expect(chains.facts('bsc')).toEqual({ blockMs: null, required: null });
  });

  it('does not trust a pace spanning a single confirmation, and starts over when the count drops (a new transaction)', () => {
    const chains = new ChainLearner();
    chains.observe('a', answer(1, T0));
    chains.observe('a', answer(2, T0 + 1_000));
    expect(chains.facts('tron').blockMs).toBeNull();
    chains.observe('a', answer(1, T0 + 2_000));
    chains.observe('a', answer(4, T0 + 12_000));
    // From the new start: 3 confirmations in 10 s, so between 2.5 and 5 s.
    expect(chains.facts('tron').blockMs).toBe(3_750);
    chains.forget('a');
    chains.observe('a', answer(9, T0 + 20_000, true));
    expect(chains.facts('tron')).toEqual({ blockMs: 3_750, required: 9 });
  });
});
