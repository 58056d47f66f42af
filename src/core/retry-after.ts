/**
 * How long a rate-limited provider wants us to wait. Card2Crypto documents the
 * wait only in prose ("Try again in 30 seconds.", ../shared/specs/card2crypto-get-payment.md);
 * a `Retry-After` header (RFC 9110 §10.2.3) wins when one is sent.
 */

/** Longest wait we honour: a day. Anything larger is a provider bug, not advice. */
export const MAX_RETRY_AFTER_SECONDS = 86_400;

function clampSeconds(seconds: number): number | undefined {
  if (!Number.isFinite(seconds)) return undefined;
  // Whole seconds, rounded up, so a caller never retries a moment too early.
  return Math.min(MAX_RETRY_AFTER_SECONDS, Math.max(0, Math.ceil(seconds)));
}

/**
 * Seconds to wait from a `Retry-After` header: delta seconds or an HTTP date
 * (relative to `now`, ms since epoch). Undefined when absent or unreadable.
 */
export function parseRetryAfter(
  headerValue: string | null | undefined,
  now: number = Date.now(),
): number | undefined {
  const value = headerValue?.trim();
  if (!value) return undefined;
  // RFC form is 1*DIGIT; a decimal is tolerated because some proxies send one.
  if (/^\d+(?:\.\d+)?$/.test(value)) return clampSeconds(Number(value));
  // Only a date-looking value goes to Date.parse: it accepts odd inputs like "-5".
  if (!/[a-z]/i.test(value)) return undefined;
  const at = Date.parse(value);
  if (Number.isNaN(at)) return undefined;
  return clampSeconds((at - now) / 1000);
}

const UNIT_SECONDS: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600 };

// "Try again in 30 seconds", "retry after 2 minutes", "Retry in 1.5s", "retry after 10",
// "Please wait 30 seconds", "retry after 500ms" (issue 11).
const WAIT_PHRASE =
  /\b(?:(?:try\s+again|retry)\s+(?:in|after)|wait(?:\s+for)?)\s+(\d+(?:\.\d+)?)\s*(ms|millisec(?:ond)?s?|s(?:ec(?:ond)?s?)?|m(?:in(?:ute)?s?)?|h(?:(?:ou)?rs?)?)?\b/i;

/** Seconds to wait, read from a provider's error text; undefined when it names none. */
export function retryAfterFromMessage(text: string | null | undefined): number | undefined {
  if (!text) return undefined;
  const match = WAIT_PHRASE.exec(text);
  if (!match?.[1]) return undefined;
  const word = (match[2] ?? 's').toLowerCase();
  const unit = word === 'ms' || word.startsWith('milli') ? 'ms' : word.charAt(0);
  return clampSeconds(Number(match[1]) * (UNIT_SECONDS[unit] ?? 1));
}
