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
