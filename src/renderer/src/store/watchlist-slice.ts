/**
 * The watchlist slice, mirrored from main: the rows (from the snapshot, then deltas), the
 * monitor's pause, demo mode, the preferences and what main knows about this machine. Only the
 * bridge writes it; a snapshot also resets the other slices' choices about the old data.
 */
import type { StateCreator } from 'zustand';
import type { ErrorInfo } from '../../../shared/errors.ts';
import type { AwaySummaryView, NotificationProblemView, SettingsView, SnapshotView, StaleView, SystemView, WatchDelta, WatchRowView } from '../../../shared/ipc.ts';
import { findView, NO_VIEWS, type SavedViewsView } from '../../../shared/saved-views.ts';
import { defaultSettings } from '../../../shared/settings.ts';
import { filterRows } from './filter.ts';
import { recordListChange } from './list-change.ts';
import { withoutKeys } from './selection.ts';
import { uiReset, viewStateOf } from './ui-slice.ts';
import type { WatchState } from './watch-store.ts';

/** The watchlist slice's state and actions. */
export interface WatchlistSlice {
  phase: 'loading' | 'ready' | 'failed';
  loadError: ErrorInfo | null;
  /**
   * The rows by key. A snapshot makes a new map; a delta updates this one in place (at 100,000
   * rows a copy per delta costs tens of milliseconds): read it from the current state, and watch
   * `list`, which a delta replaces, for changes.
   */
  rows: ReadonlyMap<string, WatchRowView>;
  /** Display order before sorting: newest added first. */
  order: readonly string[];
  /** `order` resolved to rows; replaced (never mutated) on every change. */
  list: readonly WatchRowView[];
  monitorPaused: boolean;
  /** Whether main shows a tray icon (null: not known). */
  trayShown: boolean | null;
  /** Desktop notifications are failing: the banner's reason and how to fix it. */
  notificationProblem: NotificationProblemView | null;
  /** Why the clipboard lookup shortcut does not work (taken by another app), or null. */
  shortcutProblem: string | null;
  /** Why starting at login could not be set up, or null. */
  loginItemProblem: string | null;
  /** Since when no payment is checked, and why (null while polling). */
  stale: StaleView | null;
  /** The last "While you were away" summary, until dismissed. */
  away: AwaySummaryView | null;
  demo: boolean;
  settings: SettingsView;
  /** Saved views, as main keeps them (issue 13). */
  views: SavedViewsView;

  /** Replaces everything with a snapshot (start-up, entering or leaving demo mode). */
  loadSnapshot(snapshot: SnapshotView): void;
  loadFailed(error: ErrorInfo): void;
  applyDelta(delta: WatchDelta): void;
  setMonitorPaused(paused: boolean): void;
  /** Main's news about the machine: keychain answered, tray probed, notifications failing or back. */
  setSystem(system: SystemView): void;
  setSettings(settings: SettingsView): void;
  setViews(views: SavedViewsView): void;
  /** Shows (or, with null, dismisses) the away summary. */
  setAway(summary: AwaySummaryView | null): void;
}

const positions = new WeakMap<readonly string[], ReadonlyMap<string, number>>();

/** Each key's index in `order`, built once per order (a status update keeps the order). */
function positionsOf(order: readonly string[]): ReadonlyMap<string, number> {
  let at = positions.get(order);
  if (!at) {
    const m = new Map<string, number>();
    for (let i = 0; i < order.length; i++) m.set(order[i]!, i);
    positions.set(order, (at = m));
  }
  return at;
}

function addedMs(row: WatchRowView): number {
  return Date.parse(row.addedAt) || 0;
}

/** The watchlist slice (zustand slices pattern: a snapshot or delta also updates the other slices). */
export const createWatchlistSlice: StateCreator<WatchState, [], [], WatchlistSlice> = (set, get) => ({
  phase: 'loading',
  loadError: null,
  rows: new Map(),
  order: [],
  list: [],
  monitorPaused: false,
  trayShown: null,
  notificationProblem: null,
  shortcutProblem: null,
  loginItemProblem: null,
  stale: null,
  away: null,
  demo: false,
  // Until main's snapshot says otherwise: the preferences of a fresh install (src/shared/settings.ts).
  settings: defaultSettings(),
  views: NO_VIEWS,

  loadSnapshot(snapshot) {
    // Each time parsed once, not once per comparison (100,000 rows: 3.4 million comparisons).
    const at = snapshot.rows.map(addedMs);
    const sorted = snapshot.rows
      .map((_, i) => i)
      .sort((a, b) => at[b]! - at[a]! || a - b)
      .map((i) => snapshot.rows[i]!);
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
      shortcutProblem: snapshot.shortcutProblem,
      loginItemProblem: snapshot.loginItemProblem,
      stale: snapshot.stale,
      demo: snapshot.demo,
      settings: snapshot.settings,
      views: snapshot.views,
      // A new data set: nothing chosen in the old one carries over, except the view last chosen.
      ...uiReset(),
      ...viewStateOf(findView(snapshot.views.views, snapshot.views.current)),
    });
  },

  loadFailed(error) {
    set({ phase: 'failed', loadError: error });
  },

  applyDelta(delta) {
    if (delta.upserts.length === 0 && delta.removes.length === 0) return;
    const s = get();
    const freshSet = new Set<string>();
    const upserted = new Set<string>();
    for (const row of delta.upserts) {
      if (!s.rows.has(row.key)) freshSet.add(row.key);
      upserted.add(row.key);
    }
    // A key removed and re-added in the same batch stays where it was.
    const gone = new Set(delta.removes.filter((k) => !upserted.has(k) && s.rows.has(k)));
    // A payment added, or whose status moved, while the view hides it: the view says so (issue 13).
    let hiddenNew = s.hiddenNew;
    if (s.search.trim() !== '' || s.filters.status !== 'all' || s.filters.provider !== 'all' || s.filters.account !== 'all') {
      const moved = delta.upserts.filter((r) => freshSet.has(r.key) || s.rows.get(r.key)?.status !== r.status);
      const hidden = moved.filter((r) => filterRows([r], s.filters, s.search).length === 0);
      if (hidden.length > 0) hiddenNew = new Set([...s.hiddenNew, ...hidden.map((r) => r.key)]);
    }
    if (gone.size > 0 && [...gone].some((k) => hiddenNew.has(k))) hiddenNew = withoutKeys(hiddenNew, gone);
    // Updated in place (see `rows`): copying 100,000 entries per delta cost more than the rest of it.
    const rows = s.rows as Map<string, WatchRowView>;
    for (const row of delta.upserts) rows.set(row.key, row);
    for (const key of gone) rows.delete(key);
    // New rows go on top, newest added first, like the snapshot's order.
    const fresh = [...freshSet].sort((a, b) => addedMs(rows.get(b)!) - addedMs(rows.get(a)!));
    const kept = gone.size === 0 ? s.order : s.order.filter((k) => !gone.has(k));
    const order = fresh.length === 0 ? kept : [...fresh, ...kept];
    const focusedGone = s.focusedKey !== null && gone.has(s.focusedKey);
    let list: WatchRowView[];
    if (order === s.order) {
      // Same order (status updates): the old list with the changed rows put in their places.
      const at = positionsOf(s.order);
      list = s.list.slice();
      for (const key of upserted) list[at.get(key)!] = rows.get(key)!;
    } else list = order.map((k) => rows.get(k)!);
    // How the list changed, so the sorted view and search texts follow for these rows only.
    recordListChange(list, { from: s.list, fresh: fresh.length });
    set({
      rows,
      order,
      list,
      selection: withoutKeys(s.selection, gone),
      hiddenNew,
      ...(s.cursorKey !== null && gone.has(s.cursorKey) ? { cursorKey: null } : {}),
      ...(focusedGone ? { focusedKey: null, detail: null, detailError: null } : {}),
    });
  },

  setMonitorPaused: (monitorPaused) => set({ monitorPaused }),
  setSystem: ({ keychainPending, keychainProblem, trayShown, notificationProblem, shortcutProblem, loginItemProblem, stale }) =>
    set({ keychainPending, keychainProblem, trayShown, notificationProblem, shortcutProblem, loginItemProblem, stale }),
  setSettings: (settings) => set({ settings }),
  setViews: (views) => set({ views }),
  setAway: (away) => set({ away }),
});
