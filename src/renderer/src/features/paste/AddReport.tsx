/**
 * What the last add did: added / already watched / repeated / invalid. Nothing is dropped silently.
 * It goes away on its own after a while (issue 17: it used to keep the table's rows off a small
 * window), but not while the pointer or focus is on it; the live region stays in the page, so
 * screen readers announce each report as it appears.
 */
import { useEffect, useState } from 'react';
import { useWatchStore, type AddReport as AddReportData } from '../../store/watch-store.ts';

/** How long a report stays up when nobody is reading it, in ms. */
export const ADD_REPORT_MS = 10_000;

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** The report under the paste box after adding, in a live region that is always present. */
export function AddReport(): React.JSX.Element {
  const report = useWatchStore((s) => s.addReport);
  return (
    <div className="add-report-region" role="status" aria-label="Add result">
      {report ? <Report report={report} /> : null}
    </div>
  );
}

function Report({ report }: { report: AddReportData }): React.JSX.Element {
  const setAddReport = useWatchStore((s) => s.setAddReport);
  const [held, setHeld] = useState(false);
  useEffect(() => {
    if (held) return;
    const timer = window.setTimeout(() => {
      // Only this report: a newer one starts its own clock.
      if (useWatchStore.getState().addReport === report) setAddReport(null);
    }, ADD_REPORT_MS);
    return () => window.clearTimeout(timer);
  }, [report, held, setAddReport]);
  const { result } = report;
  const invalid = [...result.invalid, ...report.refusedOrderIds];
  const nothing = result.added.length + result.existing.length === 0;
  return (
    <div
      className={`add-report${nothing ? ' warn' : ''}`}
      data-testid="add-report"
      onMouseEnter={() => setHeld(true)}
      onMouseLeave={() => setHeld(false)}
      onFocus={() => setHeld(true)}
      onBlur={() => setHeld(false)}
    >
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
        {result.held.length > 0 ? (
          <li data-testid="report-held" className="warn">
            {plural(result.held.length, 'unusually short ID')} not added: {result.held.slice(0, 6).map((t, i) => <code key={`${t}-${i}`} className="token">{t}</code>)}
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
