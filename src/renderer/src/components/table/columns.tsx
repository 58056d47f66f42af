/** The watchlist's columns (TanStack Table v9): what each shows, how it sorts, how wide it is. */
import {
  createColumnHelper,
  createSortedRowModel,
  metaHelper,
  rowSortingFeature,
  sortFn_alphanumeric,
  sortFn_basic,
  tableFeatures,
} from '@tanstack/react-table';
import type { WatchRowView } from '../../../../shared/ipc.ts';
import { isDepositPayment, PROVIDER_LABELS } from '../../../../shared/payment.ts';
import { toMs } from '../../lib/time.ts';
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

/** Features the watchlist table uses: sorting only; filtering and search happen before the table. */
export const features = tableFeatures({
  rowSortingFeature,
  sortedRowModel: createSortedRowModel(),
  sortFns: { alphanumeric: sortFn_alphanumeric, basic: sortFn_basic },
  columnMeta: metaHelper<ColumnLook>(),
});

const helper = createColumnHelper<typeof features, WatchRowView>();

const text = { sortFn: 'alphanumeric', sortUndefined: 'last' } as const;
const num = { sortFn: 'basic', sortUndefined: 'last' } as const;

/** The columns, stable at module scope. Select-all and Shift ranges act on the rows shown, in view order. */
export const columns = helper.columns([
  helper.display({
    id: 'select',
    header: (h) => <SelectAllHeader shownKeys={h.table.getRowModel().rows.map((r) => r.id)} />,
    cell: (c) => <SelectCell row={c.row.original} shownKeys={() => c.table.getRowModel().rows.map((r) => r.id)} />,
    meta: { width: '36px', label: 'Select' },
  }),
  helper.accessor((r) => PROVIDER_LABELS[r.ref.provider], {
    id: 'provider',
    header: 'Provider',
    ...text,
    cell: (c) => <C.ProviderCell row={c.row.original} />,
    meta: { width: '116px', label: 'Provider' },
  }),
  helper.accessor((r) => r.payment?.id ?? (r.ref.kind === 'payment' ? r.ref.value : undefined), {
    id: 'paymentId',
    header: 'Payment ID',
    ...text,
    cell: (c) => <C.PaymentIdCell row={c.row.original} />,
    meta: { width: 'minmax(172px, 1.6fr)', label: 'Payment ID' },
  }),
  helper.accessor((r) => r.payment?.orderId ?? (r.ref.kind === 'order' ? r.ref.value : undefined) ?? undefined, {
    id: 'orderId',
    header: 'Order ID',
    ...text,
    cell: (c) => <C.OrderIdCell row={c.row.original} />,
    meta: { width: 'minmax(80px, 0.7fr)', label: 'Order ID' },
  }),
  helper.accessor((r) => r.payment?.amountMinor, {
    id: 'amount',
    header: 'Amount',
    ...num,
    cell: (c) => <C.AmountCell row={c.row.original} />,
    meta: { width: '96px', label: 'Amount', align: 'end' },
  }),
  helper.accessor((r) => r.status ?? undefined, {
    id: 'status',
    header: 'Status',
    ...text,
    cell: (c) => <C.StatusCell row={c.row.original} />,
    meta: { width: '168px', label: 'Status' },
  }),
  helper.accessor((r) => r.payment?.customerName ?? r.payment?.customerEmail ?? undefined, {
    id: 'customer',
    header: 'Customer',
    ...text,
    cell: (c) => <C.CustomerCell row={c.row.original} />,
    meta: { width: 'minmax(150px, 1.2fr)', label: 'Customer' },
  }),
  helper.accessor((r) => toMs(r.payment?.createdAt) ?? undefined, {
    id: 'created',
    header: 'Created',
    ...num,
    cell: (c) => <C.CreatedCell row={c.row.original} />,
    meta: { width: '124px', label: 'Created' },
  }),
  helper.accessor((r) => toMs(r.payment?.createdAt) ?? undefined, {
    id: 'age',
    header: 'Age',
    ...num,
    // Ascending age means youngest first: the opposite of ascending creation time.
    invertSorting: true,
    cell: (c) => <C.AgeCell row={c.row.original} />,
    meta: { width: '76px', label: 'Age', align: 'end' },
  }),
  helper.accessor((r) => toMs(r.lastCheckedAt) ?? undefined, {
    id: 'lastChecked',
    header: 'Checked',
    ...num,
    cell: (c) => <C.LastCheckedCell row={c.row.original} />,
    meta: { width: '96px', label: 'Last checked' },
  }),
  helper.accessor((r) => toMs(r.nextCheckAt) ?? undefined, {
    id: 'nextCheck',
    header: 'Next check',
    ...num,
    cell: (c) => <C.NextCheckCell row={c.row.original} />,
    meta: { width: '92px', label: 'Next check' },
  }),
  helper.accessor((r) => (isDepositPayment(r.payment) ? (r.payment.confirmations ?? undefined) : undefined), {
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
