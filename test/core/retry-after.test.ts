import { describe, expect, it } from 'vitest';
import { MAX_RETRY_AFTER_SECONDS, parseRetryAfter, retryAfterFromMessage } from '../../src/core/retry-after.ts';

const NOW = Date.parse('2026-02-20T10:00:00Z');

describe('parseRetryAfter', () => {
  it('reads delta seconds', () => {
    expect(parseRetryAfter('30', NOW)).toBe(30);
    expect(parseRetryAfter(' 0 ', NOW)).toBe(0);
    expect(parseRetryAfter('1.2', NOW)).toBe(2);
  });

  it('reads an HTTP date relative to now, rounding up', () => {
    expect(parseRetryAfter('Fri, 20 Feb 2026 10:01:00 GMT', NOW)).toBe(60);
    expect(parseRetryAfter('Fri, 20 Feb 2026 10:00:00 GMT', NOW + 500)).toBe(0);
    expect(parseRetryAfter('Fri, 20 Feb 2026 10:00:10 GMT', NOW + 500)).toBe(10);
  });

  it('clamps to 0..a day', () => {
    expect(parseRetryAfter('Thu, 19 Feb 2026 10:00:00 GMT', NOW)).toBe(0);
    expect(parseRetryAfter('999999999', NOW)).toBe(MAX_RETRY_AFTER_SECONDS);
  });

  it.each([undefined, null, '', 'soon', '-5', '12abc', 'Fri, 99 Foo'])('ignores %j', (value) => {
    expect(parseRetryAfter(value, NOW)).toBeUndefined();
  });
});

describe('retryAfterFromMessage', () => {
  it.each([
    ['Rate limit exceeded. Try again in 30 seconds.', 30],
    ['try again in 1 second', 1],
    ['Please retry after 2 minutes', 120],
    ['retry in 1.5s', 2],
    ['Retry after 10', 10],
    ['Try again in 1 hour', 3600],
    ['try again in 48 hours', MAX_RETRY_AFTER_SECONDS],
    ['Please wait 30 seconds before retrying', 30],
    ['wait for 2 minutes', 120],
    ['retry after 500ms', 1],
    ['try again in 2500 milliseconds', 3],
  ])('%j -> %s', (text, seconds) => {
    expect(retryAfterFromMessage(text)).toBe(seconds);
  });

  it.each([null, '', 'Rate limit exceeded', 'Invalid API key', 'in 30 seconds', 'please wait', 'await 5 results'])('finds nothing in %j', (text) => {
    expect(retryAfterFromMessage(text)).toBeUndefined();
  });
});
