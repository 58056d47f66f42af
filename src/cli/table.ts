/** Aligned plain-text tables for people reading a terminal. */

const MAX_CELL = 48;

function cell(text: string): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length > MAX_CELL ? `${flat.slice(0, MAX_CELL - 1)}…` : flat;
}

/** Renders rows under a header with columns padded to their widest cell; the last column is never cut. */
export function renderTable(header: string[], rows: string[][]): string {
  const all = [header, ...rows].map((row, r) =>
    row.map((text, i) => (i === row.length - 1 && r > 0 ? text.replace(/\s+/g, ' ') : cell(text))),
  );
  const widths = header.map((_, i) => Math.max(...all.map((row) => (i === row.length - 1 ? 0 : (row[i] ?? '').length))));
  return all
    .map((row) => row.map((text, i) => (i === row.length - 1 ? text : text.padEnd(widths[i] ?? 0))).join('  ').trimEnd())
    .join('\n');
}
