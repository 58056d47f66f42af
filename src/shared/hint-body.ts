/**
 * The payment IDs a webhook body names (issue 15, webhooks as hints). Any body that carries a
 * payment ID works: Card2Crypto's `{ "event": "payment.completed", "payment": { "id": "pay_…" } }`,
 * a PayCrypt-style `{ "payment_id": "<uuid>", … }`, a form post, plain text. IDs are found by the
 * same extractor as paste (refs.ts); nothing else in the body (its status above all) is believed.
 */
import { extractRefs, isUnusual, type PaymentRef } from './refs.ts';

/** Largest body taken: webhooks are a few KB; anything near this is not one. */
export const MAX_HINT_BODY_BYTES = 256 * 1024;
/** Most payment IDs one body may name: a webhook is about one payment, a batch about a few. */
export const MAX_HINT_REFS = 100;
/** JSON nested deeper than this is refused (no webhook needs it; it costs a walk). */
const MAX_DEPTH = 64;

/** What a body named, or why it is refused. */
export type HintBody =
  | {
      ok: true;
      /** Payment IDs to hint, in the order they first appear. */
      refs: PaymentRef[];
      /** IDs outside their provider's usual shape (`pay_12`), held back unless allowed. */
      unusual: PaymentRef[];
    }
  | { ok: false; reason: string };

/** Finds the payment IDs in a webhook body's text. `allowUnusual` lets IDs of unusual shape through. */
export function hintRefsFromBody(text: string, opts: { allowUnusual?: boolean } = {}): HintBody {
  if (text.trim() === '') return { ok: false, reason: 'the body is empty' };
  // eslint-disable-next-line no-control-regex
  if (/\u0000/.test(text)) return { ok: false, reason: 'the body is binary data, not a webhook' };
  const searched = jsonStrings(text);
  if (searched === null) return { ok: false, reason: `the body's JSON is nested deeper than ${MAX_DEPTH} levels` };
  const found = extractRefs(searched, { maxRefs: MAX_HINT_REFS });
  if (found.truncated) return { ok: false, reason: `the body names more than ${MAX_HINT_REFS} payment IDs; a webhook is about a few` };
  // Order IDs are no hint: a check needs the payment.
  const payments = found.refs.filter((r) => r.kind === 'payment');
  const unusual = opts.allowUnusual ? [] : payments.filter(isUnusual);
  const refs = payments.filter((r) => !unusual.includes(r));
  if (refs.length === 0 && unusual.length === 0) return { ok: false, reason: 'the body names no payment ID' };
  return { ok: true, refs, unusual };
}

/**
 * The text to search: a JSON body's string values one per line (so `\/` and `\n` escapes, as PHP's
 * json_encode writes them, cannot hide or glue an ID), any other body as it is. Null when the
 * JSON is nested too deep.
 */
function jsonStrings(text: string): string | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return text;
  }
  const out: string[] = [];
  // An explicit stack: a hostile body nested 100,000 deep must not overflow the call stack.
  const stack: Array<{ value: unknown; depth: number }> = [{ value, depth: 0 }];
  while (stack.length > 0) {
    const { value: v, depth } = stack.pop()!;
    if (typeof v === 'string') out.push(v);
    else if (v !== null && typeof v === 'object') {
      if (depth >= MAX_DEPTH) return null;
      const children = Array.isArray(v) ? v : Object.values(v as Record<string, unknown>);
      for (let i = children.length - 1; i >= 0; i--) stack.push({ value: children[i], depth: depth + 1 });
    }
  }
  return out.join('\n');
}
