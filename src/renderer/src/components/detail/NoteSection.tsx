/**
 * The user's note and tags on a payment (issue 13), in the detail pane: local data (the store on
 * this machine), never sent to a provider. Edited in place; saved on Save or Ctrl/Cmd+Enter.
 */
import { useId, useState } from 'react';
import type { WatchRowView } from '../../../../shared/ipc.ts';
import { cleanTags, MAX_NOTE, MAX_TAGS } from '../../../../shared/notes.ts';
import { saveNote } from '../../store/bridge.ts';

/** The note section; keyed by the payment so switching payments starts a fresh draft. */
export function NoteSection({ row }: { row: WatchRowView }): React.JSX.Element {
  const [note, setNote] = useState(row.note);
  const [tags, setTags] = useState(row.tags.join(', '));
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const id = useId();
  const dirty = note.trim() !== row.note || cleanTags(tags).join('\n') !== row.tags.join('\n');

  const save = async () => {
    if (!dirty || saving) return;
    setSaving(true);
    const result = await saveNote(row.key, note, cleanTags(tags));
    setSaving(false);
    if (!result.ok) return setError(result.error.message);
    setError(null);
    setNote(result.value.note);
    setTags(result.value.tags.join(', '));
    setSaved(true);
  };

  return (
    <section aria-labelledby={`${id}-title`} className="note-section" data-testid="note-section">
      <h3 id={`${id}-title`} className="section-title">
        Note and tags
      </h3>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <label className="field stacked">
          <span>Note</span>
          <textarea
            rows={3}
            maxLength={MAX_NOTE}
            value={note}
            placeholder="Only on this computer; never sent to the provider"
            onChange={(e) => (setNote(e.target.value), setSaved(false))}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
                e.preventDefault();
                void save();
              }
            }}
          />
        </label>
        <label className="field stacked">
          <span>Tags (comma-separated, up to {MAX_TAGS})</span>
          <input type="text" value={tags} placeholder="e.g. vip, refund asked" onChange={(e) => (setTags(e.target.value), setSaved(false))} />
        </label>
        <div className="note-actions">
          <button type="submit" className="btn small primary" disabled={!dirty || saving}>
            {saving ? 'Saving…' : 'Save note'}
          </button>
          {saved && !dirty ? (
            <span className="muted" role="status">
              Saved
            </span>
          ) : null}
          {row.tags.length > 0 ? (
            <ul className="tag-list" aria-label="Tags">
              {row.tags.map((t) => (
                <li key={t} className="chip">
                  {t}
                </li>
              ))}
            </ul>
          ) : null}
        </div>
        {error ? (
          <p className="form-error" role="alert">
            {error}
          </p>
        ) : null}
      </form>
    </section>
  );
}
