/** Splits the order-ID field into valid PayCrypt order IDs and refused tokens. Pure. */
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
