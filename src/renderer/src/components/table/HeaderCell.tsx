/** A column header: a button that cycles sorting, with aria-sort on the header cell. */
import { flexRender, type Header } from '@tanstack/react-table';
import type { WatchRowView } from '../../../../shared/ipc.ts';
import type { features } from './columns.tsx';

const ARIA_SORT = { asc: 'ascending', desc: 'descending' } as const;

/** Renders one header cell. */
export function HeaderCell({ header }: { header: Header<typeof features, WatchRowView, unknown> }): React.JSX.Element {
  const column = header.column;
  const meta = column.columnDef.meta;
  const content = flexRender(column.columnDef.header, header.getContext());
  const className = `th col-${column.id}${meta?.align === 'end' ? ' end' : ''}`;
  if (!column.getCanSort()) {
    return (
      <div role="columnheader" className={className}>
        {content}
      </div>
    );
  }
  const sorted = column.getIsSorted();
  const next = column.getNextSortingOrder();
  const hint = next === false ? 'clear sorting' : next === 'asc' ? 'sort ascending' : 'sort descending';
  return (
    <div role="columnheader" className={className} aria-sort={sorted ? ARIA_SORT[sorted] : 'none'}>
      <button type="button" tabIndex={-1} className="sort-btn" title={`${meta?.label ?? column.id}: ${hint}`} onClick={column.getToggleSortingHandler()}>
        <span>{content}</span>
        <span className={`sort-mark${sorted ? ' on' : ''}`} aria-hidden="true">
          {sorted === 'asc' ? '▲' : sorted === 'desc' ? '▼' : '↕'}
        </span>
      </button>
    </div>
  );
}
