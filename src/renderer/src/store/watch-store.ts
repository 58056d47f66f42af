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
  NotificationProblemView,
  PaymentDetailView,
  SettingsView,
  SnapshotView,
  SystemView,
  ToastView,
  WatchDelta,
  WatchRowView,
} from '../../../shared/ipc.ts';
import { FINAL_STATUSES } from '../../../shared/payment.ts';
import { NO_FILTERS, filterRows, type Filters } from './filter.ts';
import { rangeKeys, withoutKeys } from './selection.ts';

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
  /** The keyboard's row: arrows move it, Enter opens it, Space selects it. */
  cursorKey: string | null;
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
  /** The keychain has not answered yet: keys from it are not listed yet. */
  keychainPending: boolean;
  /** Whether main shows a tray icon (null: not known). */
  trayShown: boolean | null;
  /** Desktop notifications are failing: the banner's reason and how to fix it. */
  notificationProblem: NotificationProblemView | null;
  demo: boolean;
  settings: SettingsView;
  adding: boolean;
  addReport: AddReport | null;

  /** Replaces everything with a snapshot (start-up, entering or leaving demo mode). */
  loadSnapshot(snapshot: SnapshotView): void;
  loadFailed(error: ErrorInfo): void;
  applyDelta(delta: WatchDelta): void;
  setProblems(problems: AccountProblemView[]): void;
  setAccounts(accounts: AccountView[]): void;
  setMonitorPaused(paused: boolean): void;
  setKeychainProblem(problem: ErrorInfo | null): void;
  /** Main's news about the machine: keychain answered, tray probed, notifications failing or back. */
  setSystem(system: SystemView): void;
  setSettings(settings: SettingsView): void;
  /** Updates one account in the list (after a key was set, verified or its settings changed). */
  putAccount(account: AccountView): void;
  pushToast(toast: NewToast): number;
  dismissToast(id: number): void;
  setFilters(filters: Partial<Filters>): void;
  setSearch(search: string): void;
  setSorting(sorting: ColumnSort[]): void;
  /** Click on a row's checkbox; `range` extends from the anchor across `visibleKeys`. */
  toggleSelected(key: string, opts?: { range?: boolean; visibleKeys?: readonly string[] }): void;
  setSelection(keys: Iterable<string>): void;
  /** Moves the keyboard cursor to `key`, selecting it alone, or (extend) the range from the anchor. */
  moveCursor(key: string, opts?: { extend?: boolean; visibleKeys?: readonly string[] }): void;
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

/** Every final status of both providers: the default set that raises a notification. */
export const DEFAULT_SETTINGS: SettingsView = {
  notifyStatuses: [...new Set([...FINAL_STATUSES.card2crypto, ...FINAL_STATUSES.paycrypt])],
  muteAll: false,
  onClose: 'tray',
};

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
    cursorKey: null,
    focusedKey: null,
    revealSeq: 0,
    detail: null,
    detailError: null,
    toasts: [],
    problems: [],
    accounts: [],
    monitorPaused: false,
    keychainProblem: null,
    keychainPending: false,
    trayShown: null,
    notificationProblem: null,
    demo: false,
    settings: DEFAULT_SETTINGS,
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
        keychainPending: snapshot.keychainPending,
        trayShown: snapshot.trayShown,
        notificationProblem: snapshot.notificationProblem,
        demo: snapshot.demo,
        settings: snapshot.settings,
        // A new data set: nothing chosen in the old one carries over.
        filters: NO_FILTERS,
        search: '',
        selection: new Set(),
        anchorKey: null,
        cursorKey: null,
        focusedKey: null,
        detail: null,
        detailError: null,
        addReport: null,
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
        ...(s.cursorKey !== null && gone.has(s.cursorKey) ? { cursorKey: null } : {}),
        ...(focusedGone ? { focusedKey: null, detail: null, detailError: null } : {}),
      });
    },

    setProblems: (problems) => set({ problems }),
    setAccounts: (accounts) => set({ accounts }),
    setMonitorPaused: (monitorPaused) => set({ monitorPaused }),
    setKeychainProblem: (keychainProblem) => set({ keychainProblem }),
    setSystem: ({ keychainPending, keychainProblem, trayShown, notificationProblem }) =>
      set({ keychainPending, keychainProblem, trayShown, notificationProblem }),
    setSettings: (settings) => set({ settings }),
    putAccount: (account) =>
      set((s) => {
        const same = (a: AccountView) => a.provider === account.provider && a.account === account.account;
        const found = s.accounts.some(same);
        return { accounts: found ? s.accounts.map((a) => (same(a) ? account : a)) : [...s.accounts, account] };
      }),

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
      else set({ cursorKey: key, selection: new Set([key]), anchorKey: key });
    },

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
  }));
}

/** The app's store. */
export const useWatchStore = createWatchStore();

/** The store's type, for code that accepts either the app's store or a test's. */
export type WatchStore = typeof useWatchStore;
