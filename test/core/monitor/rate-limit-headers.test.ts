import { describe, expect, it } from 'vitest';
import { parseRateLimitHeaders, resetTime } from '../../../src/core/monitor/rate-limit-headers.ts';

const NOW = Date.UTC(2026, 1, 20, 9, 0, 0);
const read = (h: Record<string, string>) => parseRateLimitHeaders(new Headers(h), NOW);

describe('parseRateLimitHeaders', () => {
  it('reads the structured IETF fields: policies with their windows, and what is left', () => {
    expect(read({ 'RateLimit-Policy': '"default";q=6;w=4', RateLimit: '"default";r=0;t=3' })).toEqual({
      limits: [{ limit: 6, windowMs: 4000 }],
      allowance: { remaining: 0, resetAt: NOW + 3000 },
      unnamed: null,
    });
    // Several policies at once, and several RateLimit members: the tightest count wins.
    expect(read({ 'ratelimit-policy': '"burst";q=100;w=60, "day";q=1000;w=86400', ratelimit: '"burst";r=50;t=30, "day";r=7;t=5000' })).toEqual({
      limits: [
        { limit: 100, windowMs: 60_000 },
        { limit: 1000, windowMs: 86_400_000 },
      ],
      allowance: { remaining: 7, resetAt: NOW + 5_000_000 },
      unnamed: null,
    });
  });

  it('reads the older triple and its policy list (drafts 03 to 07)', () => {
    expect(read({ 'RateLimit-Limit': '10', 'RateLimit-Remaining': '4', 'RateLimit-Reset': '7', 'RateLimit-Policy': '10;w=1, 50;w=60' })).toEqual({
      limits: [
        { limit: 10, windowMs: 1000 },
        { limit: 50, windowMs: 60_000 },
      ],
      allowance: { remaining: 4, resetAt: NOW + 7000 },
      unnamed: null,
    });
    // Draft 03 listed the policies in RateLimit-Limit itself.
    expect(read({ 'RateLimit-Limit': '10, 10;w=1, 50;w=60' }).limits).toEqual([
      { limit: 10, windowMs: 1000 },
      { limit: 50, windowMs: 60_000 },
    ]);
  });

  it('reads X-RateLimit-Reset as seconds until, epoch seconds or epoch milliseconds', () => {
    expect(read({ 'X-RateLimit-Limit': '60', 'X-RateLimit-Remaining': '0', 'X-RateLimit-Reset': '12' }).allowance).toEqual({ remaining: 0, resetAt: NOW + 12_000 });
    expect(read({ 'x-ratelimit-remaining': '3', 'x-ratelimit-reset': String(NOW / 1000 + 40) }).allowance).toEqual({ remaining: 3, resetAt: NOW + 40_000 });
    expect(read({ 'x-ratelimit-remaining': '3', 'x-ratelimit-reset': String(NOW + 2500) }).allowance).toEqual({ remaining: 3, resetAt: NOW + 2500 });
    // X-RateLimit names no window: its count is kept apart, with its own Remaining and Reset.
    expect(read({ 'X-RateLimit-Limit': '60', 'X-RateLimit-Remaining': '5', 'X-RateLimit-Reset': '12' })).toMatchObject({
      limits: [],
      unnamed: { limit: 60, remaining: 5, resetAt: NOW + 12_000 },
    });
    // A reset in the past is now; one further than a day is not believed.
    expect(resetTime(String(NOW / 1000 - 5), NOW)).toBe(NOW);
    expect(resetTime(String(NOW / 1000 + 2 * 86_400), NOW)).toBeNull();
  });

  it('ignores what it cannot read: absent, negative, fractional windows of zero, words', () => {
    expect(read({})).toEqual({ limits: [], allowance: null, unnamed: null });
    expect(read({ 'RateLimit-Policy': '"x";q=0;w=4, "y";q=5;w=0, "z";q=-1;w=2, "w";q=abc;w=1' })).toEqual({ limits: [], allowance: null, unnamed: null });
    expect(read({ RateLimit: '"x";r=-1;t=3', 'RateLimit-Remaining': '2' })).toEqual({ limits: [], allowance: null, unnamed: null });
    expect(read({ 'x-ratelimit-remaining': 'soon', 'x-ratelimit-reset': '10' }).allowance).toBeNull();
    // A name with a comma inside quotes is one member.
    expect(read({ 'RateLimit-Policy': '"a,b";q=6;w=4' }).limits).toEqual([{ limit: 6, windowMs: 4000 }]);
  });
});
