/**
 * The UI slice: what this window chose (filters, search, sorting, selection, cursor, the open
 * payment and its detail) and what it shows for a moment (toasts, the add report). Never sent to
 * main; reset when a new snapshot replaces the data.
 */
import type { StateCreator } from 'zustand';
import type { ErrorInfo } from '../../../shared/errors.ts';
import type { AddResultView, PaymentDetailView, ToastView } from '../../../shared/ipc.ts';
import { isProvider } from '../../../shared/providers/index.ts';
import type { SavedView, ViewState } from '../../../shared/saved-views.ts';
import { NO_FILTERS, filterRows, type Filters } from './filter.ts';
import { rangeKeys } from './selection.ts';
import { isSortColumn, type ColumnSort } from './sort.ts';
import type { WatchState } from './watch-store.ts';

export type { ColumnSort } from './sort.ts';

/** A toast or snackbar in the corner. */
export type ToastItem =
  | { id: number; kind: 'final'; toast: ToastView }
  | { id: number; kind: 'undo'; message: string; undoToken: string }
  | { id: number; kind: 'error' | 'info'; message: string };

/** Distributes `Omit` over the union so each toast kind keeps its own fields. */
export type NewToast = ToastItem extends infer T ? (T extends ToastItem ? Omit<T, 'id'> : never) : never;

/** What the last add did, shown under the paste box until dismissed. */
export interface AddReport {
  result: AddResultView;
  /** Order IDs the form refused before sending (not valid order IDs). */
  refusedOrderIds: string[];
}

/** The UI slice's state and actions. */
export interface UiSlice {
  filters: Filters;
  search: string;
  sorting: ColumnSort[];
  selection: ReadonlySet<string>;
  /** The last row clicked without Shift: the anchor of a Shift+click range. */
  anchorKey: string | null;
  /** The keyboard's row: arrows move it, Enter opens it, Space selects it. */
  cursorKey: string | null;
  /** The payment open in the detail pane. */
  focusedKey: string | null;
  /** Bumped each time a payment is opened from outside the table, so the table scrolls to it. */
  revealSeq: number;
  detail: PaymentDetailView | null;
  detailError: ErrorInfo | null;
  toasts: ToastItem[];
  /** The id the next toast gets (per store, so two stores never share a counter). */
  nextToastId: number;
  adding: boolean;
  addReport: AddReport | null;
  /** Payments added, or whose status moved, while the filters or search hid them (issue 13). */
  hiddenNew: ReadonlySet<string>;

  pushToast(toast: NewToast): number;
  dismissToast(id: number): void;
  /** Drops every toast (leaving the demo: its toasts are about payments that are gone). */
  clearToasts(): void;
  setFilters(filters: Partial<Filters>): void;
  setSearch(search: string): void;
  setSorting(sorting: ColumnSort[]): void;
  /** Click on a row's checkbox; `range` extends from the anchor across `visibleKeys`. */
  toggleSelected(key: string, opts?: { range?: boolean; visibleKeys?: readonly string[] }): void;
  setSelection(keys: Iterable<string>): void;
  /**
   * Moves the keyboard cursor to `key`; the selection stays as it is (Space toggles a row), unless
   * `extend` (Shift) selects the range from the anchor, as in the ARIA grid and listbox patterns.
   */
  moveCursor(key: string, opts?: { extend?: boolean; visibleKeys?: readonly string[] }): void;
  openPayment(key: string, opts?: { reveal?: boolean }): void;
  closeDetail(): void;
  setDetail(detail: PaymentDetailView | null, error?: ErrorInfo | null): void;
  setAdding(adding: boolean): void;
  setAddReport(report: AddReport | null): void;
  /** Shows a view's filters, search and sort (undefined: all payments, the sort kept). */
  applyView(view: ViewState | undefined): void;
}

/** The store fields a view sets; none for no view. Unknown providers and columns fall back to all / unsorted. */
export function viewStateOf(view: ViewState | undefined): Partial<Pick<UiSlice, 'filters' | 'search' | 'sorting'>> {
  if (!view) return {};
  const { status, provider, account } = view.filters;
  return {
    filters: { status, provider: provider !== 'all' && isProvider(provider) ? provider : 'all', account },
    search: view.search,
    sorting: view.sorting.filter((s) => isSortColumn(s.id)).map((s) => ({ id: s.id, desc: s.desc })),
  };
}

/** The current filters, search and sort as a view to save under `name`. */
export function currentView(s: Pick<UiSlice, 'filters' | 'search' | 'sorting'>, name: string): SavedView {
  return { name, filters: { ...s.filters }, search: s.search.trim(), sorting: s.sorting.map((c) => ({ id: c.id, desc: c.desc })) };
}

/** What a new data set starts with: nothing chosen in the old one carries over (sorting and toasts stay). */
export function uiReset() {
  return {
    filters: NO_FILTERS,
    search: '',
    selection: new Set<string>() as ReadonlySet<string>,
    anchorKey: null,
    cursorKey: null,
    focusedKey: null,
    detail: null,
    detailError: null,
    addReport: null,
    hiddenNew: new Set<string>() as ReadonlySet<string>,
  } satisfies Partial<UiSlice>;
}

/** The UI slice (zustand slices pattern: it may read the whole store). */
export const createUiSlice: StateCreator<WatchState, [], [], UiSlice> = (set, get) => ({
  ...uiReset(),
  sorting: [],
  revealSeq: 0,
  toasts: [],
  nextToastId: 1,
  adding: false,

  pushToast(toast) {
    const id = get().nextToastId;
    // Keep the stack short: the oldest toasts make way (five visible at most).
    set((s) => ({ nextToastId: id + 1, toasts: [...s.toasts, { ...toast, id } as ToastItem].slice(-5) }));
    return id;
  },

  dismissToast: (id) => set((s) => ({ toasts: s.toasts.filter((t) => t.id !== id) })),
  clearToasts: () => set({ toasts: [] }),
  setFilters: (filters) => set((s) => ({ filters: { ...s.filters, ...filters } })),
  setSearch: (search) => set({ search }),
  applyView: (view) => set({ ...(view ? viewStateOf(view) : { filters: NO_FILTERS, search: '' }), hiddenNew: new Set() }),
  setSorting: (sorting) => set({ sorting }),

  toggleSelected(key, opts = {}) {
    const s = get();
    const next = new Set(s.selection);
    const range = opts.range ? rangeKeys(opts.visibleKeys ?? [], s.anchorKey, key) : null;
    if (range) {
      const on = !s.selection.has(key);
      for (const k of range) {
        if (on) next.add(k);
        else next.delete(k);
      }
    } else if (next.has(key)) next.delete(key);
    else next.add(key);
    set({ selection: next, anchorKey: key, cursorKey: key });
  },

  setSelection: (keys) => set({ selection: new Set(keys), anchorKey: null }),

  moveCursor(key, opts = {}) {
    const s = get();
    const range = opts.extend ? rangeKeys(opts.visibleKeys ?? [], s.anchorKey ?? s.cursorKey, key) : null;
    if (range) set({ cursorKey: key, selection: new Set(range), anchorKey: s.anchorKey ?? s.cursorKey });
    else set({ cursorKey: key, anchorKey: key });
  },

  openPayment(key, opts = {}) {
    const s = get();
    const row = s.rows.get(key);
    if (!row) return;
    // A payment opened from a toast or notification must be visible: drop filters that hide it.
    const hidden = filterRows([row], s.filters, s.search).length === 0;
    // Opening is not selecting (issue 17): the selection bar would take a line of a small window,
    // and the detail pane has the same actions.
    set({
      focusedKey: key,
      anchorKey: key,
      cursorKey: key,
      detail: s.detail?.row.key === key ? s.detail : null,
      detailError: null,
      ...(opts.reveal ? { revealSeq: s.revealSeq + 1 } : {}),
      ...(opts.reveal && hidden ? { filters: NO_FILTERS, search: '' } : {}),
    });
  },

  closeDetail: () => set({ focusedKey: null, detail: null, detailError: null }),
  setDetail: (detail, error = null) => set({ detail, detailError: error }),
  setAdding: (adding) => set({ adding }),
  setAddReport: (addReport) => set({ addReport }),
});
