/**
 * What a provider's answer says about its rate limit (issue 11): the IETF draft's fields, in
 * both the structured form (`RateLimit-Policy: "default";q=6;w=4`, `RateLimit: "default";r=0;t=3`,
 * draft-ietf-httpapi-ratelimit-headers-08 and later) and the older triple (`RateLimit-Limit`,
 * `-Remaining`, `-Reset` with `RateLimit-Policy: 10;w=1`, drafts 03–07), and the common
 * `X-RateLimit-Limit/Remaining/Reset` (Reset as seconds until, or as epoch seconds or ms).
 * Pure: the budget decides what to do with it.
 */

/** Reads one header (a fetch `Headers` fits). */
export interface HeaderReader {
  get(name: string): string | null;
}

/** "At most `limit` requests in any `windowMs`": a limit whose window the provider named. */
export interface NamedLimit {
  limit: number;
  windowMs: number;
}

/** Requests left until `resetAt` (epoch ms): the provider's own count. */
export interface Allowance {
  remaining: number;
  resetAt: number;
}

/** The provider's limits with their windows, and the tightest count it reported left. */
export interface RateLimitSignal {
  limits: NamedLimit[];
  allowance: Allowance | null;
  /** `X-RateLimit-Limit` with its own Remaining and Reset: a count whose window is not named. */
  unnamed: { limit: number; remaining: number; resetAt: number } | null;
}

/** Longest window or reset we believe (a day); beyond that it is a provider bug, not advice. */
const MAX_SECONDS = 86_400;

/** One list member: its bare value and its `;key=value` parameters. */
interface Member {
  value: string;
  params: Map<string, string>;
}

/** Splits a structured-field list (or a legacy `10;w=1, 50;w=60`) into members; quotes keep commas. */
function members(field: string | null): Member[] {
  if (!field) return [];
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  for (const c of field) {
    if (c === '"') quoted = !quoted;
    if (c === ',' && !quoted) {
      parts.push(current);
      current = '';
    } else current += c;
  }
  parts.push(current);
  return parts
    .map((part) => {
      const [head = '', ...rest] = part.split(';').map((s) => s.trim());
      const params = new Map<string, string>();
      for (const p of rest) {
        const eq = p.indexOf('=');
        if (eq > 0) params.set(p.slice(0, eq).trim().toLowerCase(), p.slice(eq + 1).trim().replace(/^"|"$/g, ''));
      }
      return { value: head.replace(/^"|"$/g, ''), params };
    })
    .filter((m) => m.value !== '' || m.params.size > 0);
}

/** A non-negative decimal number no larger than `max`, or null. */
function num(raw: string | null | undefined, max = Number.MAX_SAFE_INTEGER): number | null {
  const s = raw?.trim();
  if (!s || !/^\d+(?:\.\d+)?$/.test(s)) return null;
  const n = Number(s);
  return n <= max ? n : null;
}

function namedLimit(q: number | null, w: number | null): NamedLimit | null {
  if (q === null || w === null || q < 1 || w <= 0 || w > MAX_SECONDS) return null;
  return { limit: Math.floor(q), windowMs: w * 1000 };
}

/** `X-RateLimit-Reset` is seconds until the reset on some APIs and an epoch time on others: tell them apart by size. */
export function resetTime(raw: string | null | undefined, now: number): number | null {
  const n = num(raw);
  if (n === null) return null;
  // No delay of 31 years is meant: a number past 1e9 is epoch seconds, past 1e12 epoch milliseconds.
  const at = n >= 1e12 ? n : n >= 1e9 ? n * 1000 : now + n * 1000;
  return at - now > MAX_SECONDS * 1000 ? null : Math.max(now, at);
}

/** The tightest of several counts: the fewest left, and of those the latest reset. */
function tightest(a: Allowance | null, b: Allowance | null): Allowance | null {
  if (!a || !b) return a ?? b;
  if (a.remaining !== b.remaining) return a.remaining < b.remaining ? a : b;
  return a.resetAt >= b.resetAt ? a : b;
}

function allowance(remaining: number | null, resetAt: number | null): Allowance | null {
  return remaining === null || resetAt === null ? null : { remaining: Math.floor(remaining), resetAt };
}

/** Reads every rate-limit field an answer carries; absent or unreadable fields are simply left out. */
export function parseRateLimitHeaders(headers: HeaderReader, now: number): RateLimitSignal {
  const limits: NamedLimit[] = [];
  let left: Allowance | null = null;

  // RateLimit-Policy: structured (`"name";q=6;w=4`) or legacy (`6;w=4`); several policies at once.
  for (const m of members(headers.get('ratelimit-policy'))) {
    const limit = namedLimit(num(m.params.get('q')) ?? num(m.value), num(m.params.get('w')));
    if (limit) limits.push(limit);
  }
  // Draft-03 put the policies into RateLimit-Limit itself: `10, 10;w=1, 50;w=60`.
  for (const m of members(headers.get('ratelimit-limit'))) {
    const limit = namedLimit(num(m.value), num(m.params.get('w')));
    if (limit) limits.push(limit);
  }
  // RateLimit: structured `"name";r=0;t=3`, one member per policy.
  for (const m of members(headers.get('ratelimit'))) {
    const t = num(m.params.get('t'), MAX_SECONDS);
    left = tightest(left, allowance(num(m.params.get('r')), t === null ? null : now + t * 1000));
  }
  // The legacy triple: Remaining with Reset in delta seconds.
  const reset = num(headers.get('ratelimit-reset'), MAX_SECONDS);
  left = tightest(left, allowance(num(headers.get('ratelimit-remaining')), reset === null ? null : now + reset * 1000));
  // X-RateLimit-*: names no window, but its Remaining and Reset are exact.
  const xReset = resetTime(headers.get('x-ratelimit-reset'), now);
  const xLeft = allowance(num(headers.get('x-ratelimit-remaining')), xReset);
  left = tightest(left, xLeft);
  const xLimit = num(headers.get('x-ratelimit-limit'));
  const unnamed = xLeft && xLimit !== null && xLimit >= 1 ? { limit: Math.floor(xLimit), ...xLeft } : null;

  const unique = new Map(limits.map((l) => [`${l.limit}/${l.windowMs}`, l]));
  return { limits: [...unique.values()], allowance: left, unnamed };
}
