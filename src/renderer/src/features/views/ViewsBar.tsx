/**
 * Saved views (issue 13): choose a view (Alt+1…9, Alt+0 for all payments), save what the table
 * shows now under a name, delete one, all from one picker. A view that hides payments says so: HiddenNotice.
 */
import { useId, useState } from 'react';
import { countOf } from '../../../../shared/format.ts';
import { findView, MAX_VIEW_NAME, sameViewState, viewNameProblem } from '../../../../shared/saved-views.ts';
import { removeView, saveCurrentView, selectView } from '../../store/bridge.ts';
import { currentView } from '../../store/ui-slice.ts';
import { useViewRows } from '../../store/view.ts';
import { useWatchStore } from '../../store/watch-store.ts';

const ALL = '';
const SAVE = '\u0000save';
const DELETE = '\u0000delete';

/** The view picker and its Save / Delete buttons, at the start of the toolbar. */
export function ViewsBar(): React.JSX.Element {
  const views = useWatchStore((s) => s.views);
  const filters = useWatchStore((s) => s.filters);
  const search = useWatchStore((s) => s.search);
  const sorting = useWatchStore((s) => s.sorting);
  const [naming, setNaming] = useState(false);
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const id = useId();
  const current = findView(views.views, views.current);
  const changed = current !== undefined && !sameViewState(current, currentView({ filters, search, sorting }, current.name));

  const submit = async () => {
    const problem = viewNameProblem(name);
    if (problem) return setError(problem);
    const result = await saveCurrentView(name);
    if (!result.ok) return setError(result.error.message);
    setNaming(false);
    setName('');
    setError(null);
  };

  return (
    <div className="views-bar">
      <label className="field">
        <span>View</span>
        <select
          value={current?.name ?? ALL}
          title="Alt+1…9 switch views, Alt+0 shows all payments"
          onChange={(e) => {
            const v = e.target.value;
            if (v === SAVE) {
              setName(changed || !current ? '' : current.name);
              setNaming(true);
            } else if (v === DELETE) {
              if (current) void removeView(current.name);
            } else void selectView(v === ALL ? null : v);
          }}
        >
          <option value={ALL}>No saved view</option>
          {views.views.map((v, i) => (
            <option key={v.name} value={v.name}>
              {v.name}
              {v === current && changed ? ' (changed)' : ''}
              {i < 9 ? ` · Alt+${i + 1}` : ''}
            </option>
          ))}
          {/* Actions in the picker itself: no extra buttons in a toolbar that must fit 720 px. */}
          <optgroup label="Views">
            <option value={SAVE}>{changed ? 'Save as a new view…' : 'Save this view…'}</option>
            {current ? <option value={DELETE}>Delete “{current.name}”</option> : null}
          </optgroup>
        </select>
      </label>
      {naming ? (
        <form
          className="view-name-form"
          aria-label="Save view"
          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
        >
          <input
            // The form opens on the user's choice, for typing the name at once.
            autoFocus
            type="text"
            aria-label="View name"
            maxLength={MAX_VIEW_NAME}
            value={name}
            placeholder="e.g. Paid today"
            aria-invalid={error !== null}
            aria-describedby={error ? `${id}-err` : undefined}
            onChange={(e) => setName(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Escape') {
                e.stopPropagation();
                setNaming(false);
                setError(null);
              }
            }}
          />
          <button type="submit" className="btn small primary">
            Save
          </button>
          <button type="button" className="btn small ghost" onClick={() => (setNaming(false), setError(null))}>
            Cancel
          </button>
          {error ? (
            <p id={`${id}-err`} className="form-error" role="alert">
              {error}
            </p>
          ) : null}
        </form>
      ) : null}
    </div>
  );
}

/** "Filter active — 3 new payments not shown", with one click to show everything (issue 13). */
export function HiddenNotice(): React.JSX.Element | null {
  const hiddenNew = useWatchStore((s) => s.hiddenNew);
  const rows = useViewRows();
  const list = useWatchStore((s) => s.list);
  if (hiddenNew.size === 0 || rows.length === list.length) return null;
  // Only those the view still hides (a filter changed since may show some).
  const shown = new Set(rows.map((r) => r.key));
  let hidden = 0;
  for (const k of hiddenNew) if (!shown.has(k)) hidden += 1;
  if (hidden === 0) return null;
  return (
    <div className="hidden-notice" role="status" data-testid="hidden-notice">
      <span>
        <strong>Filter active</strong> — {countOf(hidden, 'new payment')} not shown.
      </span>
      <button type="button" className="btn small" onClick={() => void selectView(null)}>
        Show all payments
      </button>
    </div>
  );
}
