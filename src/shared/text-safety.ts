/**
 * Provider text is data (issue 16): before a provider-sourced string is printed to a terminal,
 * put in a notification or copied into a ticket, characters that are not text are taken out.
 * Pure (no DOM, no Node): the CLI, the core's notification text and the renderer all use it.
 *
 * Unsafe are control characters (\p{Cc}: ESC starting OSC 52 / OSC 0 / CSI sequences, BEL,
 * newlines, C1 controls such as U+009B), format characters (\p{Cf}: U+202E and the other bidi
 * overrides, zero-width characters, Unicode tag characters), lone surrogates (\p{Cs}), and the
 * line and paragraph separators U+2028/U+2029 (\p{Zl}, \p{Zp}), which editors and browsers show
 * as line breaks and so forge lines just like "\n".
 */

/** One run of characters that are not text to show. */
const UNSAFE_RUN = /[\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}]+/gu;
const UNSAFE_ONE = /[\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}]/u;
const UNSAFE_EACH = /[\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}]/gu;

/** Longest provider value shown in one place unless a caller says otherwise. */
export const MAX_SHOWN_TEXT = 256;

/** True when `text` holds a control, format, surrogate or line-separator character. */
export function hasUnsafeText(text: string): boolean {
  return UNSAFE_ONE.test(text);
}

/**
 * Cuts `text` to at most `max` UTF-16 units, ending in "…" when cut; never splits a surrogate pair.
 */
export function capText(text: string, max: number = MAX_SHOWN_TEXT): string {
  if (text.length <= max) return text;
  if (max <= 1) return '…'.slice(0, Math.max(0, max));
  let end = max - 1;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--; // keep a pair whole
  return `${text.slice(0, end)}…`;
}

/** `text` with each run of unsafe characters replaced by one space; nothing else changes. */
export function replaceUnsafe(text: string): string {
  return text.replace(UNSAFE_RUN, ' ');
}

/**
 * One line of plain text: each run of unsafe characters becomes a single space (so a hidden
 * character shows as a gap instead of silently joining "pay_1" and "23"), whitespace runs collapse,
 * the ends are trimmed, and the result is capped at `max` (default MAX_SHOWN_TEXT; Infinity for no cap).
 */
export function flattenText(text: string, max: number = MAX_SHOWN_TEXT): string {
  const flat = replaceUnsafe(text).replace(/\s+/g, ' ').trim();
  return Number.isFinite(max) ? capText(flat, max) : flat;
}

/**
 * JSON text whose unsafe characters are `\uXXXX` escapes: the same value to a JSON parser (lossless,
 * unlike flattening), but nothing a terminal or an editor acts on. JSON.stringify escapes only
 * U+0000–U+001F, so DEL, C1 controls, bidi overrides and U+2028 would otherwise go out raw.
 */
export function safeJson(value: unknown): string {
  const text = JSON.stringify(value) ?? 'null';
  // Outside strings JSON.stringify writes only ASCII, so every match is inside a string literal.
  return text.replace(UNSAFE_EACH, (ch) => {
    let out = '';
    for (let i = 0; i < ch.length; i++) out += `\\u${ch.charCodeAt(i).toString(16).padStart(4, '0')}`;
    return out;
  });
}
