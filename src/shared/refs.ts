/**
 * Payment references: what a user can ask about, how it is validated, and how
 * references are pulled out of pasted text (issue 2). Pure: used by the CLI,
 * main and the renderer's paste preview.
 */
import { PaymonError } from './errors.ts';
import type { Provider } from './payment.ts';

/** A payment ID, or (PayCrypt only) an order ID, to look up. */
export interface PaymentRef {
  provider: Provider;
  kind: 'payment' | 'order';
  value: string;
}

/** A stable key for a reference: dedup, maps, database rows. */
export function refKey(ref: PaymentRef): string {
  return `${ref.provider}:${ref.kind}:${ref.value}`;
}

/** Card2Crypto payment IDs: `pay_` then a safe alphabet (the spec shows `pay_abc123xyz789`). */
const CARD2CRYPTO_ID = /^pay_[A-Za-z0-9_-]{1,96}$/;
/** PayCrypt payment IDs are UUIDs. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** PayCrypt order references are system-generated; accept a conservative safe set. */
const ORDER_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

const MAX_SHOWN = 80;
function shown(input: string): string {
  // Control characters are replaced so an echoed input cannot mangle a terminal.
  // eslint-disable-next-line no-control-regex
  const flat = input.replace(/[\u0000-\u001f\u007f]/g, '?');
  return flat.length > MAX_SHOWN ? `${flat.slice(0, MAX_SHOWN)}…` : flat;
}

/**
 * Classify one payment ID: `pay_…` is Card2Crypto, a UUID is PayCrypt.
 * Throws `invalid_input` for anything else, before any request is made.
 */
export function parsePaymentId(input: string): PaymentRef {
  const value = input.trim();
  if (CARD2CRYPTO_ID.test(value)) return { provider: 'card2crypto', kind: 'payment', value };
  if (UUID.test(value)) return { provider: 'paycrypt', kind: 'payment', value: value.toLowerCase() };
  throw new PaymonError(
    'invalid_input',
    `"${shown(value)}" is not a payment ID: Card2Crypto IDs start with "pay_", PayCrypt IDs are UUIDs. ` +
      'Use --order for a PayCrypt order ID.',
  );
}

/** Validate a PayCrypt order ID. Throws `invalid_input` for unsafe or empty input. */
export function parseOrderId(input: string): PaymentRef {
  const value = input.trim();
  if (!ORDER_ID.test(value)) {
    throw new PaymonError(
      'invalid_input',
      `"${shown(value)}" is not a valid order ID: use 1-128 letters, digits, ".", "_", ":" or "-".`,
    );
  }
  return { provider: 'paycrypt', kind: 'order', value };
}

/** What the extractor found in a blob of text. */
export interface Extraction {
  /** Unique references, in the order they first appear. */
  refs: PaymentRef[];
  /** References that appeared more than once (each listed once). */
  duplicates: PaymentRef[];
  /** Tokens that look like an attempt at an ID but are not a valid one. */
  invalid: string[];
  /** True when the text held more references than `maxRefs` and the rest were not read. */
  truncated: boolean;
}

// Candidates inside any text: URLs, tickets, CSV cells. An ID must start after a
// non-word character and end at a separator (space, URL or prose punctuation), so
// "xpay_1", a UUID glued to more hex, and "pay_b@d" are not taken as IDs. The run after pay_ is
// bounded (IDs have at most 96 characters): unbounded, "-pay_-pay_-pay_…@" scanned quadratically.
const CANDIDATE = new RegExp(
  String.raw`(?:(?<![A-Za-z0-9_])pay_[A-Za-z0-9_-]{1,128}|(?<![0-9A-Za-z-])[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})(?=$|[\s/?#&.,;:!)\]}>"'|<(\[{*])`,
  'g',
);
// Tokens that were meant as IDs but are malformed: a pay_ prefix, or dashed hex of UUID-ish length.
const ID_LIKE = /(?<![A-Za-z0-9_])pay_\S*|(?<![0-9A-Za-z-])[0-9a-fA-F]{6,}(?:-[0-9a-fA-F]+){2,}\S*/g;

/**
 * Pull every payment reference out of arbitrary pasted text: a ticket, a
 * spreadsheet column, checkout URLs, return URLs with `?payment_id=…`.
 * Linear in the input; stops collecting after `maxRefs` references.
 */
export function extractRefs(text: string, opts: { maxRefs?: number } = {}): Extraction {
  const maxRefs = opts.maxRefs ?? 10_000;
  const seen = new Map<string, number>();
  const refs: PaymentRef[] = [];
  const duplicates: PaymentRef[] = [];
  let truncated = false;
  const valid = new Set<string>();

  for (const match of text.matchAll(CANDIDATE)) {
    // Trailing separators belong to the prose, not the ID ("pay_abc-" at a line end).
    const raw = match[0].replace(/[-_]+$/, '');
    let ref: PaymentRef;
    try {
      ref = parsePaymentId(raw);
    } catch {
      continue;
    }
    valid.add(match[0]);
    const key = refKey(ref);
    const count = seen.get(key) ?? 0;
    seen.set(key, count + 1);
    if (count === 1) duplicates.push(ref);
    if (count > 0) continue;
    if (refs.length >= maxRefs) {
      truncated = true;
      break;
    }
    refs.push(ref);
  }

  const invalid: string[] = [];
  const invalidSeen = new Set<string>();
  for (const match of text.matchAll(ID_LIKE)) {
    const token = match[0].replace(/[.,;:!?)\]}>"']+$/, '');
    if (valid.has(token) || CANDIDATE_FULL.test(token) || invalidSeen.has(token)) continue;
    // A URL path or query that carries a valid ID is fine ("pay_abc123?ref=x").
    if (containsValid(token)) continue;
    invalidSeen.add(token);
    invalid.push(shown(token));
    if (invalid.length >= 100) break;
  }
  return { refs, duplicates, invalid, truncated };
}

const CANDIDATE_FULL = new RegExp(`^(?:${CANDIDATE.source})$`);
function containsValid(token: string): boolean {
  for (const m of token.matchAll(CANDIDATE)) {
    try {
      parsePaymentId(m[0].replace(/[-_]+$/, ''));
      const rest = token.slice((m.index ?? 0) + m[0].length);
      // Valid when the ID ends at a URL/prose separator rather than running into junk.
      if (rest === '' || /^[?#&/]/.test(rest)) return true;
    } catch {
      // not valid, keep looking
    }
  }
  return false;
}
