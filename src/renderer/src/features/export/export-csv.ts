/** Export of the watchlist to CSV with the shared writer (src/shared/csv.ts neutralizes formula-like cells). */
import { watchlistCsv } from '../../../../shared/csv.ts';
import type { WatchRowView } from '../../../../shared/ipc.ts';
import { downloadText } from '../../lib/download.ts';

/** What to export. */
export type ExportScope = 'all' | 'view' | 'selection';

/** "paymon-view-2026-03-02-1015.csv" in local time. */
export function exportFilename(scope: ExportScope, now = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  const stamp = `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}-${pad(now.getHours())}${pad(now.getMinutes())}`;
  const name = scope === 'all' ? 'watchlist' : scope === 'view' ? 'filtered' : 'selection';
  return `paymon-${name}-${stamp}.csv`;
}

/** Saves `rows` as a CSV file. A UTF-8 byte order mark first, so spreadsheet apps read names like "Zoë" right. */
export function exportRows(rows: readonly WatchRowView[], scope: ExportScope): void {
  downloadText(`\ufeff${watchlistCsv([...rows])}`, exportFilename(scope), 'text/csv;charset=utf-8');
}
