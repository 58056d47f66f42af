/** The watchlist's columns (TanStack Table v9): what each shows, how it sorts, how wide it is. */
import { createColumnHelper, metaHelper, rowSortingFeature, tableFeatures } from '@tanstack/react-table';
import type { WatchRowView } from '../../../../shared/ipc.ts';
import { SORT_VALUES } from '../../store/sort.ts';
import * as C from './cells.tsx';
import { ActionsCell, SelectAllHeader, SelectCell } from './row-controls.tsx';

/** Per-column layout the renderer applies (Table computes models; we own the markup). */
export interface ColumnLook {
  /** A CSS grid track, e.g. "120px" or "minmax(160px, 1fr)". */
  width: string;
  /** The column's name for screen readers when the header shows something else. */
  label: string;
  align?: 'end';
}

/**
 * Features the watchlist table uses: the sorting state and header toggles only. The table gets just
 * the rows in view; filtering, search and sorting happen before it (store/view.ts, store/sort.ts).
 */
export const features = tableFeatures({
  rowSortingFeature,
  columnMeta: metaHelper<ColumnLook>(),
});

const helper = createColumnHelper<typeof features, WatchRowView>();

// The first click sorts text A→Z and numbers (amounts, times) largest first, as before.
const text = { sortDescFirst: false } as const;
const num = { sortDescFirst: true } as const;

/** The columns, stable at module scope. Select-all and Shift ranges act on the rows shown, in view order. */
export const columns = helper.columns([
  helper.display({
    id: 'select',
    header: () => <SelectAllHeader />,
    cell: (c) => <SelectCell row={c.row.original} />,
    meta: { width: '36px', label: 'Select' },
  }),
  helper.accessor(SORT_VALUES.provider, {
    id: 'provider',
    header: 'Provider',
    ...text,
    cell: (c) => <C.ProviderCell row={c.row.original} />,
    meta: { width: '116px', label: 'Provider' },
  }),
  helper.accessor(SORT_VALUES.paymentId, {
    id: 'paymentId',
    header: 'Payment ID',
    ...text,
    cell: (c) => <C.PaymentIdCell row={c.row.original} />,
    meta: { width: 'minmax(172px, 1.6fr)', label: 'Payment ID' },
  }),
  helper.accessor(SORT_VALUES.orderId, {
    id: 'orderId',
    header: 'Order ID',
    ...text,
    cell: (c) => <C.OrderIdCell row={c.row.original} />,
    meta: { width: 'minmax(80px, 0.7fr)', label: 'Order ID' },
  }),
  helper.accessor(SORT_VALUES.amount, {
    id: 'amount',
    header: 'Amount',
    ...num,
    cell: (c) => <C.AmountCell row={c.row.original} />,
    meta: { width: '96px', label: 'Amount', align: 'end' },
  }),
  helper.accessor(SORT_VALUES.status, {
    id: 'status',
    header: 'Status',
    ...text,
    cell: (c) => <C.StatusCell row={c.row.original} />,
    meta: { width: '168px', label: 'Status' },
  }),
  helper.accessor(SORT_VALUES.customer, {
    id: 'customer',
    header: 'Customer',
    ...text,
    cell: (c) => <C.CustomerCell row={c.row.original} />,
    meta: { width: 'minmax(150px, 1.2fr)', label: 'Customer' },
  }),
    // After Status and Customer: at 720 px wide Status must stay in view (issue 17).
  helper.accessor(SORT_VALUES.account, {
    id: 'account',
    header: 'Account',
    ...text,
    cell: (c) => <C.AccountCell row={c.row.original} />,
    meta: { width: 'minmax(72px, 0.5fr)', label: 'Account' },
  }),
  helper.accessor(SORT_VALUES.created, {
    id: 'created',
    header: 'Created',
    ...num,
    cell: (c) => <C.CreatedCell row={c.row.original} />,
    meta: { width: '124px', label: 'Created' },
  }),
  helper.accessor(SORT_VALUES.age, {
    id: 'age',
    header: 'Age',
    // Ascending age is youngest first (store/sort.ts inverts it): the first click shows the oldest.
    ...num,
    cell: (c) => <C.AgeCell row={c.row.original} />,
    meta: { width: '76px', label: 'Age', align: 'end' },
  }),
  helper.accessor(SORT_VALUES.lastChecked, {
    id: 'lastChecked',
    header: 'Checked',
    ...num,
    cell: (c) => <C.LastCheckedCell row={c.row.original} />,
    meta: { width: '96px', label: 'Last checked' },
  }),
  helper.accessor(SORT_VALUES.nextCheck, {
    id: 'nextCheck',
    header: 'Next check',
    ...num,
    cell: (c) => <C.NextCheckCell row={c.row.original} />,
    meta: { width: '92px', label: 'Next check' },
  }),
  helper.accessor(SORT_VALUES.confirmations, {
    id: 'confirmations',
    header: 'Conf.',
    ...num,
    cell: (c) => <C.ConfirmationsCell row={c.row.original} />,
    meta: { width: '60px', label: 'Confirmations', align: 'end' },
  }),
  helper.display({
    id: 'actions',
    header: () => <span className="visually-hidden">Actions</span>,
    cell: (c) => <ActionsCell row={c.row.original} />,
    meta: { width: '100px', label: 'Actions' },
  }),
]);
