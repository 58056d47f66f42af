/**
 * Exact money conversions. PayCrypt sends dollars as JSON numbers (`"amount": 19.99`,
 * ../shared/specs/paycrypt-payment-status.md); multiplying that float by 100 gives
 * 1998.9999999999998. We go through the number's shortest decimal string instead,
 * which is exactly what the provider wrote, and do the arithmetic on digits.
 */

// A plain or exponent-form decimal, as JSON or a human would write it.
const DECIMAL = /^([+-]?)(\d*)(?:\.(\d*))?(?:e([+-]?\d+))?$/i;

/** Largest exponent we expand; beyond it a "number" is a provider bug, not an amount. */
const MAX_EXPONENT = 400;

/** Canonical plain decimal string (no exponent, no padding zeros) for a number or numeric string. */
export function toDecimalString(value: number | string): string {
  if (typeof value === 'number' && !Number.isFinite(value)) {
    throw new RangeError(`not a finite number: ${value}`);
  }
  // String(number) is the shortest string that round-trips, i.e. the JSON text the provider sent.
  const text = typeof value === 'number' ? String(value) : value.trim();
  const match = DECIMAL.exec(text);
  const [, sign = '', intPart = '', fracPart = '', expPart = '0'] = match ?? [];
  if (!match || (intPart === '' && fracPart === '')) {
    throw new RangeError(`not a decimal number: "${text.slice(0, 40)}"`);
  }
  const exponent = Number(expPart);
  if (Math.abs(exponent) > MAX_EXPONENT) throw new RangeError(`exponent out of range: ${text.slice(0, 40)}`);

  // Shift the decimal point on the digit string rather than on a float.
  let digits = intPart + fracPart;
  let point = intPart.length + exponent;
  if (point < 0) {
    digits = '0'.repeat(-point) + digits;
    point = 0;
  } else if (point > digits.length) {
    digits += '0'.repeat(point - digits.length);
  }
  const whole = digits.slice(0, point).replace(/^0+(?=\d)/, '') || '0';
  const frac = digits.slice(point).replace(/0+$/, '');
  const body = frac ? `${whole}.${frac}` : whole;
  return sign === '-' && /[1-9]/.test(body) ? `-${body}` : body;
}

/**
 * Integer minor units (cents for `decimals = 2`) from an amount in major units:
 * 19.99 -> 1999. Extra decimals round half-up (away from zero) on the digits.
 */
export function toMinorUnits(value: number | string, decimals = 2): number {
  const decimal = toDecimalString(value);
  const negative = decimal.startsWith('-');
  const [whole = '0', frac = ''] = decimal.replace('-', '').split('.');
  const kept = frac.slice(0, decimals).padEnd(decimals, '0');
  let minor = BigInt(whole + kept);
  if ((frac.charAt(decimals) || '0') >= '5') minor += 1n;
  const result = Number(negative ? -minor : minor);
  if (!Number.isSafeInteger(result)) throw new RangeError(`amount too large: ${decimal.slice(0, 40)}`);
  return result;
}
