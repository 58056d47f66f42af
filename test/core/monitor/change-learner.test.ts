import { describe, expect, it } from 'vitest';
import { ChangeLearner, MIN_CHANGES } from '../../../src/core/monitor/change-learner.ts';
import { mulberry32 } from '../../../src/simulator/random.ts';

const S = 1000;
const prior = (ageMs: number): number => 1 / (ageMs + 10 * S);

/** Checks every `gap` ms of payments that change at uniform times in [60 s, 120 s] (half of them never). */
function feed(learner: ChangeLearner, n: number, gap = 10 * S): void {
  const random = mulberry32(7);
  for (let i = 0; i < n; i++) {
    const changeAt = random() < 0.5 ? 60 * S + random() * 60 * S : Infinity;
    for (let t = 0; t < 600 * S; t += gap) {
      const changed = changeAt <= t + gap;
      learner.observe('card2crypto', t, t + gap, changed);
      if (changed) break;
    }
  }
}

describe('ChangeLearner (issue 11, follow-up)', () => {
  it('says nothing until it has seen enough changes, then holds the prior where data are thin', () => {
    const learner = new ChangeLearner(prior);
    learner.observe('card2crypto', 0, 30 * S, true);
    expect(learner.cumulative('card2crypto', 0, 60 * S)).toBeNull();
    expect(learner.delayMs('card2crypto', 0, 60 * S)).toBeNull();
    expect(MIN_CHANGES).toBeGreaterThan(1);
  });

  it('learns when payments change: nothing in the first minute, half by two minutes, little after', () => {
    const learner = new ChangeLearner(prior);
    feed(learner, 400);
    const survive = (age: number): number => Math.exp(-learner.cumulative('card2crypto', 0, age * S)!);
    // The prior alone would say 1 − 10/70 = 86 % had changed by a minute.
    expect(survive(50)).toBeGreaterThan(0.9);
    expect(survive(125)).toBeGreaterThan(0.4);
    expect(survive(125)).toBeLessThan(0.6);
    // Those left by then never change: the hazard after is far below the prior's.
    expect(learner.cumulative('card2crypto', 200 * S, 600 * S)!).toBeLessThan(0.1);
    expect(learner.cumulative('paycrypt', 0, 60 * S)).toBeNull();
  });

  it('the delay a check finds is the integral of the chance the change came since the last check', () => {
    const learner = new ChangeLearner(prior);
    feed(learner, 400);
    const from = 70 * S;
    const to = 100 * S;
    let numeric = 0;
    for (let t = from; t < to; t += 10) numeric += 10 * (1 - Math.exp(-learner.cumulative('card2crypto', from, t + 5)!));
    expect(Math.abs(learner.delayMs('card2crypto', from, to)! - numeric)).toBeLessThan(0.01 * numeric);
    // Nothing likely changes in the first minute: a check there finds almost no delay.
    expect(learner.delayMs('card2crypto', 0, 40 * S)!).toBeLessThan(2 * S);
  });
});
