/** Display helpers shared by the CLI and the renderer. Pure. */

const formatters = new Map<string, Intl.NumberFormat>();

/** Formats integer minor units as money: (1999, 'USD') -> "$19.99". Unknown codes fall back to "19.99 XYZ". */
export function formatAmount(amountMinor: number, currency: string): string {
  const code = currency.toUpperCase();
  let fmt = formatters.get(code);
  if (!fmt) {
    try {
      fmt = new Intl.NumberFormat('en-US', { style: 'currency', currency: code });
    } catch {
      return `${(amountMinor / 100).toFixed(2)} ${code}`;
    }
    formatters.set(code, fmt);
  }
  return fmt.format(amountMinor / 100);
}

const counts = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** A count with thousands separators, the one way every count is written: 2200 -> "2,200". */
export function formatCount(n: number): string {
  return counts.format(n);
}

/** "1 payment" / "2,200 payments": a formatted count and its noun, singular for exactly one. */
export function countOf(n: number, one: string, many = `${one}s`): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}
