/** One body cell: the column's renderer inside a grid cell with the column's alignment. */
import { flexRender, type Cell } from '@tanstack/react-table';
import type { WatchRowView } from '../../../../shared/ipc.ts';
import type { features } from './columns.tsx';

/** Renders a cell with role="gridcell" and the column's layout meta. */
export function CellContent({ cell }: { cell: Cell<typeof features, WatchRowView, unknown> }): React.JSX.Element {
  const meta = cell.column.columnDef.meta;
  return (
    <div role="gridcell" className={`td col-${cell.column.id}${meta?.align === 'end' ? ' end' : ''}`}>
      {flexRender(cell.column.columnDef.cell, cell.getContext())}
    </div>
  );
}
