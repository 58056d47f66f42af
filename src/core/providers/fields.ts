/**
 * Zod building blocks shared by the provider schemas. Fields Paymon needs to make
 * sense of a payment (id, status, amount) are strict; display-only fields are
 * lenient (`.catch(null)`), so a provider changing a side field never hides a payment.
 */
import { z } from 'zod';
import { PaymonError } from '../../shared/errors.ts';
import { toDecimalString, toMinorUnits } from '../money.ts';

/** A string field; missing, null or another type becomes null. */
export const optString = z
  .string()
  .nullish()
  .catch(null)
  .transform((v) => v ?? null);

// ISO 8601 date-time, optional seconds/fraction, optional zone (a zoneless time is taken as UTC).
const ISO_TIME = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)(Z|[+-]\d{2}:?\d{2})?$/i;

/** Normalize an ISO 8601 time to `toISOString()` form; anything else is null. */
export function toIsoTime(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const match = ISO_TIME.exec(value.trim());
  if (!match) return null;
  // Date.parse on free text is implementation-defined (and local-time for zoneless input): rebuild it.
  const zone = (match[3] ?? 'Z').replace(/^([+-]\d{2})(\d{2})$/, '$1:$2');
  const ms = Date.parse(`${match[1]}T${match[2]}${zone}`);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

const CURRENCY_ERROR = 'expected a three-letter currency code such as "USD"';

/**
 * A currency code: three letters, upper-cased ("usd" -> "USD"); missing or null is null (the caller
 * picks the provider's documented default). Anything else fails the answer (bad_response): the code is
 * shown in notification titles and tables, and a free-form string there once made a 357-character,
 * multi-line title (issue 16). Both specs document a three-letter code ("usd", "USD").
 */
export const currencyCode = z
  .string({ error: CURRENCY_ERROR })
  .regex(/^[A-Za-z]{3}$/, { error: CURRENCY_ERROR })
  .nullish()
  .transform((v) => (v ? v.toUpperCase() : null));

/** A time field as an ISO string, or null. */
export const isoTime = z.unknown().optional().transform(toIsoTime);

/** A JSON object of custom data; anything else becomes {}. */
export const metadata = z.record(z.string(), z.unknown()).catch({});

const numberOrString = z.union([z.number(), z.string()]);

// `.optional()` matters: zod 4 reports a missing key as an error for a bare z.unknown() with a transform.
const anyValue = z.unknown().optional();

/** A required amount in dollars (number or numeric string) as integer cents. */
export const requiredCents = numberOrString.transform((value, ctx) => {
  try {
    return toMinorUnits(value);
  } catch (err) {
    ctx.addIssue({ code: 'custom', message: (err as Error).message });
    return z.NEVER;
  }
});

/** An optional amount in dollars as integer cents, or null. */
export const optCents = anyValue.transform((value) => {
  if (typeof value !== 'number' && typeof value !== 'string') return null;
  try {
    return toMinorUnits(value);
  } catch {
    return null;
  }
});

/** An optional decimal as an exact string ("50.02", never "5.002e1"), or null. */
export const optDecimal = anyValue.transform((value) => {
  if (typeof value !== 'number' && typeof value !== 'string') return null;
  try {
    return toDecimalString(value);
  } catch {
    return null;
  }
});

/** A string or number field as a string (IDs some APIs send as numbers), or null. */
export const optStringish = anyValue.transform((value) => {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return toDecimalString(value);
  return null;
});

/** Parse a 2xx body with `schema`, or throw bad_response naming the offending fields. */
export function parseAnswer<T extends z.ZodType>(schema: T, body: unknown, label: string, status: number): z.output<T> {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const fields = result.error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.join('.') || '(body)'}: ${issue.message}`)
    .join('; ')
    .replace(/[\p{Cc}\p{Cf}]/gu, '?'); // issues can quote the provider's text: no terminal escapes or bidi tricks
  throw new PaymonError('bad_response', `${label} sent an answer Paymon does not understand (${fields}).`, {
    httpStatus: status,
  });
}
