/**
 * "While you were away" (issue 13): after sleep or offline, main rechecks and sends one summary
 * instead of a burst of toasts: what reached a final status, what changed, what is still pending.
 * It stays until dismissed; each payment named opens in the detail.
 */
import { formatCount } from '../../../../shared/format.ts';
import { openPayment } from '../../store/bridge.ts';
import { useWatchStore } from '../../store/watch-store.ts';
import { formatClock } from '../../lib/time.ts';

/** The summary banner, or nothing. */
export function AwaySummary(): React.JSX.Element | null {
  const away = useWatchStore((s) => s.away);
  const setAway = useWatchStore((s) => s.setAway);
  if (!away) return null;
  const { reachedFinal, changed, stillPending, notRechecked } = away;
  return (
    <section className="banner info away-summary" aria-labelledby="away-title" data-testid="away-summary">
      <div className="banner-text">
        <h2 id="away-title" className="away-title">
          While you were away <span className="hint">({formatClock(away.since)}–{formatClock(away.until)})</span>
        </h2>
        <p>
          {formatCount(away.rechecked)} payment{away.rechecked === 1 ? '' : 's'} checked again:{' '}
          {reachedFinal.length === 0 && changed.length === 0 ? 'nothing changed.' : `${formatCount(reachedFinal.length)} reached a final status, ${formatCount(changed.length)} changed.`}
        </p>
        {reachedFinal.length > 0 ? (
          <ul className="away-list" aria-label="Reached a final status">
            {reachedFinal.map((f) => (
              <li key={f.key}>
                <button type="button" className="link-btn" onClick={() => void openPayment(f.key)}>
                  <strong>{f.title}</strong>
                </button>{' '}
                <span className="hint">{f.body}</span>
              </li>
            ))}
          </ul>
        ) : null}
        {changed.length > 0 ? (
          <ul className="away-list" aria-label="Changed">
            {changed.map((c) => (
              <li key={c.key}>
                <button type="button" className="link-btn mono" onClick={() => void openPayment(c.key)}>
                  {c.id}
                </button>{' '}
                {c.detail !== undefined ? (
                  <>
                    {c.to}: <strong>{c.detail}</strong>
                  </>
                ) : (
                  <>
                    {c.from ?? 'new'} → <strong>{c.to}</strong>
                  </>
                )}
              </li>
            ))}
          </ul>
        ) : null}
        <p data-testid="away-pending">
          {formatCount(stillPending.length)} still pending
          {notRechecked > 0 ? `, ${formatCount(notRechecked)} not checked again yet (they follow within the rate limits)` : ''}.
        </p>
      </div>
      <button type="button" className="btn" onClick={() => setAway(null)}>
        Dismiss
      </button>
    </section>
  );
}
