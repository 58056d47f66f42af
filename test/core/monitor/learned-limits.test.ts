/**
 * Learned limits against readings taken from few requests (issue 11, follow-up: the bench's
 * 60/min scenario collapsed when "2 per 2.4 s", read from the two requests since the previous 429,
 * replaced a learned 60 a minute).
 */
import { describe, expect, it } from 'vitest';
import { LearnedLimits } from '../../../src/core/monitor/learned-limits.ts';
import { SendLog } from '../../../src/core/monitor/window-limit.ts';

const T0 = Date.UTC(2026, 1, 20, 9, 0, 0);
const S = 1000;

describe('LearnedLimits.learn', () => {
  it('a reading within one request of its doubt does not replace a pressing per-minute limit', () => {
    const learned = new LearnedLimits();
    const sent = new SendLog();
    for (let i = 0; i < 60; i++) sent.push(T0 + i * S);
    // The 61st is refused (sent, so counted in our window): 60 a minute is learned.
    sent.push(T0 + 60 * S);
    learned.learn(T0 + 60 * S, { limit: 60, windowMs: 60 * S, consistent: true }, sent);
    sent.push(T0 + 61 * S);
    sent.push(T0 + 62 * S);
    // Two passed since, the third is refused: "2 per 2.4 s" (50 a minute), but "3 per 2.4 s" (75)
    // is as likely: the 60-a-minute limit steps down (0.9), it is not replaced by seconds.
    learned.learn(T0 + 63_400, { limit: 2, windowMs: 2400, consistent: true }, sent);
    expect(learned.limits).toHaveLength(1);
    expect(learned.limits[0]!.limit).toBe(60);
    expect(learned.limits[0]!.windowMs).toBeGreaterThanOrEqual(60 * S);
  });

  it('a shorter reading that reaches back past the previous 429 counts what the provider accepted there', () => {
    // A burst of 16 in under a second, the 17th refused: "16 per 10.85 s" is learned. One more
    // passes, and 2 s after the first 429 another is refused with "try again in 3 s": read from the
    // one request since, "1 per 3.75 s" (16 a minute). But that window also held the burst, which a
    // sliding-window provider still counts (the bench's 60/min scenario, seed 3, sat near 16 a minute).
    const learned = new LearnedLimits();
    const sent = new SendLog();
    const t1 = T0 + 68_300;
    for (let i = 0; i < 16; i++) sent.push(t1 - 1000 + i * 50);
    sent.push(t1);
    learned.learn(t1, { limit: 16, windowMs: 10_853, consistent: true }, sent);
    sent.push(t1 + 1250);
    sent.push(t1 + 2000);
    learned.learn(t1 + 2000, { limit: 1, windowMs: 3753, consistent: true }, sent, 16);
    expect(learned.limits).toHaveLength(1);
    expect(learned.limits[0]!.limit).toBe(16);
    expect(learned.limits[0]!.perMinute).toBeGreaterThan(50);
  });

  it('a reading tighter even by one more request replaces it (a limit that was lowered)', () => {
    const learned = new LearnedLimits();
    const sent = new SendLog();
    for (let i = 0; i < 60; i++) sent.push(T0 + i * S);
    learned.learn(T0 + 60 * S, { limit: 60, windowMs: 60 * S, consistent: true }, sent);
    for (let i = 61; i < 90; i++) sent.push(T0 + i * S);
    learned.learn(T0 + 90 * S, { limit: 30, windowMs: 60 * S, consistent: true }, sent);
    expect(learned.limits.map((l) => [l.limit, l.windowMs])).toEqual([[30, 60 * S]]);
  });
});
