/**
 * Saved views (issue 13), kept with the watchlist in the store: a list of named filter/search/sort
 * states and the one last chosen, which the window restores on start. What is read back is parsed
 * again, so a hand-edited or corrupt entry costs that entry, never the start-up.
 */
import { PaymonError } from '../../shared/errors.ts';
import type { InvokeChannels, RequestOf } from '../../shared/ipc.ts';
import { SAVED_VIEW, SAVED_VIEWS } from '../../shared/ipc-schemas.ts';
import { findView, MAX_VIEWS, NO_VIEWS, viewNameProblem, type SavedView, type SavedViewsView } from '../../shared/saved-views.ts';
import type { PaymonStore } from '../store/index.ts';

type ViewChannel = 'views:save' | 'views:remove' | 'views:select';
type ViewHandlers = { [C in ViewChannel]: (req: RequestOf<C>) => Promise<InvokeChannels[C][1]> };

const SETTING = 'savedViews';

/** The saved views in the store; entries that do not parse are left out, an unknown current is none. */
export function loadViews(store: PaymonStore): SavedViewsView {
  const raw = store.getSetting(SETTING);
  if (raw === undefined || raw === null || typeof raw !== 'object') return NO_VIEWS;
  const list = Array.isArray((raw as { views?: unknown }).views) ? ((raw as { views: unknown[] }).views) : [];
  const views: SavedView[] = [];
  for (const entry of list) {
    const parsed = SAVED_VIEW.safeParse(entry);
    if (parsed.success && views.length < MAX_VIEWS && !findView(views, parsed.data.name)) views.push(parsed.data);
  }
  const current = (raw as { current?: unknown }).current;
  return { views, current: typeof current === 'string' ? (findView(views, current)?.name ?? null) : null };
}

function save(store: PaymonStore, next: SavedViewsView): SavedViewsView {
  const checked = SAVED_VIEWS.parse(next);
  store.setSetting(SETTING, checked);
  return checked;
}

/** The saved-view handlers on `store`. */
export function viewHandlers(store: PaymonStore): ViewHandlers {
  return {
    async 'views:save'(req) {
      const problem = viewNameProblem(req.name);
      if (problem) throw new PaymonError('invalid_input', problem);
      const view = { ...req, name: req.name.trim() };
      const { views } = loadViews(store);
      const old = findView(views, view.name);
      if (!old && views.length >= MAX_VIEWS) {
        throw new PaymonError('invalid_input', `At most ${MAX_VIEWS} views can be saved; delete one first.`);
      }
      // Same name, any case: replaced in place, so Alt+N keeps pointing at it.
      const next = old ? views.map((v) => (v === old ? view : v)) : [...views, view];
      return save(store, { views: next, current: view.name });
    },

    async 'views:remove'(req) {
      const { views, current } = loadViews(store);
      const gone = findView(views, req.name);
      if (!gone) throw new PaymonError('invalid_input', `There is no view named "${req.name.slice(0, 40)}".`);
      return save(store, { views: views.filter((v) => v !== gone), current: current !== null && findView([gone], current) ? null : current });
    },

    async 'views:select'(req) {
      const { views } = loadViews(store);
      if (req.name !== null && !findView(views, req.name)) {
        throw new PaymonError('invalid_input', `There is no view named "${req.name.slice(0, 40)}".`);
      }
      return save(store, { views, current: req.name === null ? null : findView(views, req.name)!.name });
    },
  };
}
