/**
 * The renderer's one store (zustand): the watchlist and everything around it. Only
 * store/bridge.ts feeds it from main; components read slices and call its actions.
 */
import { create } from 'zustand';
import type { ErrorInfo } from '../../../shared/errors.ts';
import type {
  AccountProblemView,
  AccountView,
  AddResultView,
  PaymentDetailView,
  SnapshotView,
  ToastView,
  WatchDelta,
  WatchRowView,
} from '../../../shared/ipc.ts';
import { NO_FILTERS, filterRows, type Filters } from './filter.ts';

/** One column sort, the same shape TanStack Table uses. */
export interface ColumnSort {
  id: string;
  desc: boolean;
}

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

export interface WatchState {
  phase: 'loading' | 'ready' | 'failed';
  loadError: ErrorInfo | null;
  rows: ReadonlyMap<string, WatchRowView>;
  /** Display order before sorting: newest added first. */
  order: readonly string[];
  /** `order` resolved to rows; replaced (never mutated) on every change. */
  list: readonly WatchRowView[];
  filters: Filters;
  search: string;
  sorting: ColumnSort[];
  selection: ReadonlySet<string>;
  /** The last row clicked without Shift: the anchor of a Shift+click range. */
  anchorKey: string | null;
  /** The payment open in the detail pane. */
  focusedKey: string | null;
  /** Bumped each time a payment is opened from outside the table, so the table scrolls to it. */
  revealSeq: number;
  detail: PaymentDetailView | null;
  detailError: ErrorInfo | null;
  toasts: ToastItem[];
  problems: AccountProblemView[];
  accounts: AccountView[];
  monitorPaused: boolean;
  keychainProblem: ErrorInfo | null;
  demo: boolean;
  adding: boolean;
  addReport: AddReport | null;

  loadSnapshot(snapshot: SnapshotView): void;
  loadFailed(error: ErrorInfo): void;
  applyDelta(delta: WatchDelta): void;
  setProblems(problems: AccountProblemView[]): void;
  setAccounts(accounts: AccountView[]): void;
  setMonitorPaused(paused: boolean): void;
  setKeychainProblem(problem: ErrorInfo | null): void;
  pushToast(toast: NewToast): number;
  dismissToast(id: number): void;
  setFilters(filters: Partial<Filters>): void;
  setSearch(search: string): void;
  setSorting(sorting: ColumnSort[]): void;
  /** Click on a row's checkbox; `range` extends from the anchor across `visibleKeys`. */
  toggleSelected(key: string, opts?: { range?: boolean; visibleKeys?: readonly string[] }): void;
  setSelection(keys: Iterable<string>): void;
  openPayment(key: string, opts?: { reveal?: boolean }): void;
  closeDetail(): void;
  setDetail(detail: PaymentDetailView | null, error?: ErrorInfo | null): void;
  setAdding(adding: boolean): void;
  setAddReport(report: AddReport | null): void;
}

let nextToastId = 1;

function addedMs(row: WatchRowView): number {
  return Date.parse(row.addedAt) || 0;
}

function withoutKeys<T>(set: ReadonlySet<T>, gone: ReadonlySet<T>): ReadonlySet<T> {
  let changed = false;
  for (const k of gone) if (set.has(k)) changed = true;
  if (!changed) return set;
  return new Set([...set].filter((k) => !gone.has(k)));
}

/** Creates a store; the app uses the one below, tests may build their own. */
export function createWatchStore() {
  return create<WatchState>()((set, get) => ({
    phase: 'loading',
    loadError: null,
    rows: new Map(),
    order: [],
    list: [],
    filters: NO_FILTERS,
    search: '',
    sorting: [],
    selection: new Set(),
    anchorKey: null,
    focusedKey: null,
    revealSeq: 0,
    detail: null,
    detailError: null,
    toasts: [],
    problems: [],
    accounts: [],
    monitorPaused: false,
    keychainProblem: null,
    demo: false,
    adding: false,
    addReport: null,

    loadSnapshot(snapshot) {
      const sorted = [...snapshot.rows].sort((a, b) => addedMs(b) - addedMs(a));
      set({
        phase: 'ready',
        loadError: null,
        rows: new Map(sorted.map((r) => [r.key, r])),
        order: sorted.map((r) => r.key),
        list: sorted,
        accounts: snapshot.accounts,
        problems: snapshot.problems,
        monitorPaused: snapshot.monitorPaused,
        keychainProblem: snapshot.keychainProblem,
        demo: snapshot.demo,
      });
    },

    loadFailed(error) {
      set({ phase: 'failed', loadError: error });
    },

    applyDelta(delta) {
      if (delta.upserts.length === 0 && delta.removes.length === 0) return;
      const s = get();
      const rows = new Map(s.rows);
      const freshSet = new Set<string>();
      const upserted = new Set<string>();
      for (const row of delta.upserts) {
        if (!s.rows.has(row.key)) freshSet.add(row.key);
        upserted.add(row.key);
        rows.set(row.key, row);
      }
      // A key removed and re-added in the same batch stays where it was.
      const gone = new Set(delta.removes.filter((k) => !upserted.has(k) && rows.has(k)));
      for (const key of gone) rows.delete(key);
      // New rows go on top, newest added first, like the snapshot's order.
      const fresh = [...freshSet].sort((a, b) => addedMs(rows.get(b)!) - addedMs(rows.get(a)!));
      const kept = gone.size === 0 ? s.order : s.order.filter((k) => !gone.has(k));
      const order = fresh.length === 0 ? kept : [...fresh, ...kept];
      const focusedGone = s.focusedKey !== null && gone.has(s.focusedKey);
      set({
        rows,
        order,
        list: order.map((k) => rows.get(k)!),
        selection: withoutKeys(s.selection, gone),
        ...(focusedGone ? { focusedKey: null, detail: null, detailError: null } : {}),
      });
    },

    setProblems: (problems) => set({ problems }),
    setAccounts: (accounts) => set({ accounts }),
    setMonitorPaused: (monitorPaused) => set({ monitorPaused }),
    setKeychainProblem: (keychainProblem) => set({ keychainProblem }),

    pushToast(toast) {
      const id = nextToastId++;
      // Keep the stack short: the oldest toasts make way (five visible at most).
      set((s) => ({ toasts: [...s.toasts, { ...toast, id } as ToastItem].slice(-5) }));
      return id;
    },

    dismissToast: (id) => set((s) => ({ toasts: s.toasts.filter((t) => t.id !== id) })),
    setFilters: (filters) => set((s) => ({ filters: { ...s.filters, ...filters } })),
    setSearch: (search) => set({ search }),
    setSorting: (sorting) => set({ sorting }),

    toggleSelected(key, opts = {}) {
      const s = get();
      const next = new Set(s.selection);
      const visible = opts.visibleKeys ?? [];
      const from = s.anchorKey === null ? -1 : visible.indexOf(s.anchorKey);
      const to = visible.indexOf(key);
      if (opts.range && from >= 0 && to >= 0) {
        const on = !s.selection.has(key);
        for (let i = Math.min(from, to); i <= Math.max(from, to); i++) {
          const k = visible[i]!;
          if (on) next.add(k);
          else next.delete(k);
        }
      } else if (next.has(key)) next.delete(key);
      else next.add(key);
      set({ selection: next, anchorKey: key });
    },

    setSelection: (keys) => set({ selection: new Set(keys), anchorKey: null }),

    openPayment(key, opts = {}) {
      const s = get();
      const row = s.rows.get(key);
      if (!row) return;
      // A payment opened from a toast or notification must be visible: drop filters that hide it.
      const hidden = filterRows([row], s.filters, s.search).length === 0;
      set({
        focusedKey: key,
        selection: new Set([key]),
        anchorKey: key,
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
  }));
}

/** The app's store. */
export const useWatchStore = createWatchStore();

/** The store's type, for code that accepts either the app's store or a test's. */
export type WatchStore = typeof useWatchStore;
