/**
 * The payment's story in time order: PayCrypt's own events merged with the status changes
 * Paymon observed (Card2Crypto's API has no events, so there it is the observed history alone).
 */
import { useMemo } from 'react';
import type { StatusChangeView } from '../../../../shared/ipc.ts';
import type { PaymentEvent } from '../../../../shared/payment.ts';
import { statusTone } from '../../lib/status.ts';
import { formatAgo, formatDateTime } from '../../lib/time.ts';
import { mergeTimeline } from '../../lib/timeline.ts';
import { useNow } from '../../lib/use-now.ts';

interface Props {
  title: string;
  events: readonly PaymentEvent[];
  history: readonly StatusChangeView[];
  /** Who the events come from, e.g. "PayCrypt". */
  source: string;
}

/** The merged timeline, oldest first. */
export function Timeline({ title, events, history, source }: Props): React.JSX.Element | null {
  const now = useNow();
  const entries = useMemo(() => mergeTimeline(events, history), [events, history]);
  if (entries.length === 0) return null;
  return (
    <section aria-labelledby="detail-timeline">
      <h3 id="detail-timeline" className="section-title">
        {title}
      </h3>
      <ol className="story" data-testid="timeline">
        {entries.map((e, i) => (
          <li key={`${e.kind}-${e.at}-${i}`} className={`story-item ${e.kind}`} data-kind={e.kind}>
            <span className={`story-dot ${e.kind === 'observed' ? `tone-${statusTone(e.to)}` : ''}`} aria-hidden="true" />
            <div className="story-body">
              {e.kind === 'event' ? (
                <p className="story-text">
                  <span className="story-source">{source}</span> {e.text}
                </p>
              ) : (
                <p className="story-text">
                  <span className="story-source">Paymon saw</span>{' '}
                  <span className="mono">
                    {e.from ?? 'new'} → {e.to}
                  </span>
                </p>
              )}
              <p className="story-time">
                <time dateTime={e.at} title={e.at}>
                  {formatAgo(e.at, now)}
                </time>{' '}
                · {formatDateTime(e.at)}
              </p>
            </div>
          </li>
        ))}
      </ol>
    </section>
  );
}
