/**
 * How a simulated provider words a refusal and reports its limit (issue 11), so Paymon can be
 * tested against each form it meets in the wild: nothing at all, `Retry-After` in seconds or as
 * an HTTP date, the prose "Try again in N seconds", the IETF draft's fields in the structured
 * (draft-08+) and the older (drafts 03–07) forms, and `X-RateLimit-*` with Reset as seconds or
 * as an epoch time.
 */
import type { Provider } from '../shared/payment.ts';
import type { RateLimitStyle, WindowUsage } from './rate-limit.ts';

/** Whole seconds, rounded up, as these headers carry them. */
const secs = (ms: number): number => Math.max(0, Math.ceil(ms / 1000));

/** The window closest to refusing: fewest left, then the longest wait. */
function tightest(usage: WindowUsage[]): WindowUsage | undefined {
  return [...usage].sort((a, b) => a.remaining - b.remaining || b.resetMs - a.resetMs)[0];
}

/** The rate-limit headers every answer past the limiter carries in this style (none for most styles). */
export function rateLimitHeaders(style: RateLimitStyle, usage: WindowUsage[], now: number): Record<string, string> {
  const tight = tightest(usage);
  if (!tight) return {};
  const name = (u: WindowUsage) => `"w${u.windowMs / 1000}"`;
  switch (style) {
    case 'ietf':
      return {
        'ratelimit-policy': usage.map((u) => `${name(u)};q=${u.limit};w=${u.windowMs / 1000}`).join(', '),
        ratelimit: `${name(tight)};r=${tight.remaining};t=${secs(tight.resetMs)}`,
      };
    case 'ietf-legacy':
      return {
        'ratelimit-limit': String(tight.limit),
        'ratelimit-remaining': String(tight.remaining),
        'ratelimit-reset': String(secs(tight.resetMs)),
        'ratelimit-policy': usage.map((u) => `${u.limit};w=${u.windowMs / 1000}`).join(', '),
      };
    case 'x-ratelimit':
    case 'x-ratelimit-epoch':
      return {
        'x-ratelimit-limit': String(tight.limit),
        'x-ratelimit-remaining': String(tight.remaining),
        'x-ratelimit-reset': String(style === 'x-ratelimit' ? secs(tight.resetMs) : secs(now + tight.resetMs)),
      };
    default:
      return {};
  }
}

/** A refusal's wording: the body's text and any `Retry-After`. */
export interface Refusal {
  text: string;
  headers: Record<string, string>;
}

/**
 * How a 429 is worded in this style; `default` is each provider's usual way (Card2Crypto's prose,
 * PayCrypt's header). `waitSeconds` is the true wait; the prose says `saidSeconds` (a fixed text).
 */
export function refusal(style: RateLimitStyle, provider: Provider, waitSeconds: number, saidSeconds: number, now: number): Refusal {
  const prose = `Rate limit exceeded. Try again in ${saidSeconds} seconds.`;
  const plain = provider === 'card2crypto' ? 'Rate limit exceeded.' : 'Too many requests';
  switch (style) {
    case 'default':
      return provider === 'card2crypto' ? { text: prose, headers: {} } : { text: plain, headers: { 'retry-after': String(waitSeconds) } };
    case 'message':
      return { text: prose, headers: {} };
    case 'retry-after':
      return { text: plain, headers: { 'retry-after': String(waitSeconds) } };
    case 'retry-after-date':
      // Dates carry whole seconds: round the moment up, so waiting until it is never too early.
      return { text: plain, headers: { 'retry-after': new Date(Math.ceil((now + waitSeconds * 1000) / 1000) * 1000).toUTCString() } };
    default:
      // 'none', and the header styles, whose fields already say when to come back.
      return { text: plain, headers: {} };
  }
}
