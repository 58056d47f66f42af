/**
 * The renderer's one store (zustand), in slices (issue 12): the watchlist mirrored from main,
 * the accounts mirrored from main, this window's UI state, and the bridge's link to main. Only
 * store/bridge.ts feeds the mirrored slices; components read slices and call their actions.
 * Nothing of the renderer's state lives outside a store (no module-level singletons).
 */
import { create } from 'zustand';
import type { EventChannel, EventChannels, PaymonApi, SettingsView } from '../../../shared/ipc.ts';
import { defaultSettings } from '../../../shared/settings.ts';
import { createAccountsSlice, type AccountsSlice } from './accounts-slice.ts';
import { createAlertsSlice, type AlertsSlice } from './alerts-slice.ts';
import { createUiSlice, type UiSlice } from './ui-slice.ts';
import { createWatchlistSlice, type WatchlistSlice } from './watchlist-slice.ts';

export type { AddReport, ColumnSort, NewToast, ToastItem } from './ui-slice.ts';
export type { AccountsSlice } from './accounts-slice.ts';
export type { AlertsSlice } from './alerts-slice.ts';
export type { UiSlice } from './ui-slice.ts';
export type { WatchlistSlice } from './watchlist-slice.ts';

/** One event from main, as the bridge holds it while a snapshot is on its way. */
export type PendingEvent = { [C in EventChannel]: { channel: C; payload: EventChannels[C] } }[EventChannel];

/**
 * The bridge's link to main for this store: the preload API and the events held while a snapshot
 * loads. Kept in the store (mutated in place, never rendered) rather than in bridge.ts's module scope.
 */
export interface BridgeLink {
  api: PaymonApi | null;
  /** Events that arrived while a snapshot was on its way; null when none is. */
  held: PendingEvent[] | null;
}

/** The whole store: the four slices and the bridge's link. */
export type WatchState = WatchlistSlice & AccountsSlice & AlertsSlice & UiSlice & { readonly link: BridgeLink };

/** The preferences of a fresh install (src/shared/settings.ts), shown until main's snapshot arrives. */
export const DEFAULT_SETTINGS: SettingsView = defaultSettings();

/** Creates a store; the app uses the one below, tests may build their own. */
export function createWatchStore() {
  return create<WatchState>()((...a) => ({
    ...createWatchlistSlice(...a),
    ...createAccountsSlice(...a),
    ...createAlertsSlice(...a),
    ...createUiSlice(...a),
    link: { api: null, held: null },
  }));
}

/** The app's store. */
export const useWatchStore = createWatchStore();

/** The store's type, for code that accepts either the app's store or a test's. */
export type WatchStore = typeof useWatchStore;
