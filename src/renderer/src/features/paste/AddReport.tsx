/** What the last add did: added / already watched / repeated / invalid. Nothing is dropped silently. */
import { useWatchStore } from '../../store/watch-store.ts';

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** The report under the paste box after adding. */
export function AddReport(): React.JSX.Element | null {
  const report = useWatchStore((s) => s.addReport);
  const setAddReport = useWatchStore((s) => s.setAddReport);
  if (!report) return null;
  const { result } = report;
  const invalid = [...result.invalid, ...report.refusedOrderIds];
  const nothing = result.added.length + result.existing.length === 0;
  return (
    <div className={`add-report${nothing ? ' warn' : ''}`} role="status" aria-label="Add result">
      <ul>
        <li data-testid="report-added">
          <strong>{result.added.length} added</strong>
        </li>
        {result.existing.length > 0 ? <li data-testid="report-existing">{result.existing.length} already watched (checked again)</li> : null}
        {result.duplicates.length > 0 ? (
          <li data-testid="report-duplicates" title={result.duplicates.join('\n')}>
            {plural(result.duplicates.length, 'duplicate')} in the text
          </li>
        ) : null}
        {invalid.length > 0 ? (
          <li data-testid="report-invalid" className="warn">
            {plural(invalid.length, 'invalid token')}: {invalid.slice(0, 6).map((t, i) => <code key={`${t}-${i}`} className="token">{t}</code>)}
            {invalid.length > 6 ? ` and ${invalid.length - 6} more` : null}
          </li>
        ) : null}
        {result.truncated ? <li className="warn">The text held too many IDs; only the first ones were added.</li> : null}
      </ul>
      <button type="button" className="icon-btn" aria-label="Dismiss add result" onClick={() => setAddReport(null)}>
        <span aria-hidden="true">✕</span>
      </button>
    </div>
  );
}
