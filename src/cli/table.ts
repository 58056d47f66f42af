/** Aligned plain-text tables for people reading a terminal. */
import { flattenText } from '../shared/text-safety.ts';

const MAX_CELL = 48;
/** The last column (details, error messages) is not cut for alignment, only bounded. */
const MAX_LAST_CELL = 500;

/**
 * Renders rows under a header with columns padded to their widest cell. Every cell is flattened
 * (issue 16): provider text cannot carry terminal escape sequences, line breaks that forge rows,
 * or bidi overrides into the output.
 */
export function renderTable(header: string[], rows: string[][]): string {
  const all = [header, ...rows].map((row, r) =>
    row.map((text, i) => flattenText(text, i === row.length - 1 && r > 0 ? MAX_LAST_CELL : MAX_CELL)),
  );
  const widths = header.map((_, i) => Math.max(...all.map((row) => (i === row.length - 1 ? 0 : (row[i] ?? '').length))));
  return all
    .map((row) => row.map((text, i) => (i === row.length - 1 ? text : text.padEnd(widths[i] ?? 0))).join('  ').trimEnd())
    .join('\n');
}
