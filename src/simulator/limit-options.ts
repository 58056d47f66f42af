/**
 * The simulator's rate limit from command-line words (issue 11): `--limit 6/4s` (repeatable: every
 * window holds at once), `--block 3` (a 429's penalty in seconds; 0: refuse only until a slot
 * frees), `--rate-headers ietf` and `--limit-change 300:0.5:600` (from 300 s after start, for
 * 600 s, every limit × 0.5). Pure, so the CLI's answers to bad input are tested without a process.
 */
import { RATE_LIMIT_STYLES, type RateLimitChange, type RateLimitConfig, type RateLimitStyle, type RateWindow } from './rate-limit.ts';

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** `N/W` with W a number and an optional unit (ms, s, m, h; seconds by default): "6/4s", "1000/1h", "2/1". */
export function parseLimit(text: string): RateWindow {
  const m = /^(\d+)\/(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  const limit = Number(m?.[1]);
  const windowMs = Number(m?.[2]) * (UNIT_MS[m?.[3] ?? 's'] ?? 1000);
  if (!m || limit < 1 || !(windowMs >= 1)) {
    throw new RangeError(`--limit wants requests/window like 6/4s, 60/1m or 1000/1h (at least 1 request, 1 ms), got "${text}"`);
  }
  return { limit, windowMs };
}

/** `AT:FACTOR[:FOR]` in seconds after `start`; without FOR the change lasts to the end. */
export function parseChange(text: string, start: number): RateLimitChange {
  const m = /^(\d+(?:\.\d+)?):(\d+(?:\.\d+)?)(?::(\d+(?:\.\d+)?))?$/.exec(text.trim());
  const factor = Number(m?.[2]);
  if (!m || !(factor > 0)) throw new RangeError(`--limit-change wants AT:FACTOR[:FOR] in seconds, like 300:0.5:600, got "${text}"`);
  const from = start + Number(m[1]) * 1000;
  return { from, until: m[3] === undefined ? Infinity : from + Number(m[3]) * 1000, factor };
}

/** The style named by `--rate-headers`. */
export function parseStyle(text: string): RateLimitStyle {
  const style = RATE_LIMIT_STYLES.find((s) => s === text);
  if (!style) throw new RangeError(`--rate-headers must be one of ${RATE_LIMIT_STYLES.join(', ')}, got "${text}"`);
  return style;
}

/** Command-line words as the simulator's rate-limit settings; only what was given is set. */
export function rateLimitFromArgs(
  args: { limit?: string[]; block?: string; rateHeaders?: string; limitChange?: string[] },
  start: number,
): Partial<RateLimitConfig> {
  const out: Partial<RateLimitConfig> = {};
  const [first, ...more] = (args.limit ?? []).map(parseLimit);
  if (first) Object.assign(out, { limit: first.limit, windowMs: first.windowMs, windows: more });
  if (args.block !== undefined) {
    const block = Number(args.block);
    if (!/^\d+(?:\.\d+)?$/.test(args.block) || block > 86_400) throw new RangeError(`--block wants seconds from 0 to 86400, got "${args.block}"`);
    out.blockSeconds = block;
  }
  if (args.rateHeaders !== undefined) out.style = parseStyle(args.rateHeaders);
  if (args.limitChange?.length) out.changes = args.limitChange.map((c) => parseChange(c, start));
  return out;
}

/** One line describing the limit in force, for the banner. */
export function describeRateLimit(c: RateLimitConfig): string {
  const windows = [{ limit: c.limit, windowMs: c.windowMs }, ...(c.windows ?? [])].map((w) => `${w.limit} per ${w.windowMs / 1000} s`);
  const block = c.blockSeconds > 0 ? `blocked ${c.blockSeconds} s after a 429` : 'refused until a slot frees';
  const changes = (c.changes ?? []).map((ch) => `×${ch.factor} for ${ch.until === Infinity ? 'the rest' : `${(ch.until - ch.from) / 1000} s`}`);
  return `Rate limit per key: ${windows.join(' and ')}, ${block}, answers in style "${c.style ?? 'default'}"${changes.length ? `; changes: ${changes.join(', ')}` : ''}`;
}
