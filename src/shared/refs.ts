/**
 * Payment references: what a user can ask about, how it is validated, and how
 * references are pulled out of pasted text (issue 2). Pure: used by the CLI,
 * main and the renderer's paste preview.
 */
import { PaymonError } from './errors.ts';
import type { Provider } from './payment.ts';
import { providerSpecs, type ProviderSpec } from './providers/index.ts';

/** A payment ID, or (providers with order lookups) an order ID, to look up. */
export interface PaymentRef {
  provider: Provider;
  kind: 'payment' | 'order';
  value: string;
}

/** A stable key for a reference: dedup, maps, database rows. */
export function refKey(ref: PaymentRef): string {
  return `${ref.provider}:${ref.kind}:${ref.value}`;
}

const MAX_SHOWN = 80;
function shown(input: string): string {
  // Control characters are replaced so an echoed input cannot mangle a terminal.
  // eslint-disable-next-line no-control-regex
  const flat = input.replace(/[\u0000-\u001f\u007f]/g, '?');
  return flat.length > MAX_SHOWN ? `${flat.slice(0, MAX_SHOWN)}…` : flat;
}

/**
 * Classify one payment ID by the providers' ID patterns (`pay_…` is Card2Crypto, a UUID is PayCrypt).
 * Throws `invalid_input` for anything else, before any request is made.
 */
export function parsePaymentId(input: string): PaymentRef {
  const value = input.trim();
  const specs = providerSpecs();
  for (const spec of specs) {
    if (spec.paymentId.pattern.test(value)) {
      return { provider: spec.id as Provider, kind: 'payment', value: spec.paymentId.lowerCase ? value.toLowerCase() : value };
    }
  }
  const looks = specs.map((s) => `${s.label} IDs ${s.paymentId.hint}`).join(', ');
  const orders = specs.filter((s) => s.orderLookup !== null).map((s) => ` Use --order for a ${s.label} order ID.`).join('');
  throw new PaymonError('invalid_input', `"${shown(value)}" is not a payment ID: ${looks}.${orders}`);
}

/** The provider that order IDs are looked up with (the first with order lookups). */
export function orderProvider(): ProviderSpec & { orderLookup: { pattern: RegExp } } {
  const spec = providerSpecs().find((s) => s.orderLookup !== null);
  if (!spec?.orderLookup) throw new PaymonError('invalid_input', 'No provider looks payments up by order ID.');
  return { ...spec, orderLookup: spec.orderLookup };
}

/** Validate an order ID (of the provider with order lookups). Throws `invalid_input` for unsafe or empty input. */
export function parseOrderId(input: string): PaymentRef {
  const value = input.trim();
  const spec = orderProvider();
  if (!spec.orderLookup.pattern.test(value)) {
    throw new PaymonError(
      'invalid_input',
      `"${shown(value)}" is not a valid order ID: use 1-128 letters, digits, ".", "_", ":" or "-".`,
    );
  }
  return { provider: spec.id as Provider, kind: 'order', value };
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
  /** Those of `refs` outside their provider's usual ID shape (`pay_12`), see `isUnusual`. */
  unusual: PaymentRef[];
}

/**
 * True for a payment ID its provider may accept but real IDs do not look like (`pay_12`): pasted
 * text holds it back until the user confirms, so half a copied ID does not become a watched row.
 */
export function isUnusual(ref: PaymentRef): boolean {
  if (ref.kind !== 'payment') return false;
  const usual = providerSpecs().find((s) => s.id === ref.provider)?.paymentId.usual;
  return usual !== undefined && !usual.pattern.test(ref.value);
}

/** How the usual IDs of the provider of `ref` look, for the note beside a held one. */
export function usualHint(ref: PaymentRef): string | null {
  return providerSpecs().find((s) => s.id === ref.provider)?.paymentId.usual?.hint ?? null;
}

// Candidates inside any text: URLs, tickets, CSV cells. Each provider's spec says how its ID starts
// (its own left boundary, so "xpay_1" and a UUID glued to more hex are not IDs); an ID must end at
// a separator (space, URL or prose punctuation), so "pay_b@d" is not one either.
const END = String.raw`(?=$|[\s/?#&.,;:!)\]}>"'|<(\[{*])`;

/** The candidate and ID-like patterns of the providers known now (a test may register one). */
function patterns(): { candidate: RegExp; candidateFull: RegExp; idLike: RegExp } {
  const specs = providerSpecs();
  const source = `(?:${specs.map((s) => s.paymentId.inText).join('|')})${END}`;
  return {
    candidate: new RegExp(source, 'g'),
    candidateFull: new RegExp(`^(?:${source})$`),
    // Tokens that were meant as IDs but are malformed.
    idLike: new RegExp(specs.map((s) => s.paymentId.idLike).join('|'), 'g'),
  };
}

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
  const { candidate, candidateFull, idLike } = patterns();

  for (const match of text.matchAll(candidate)) {
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
  for (const match of text.matchAll(idLike)) {
    const token = match[0].replace(/[.,;:!?)\]}>"']+$/, '');
    if (valid.has(token) || candidateFull.test(token) || invalidSeen.has(token)) continue;
    // A URL path or query that carries a valid ID is fine ("pay_abc123?ref=x").
    if (containsValid(token, candidate)) continue;
    invalidSeen.add(token);
    invalid.push(shown(token));
    if (invalid.length >= 100) break;
  }
  return { refs, duplicates, invalid, truncated, unusual: refs.filter(isUnusual) };
}

function containsValid(token: string, candidate: RegExp): boolean {
  for (const m of token.matchAll(candidate)) {
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
