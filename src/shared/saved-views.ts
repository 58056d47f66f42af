/**
 * Saved views (issue 13): a named filter, search and sort the user can switch to with one click or
 * Alt+1…9. Main keeps them with the watchlist (the last one chosen comes back on start); the
 * renderer applies them. Pure: names, limits, and the one comparison both sides use.
 */

/** At most this many saved views (Alt+1…9 reach the first nine). */
export const MAX_VIEWS = 20;
/** A view's name, in characters. */
export const MAX_VIEW_NAME = 40;

/** What a view sets: the table's filters, search and sort. */
export interface ViewState {
  filters: { status: string; provider: string; account: string };
  search: string;
  sorting: Array<{ id: string; desc: boolean }>;
}

/** A named view. */
export interface SavedView extends ViewState {
  name: string;
}

/** The saved views, and the one last chosen (null: all payments, nothing hidden). */
export interface SavedViewsView {
  views: SavedView[];
  current: string | null;
}

/** No view: every payment, newest first. */
export const NO_VIEWS: SavedViewsView = { views: [], current: null };

/** Why `name` cannot name a view, or null. Names compare without case, so "Paid" replaces "paid". */
export function viewNameProblem(name: string): string | null {
  const n = name.trim();
  if (n === '') return 'Give the view a name.';
  if (n.length > MAX_VIEW_NAME) return `A view name is at most ${MAX_VIEW_NAME} characters.`;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(n)) return 'A view name cannot hold control characters.';
  return null;
}

/** The saved view named `name` (case-insensitive), if any. */
export function findView(views: readonly SavedView[], name: string | null): SavedView | undefined {
  if (name === null) return undefined;
  const key = name.trim().toLowerCase();
  return views.find((v) => v.name.toLowerCase() === key);
}

/** Whether two view states show the same rows in the same order. */
export function sameViewState(a: ViewState, b: ViewState): boolean {
  return (
    a.filters.status === b.filters.status &&
    a.filters.provider === b.filters.provider &&
    a.filters.account === b.filters.account &&
    a.search.trim() === b.search.trim() &&
    a.sorting.length === b.sorting.length &&
    a.sorting.every((s, i) => s.id === b.sorting[i]?.id && s.desc === b.sorting[i]?.desc)
  );
}
