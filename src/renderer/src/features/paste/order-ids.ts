/** Order IDs: the order-ID field split into valid and refused tokens, and order-ID-like tokens in pasted text. Pure. */
import { providerSpecs } from '../../../../shared/providers/index.ts';
import { parseOrderId } from '../../../../shared/refs.ts';

/** Valid order IDs (deduplicated, in order) and the tokens that are not valid order IDs. */
export function splitOrderIds(input: string): { valid: string[]; refused: string[] } {
  const valid: string[] = [];
  const refused: string[] = [];
  for (const token of input.split(/[\s,;]+/)) {
    if (token === '') continue;
    try {
      const ref = parseOrderId(token);
      if (!valid.includes(ref.value)) valid.push(ref.value);
    } catch {
      refused.push(token.length > 40 ? `${token.slice(0, 40)}…` : token);
    }
  }
  return { valid, refused };
}

// "ORD-7001", "INV_2024-17", "SO#1042": letters, a separator, then a digit. And whatever follows
// "order", "order #", "order ID:" in prose ("Order #7001", "order id: 55-A").
const PREFIXED = /(?<![A-Za-z0-9_.:-])[A-Za-z]{2,10}[-_#]\d[A-Za-z0-9._:-]*/g;
const AFTER_WORD = /\border(?:\s+(?:id|no\.?|number|ref))?\s*[:#]?\s*#?([A-Za-z0-9][A-Za-z0-9._:-]{0,127})/gi;

/**
 * Tokens of pasted text that look like order IDs (issue 17: "ORD-7001" in a ticket was silently
 * ignored), to offer as order lookups. Payment IDs and anything the provider would not take as an
 * order ID (parseOrderId) are left out; at most `max`, deduplicated, in order.
 */
export function orderLikeTokens(text: string, max = 50): string[] {
  const paymentLike = providerSpecs().map((s) => new RegExp(`^(?:${s.paymentId.idLike})`));
  const out: string[] = [];
  const consider = (raw: string) => {
    const token = raw.replace(/[.:_-]+$/, '');
    if (out.length >= max || out.includes(token) || !/\d/.test(token)) return;
    if (paymentLike.some((re) => re.test(token))) return;
    try {
      parseOrderId(token);
    } catch {
      return;
    }
    out.push(token);
  };
  for (const m of text.matchAll(AFTER_WORD)) consider(m[1]!);
  for (const m of text.matchAll(PREFIXED)) consider(m[0]);
  return out;
}
