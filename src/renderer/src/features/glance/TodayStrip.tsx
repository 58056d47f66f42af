/**
 * Today at a glance (issue 13): one line over the table with the day's paid, pending, not paid in
 * full and refunded payments and their amounts (exact, per currency), and a 24-hour chart of final
 * statuses by outcome. It sums the rows in view, so a filter or search narrows it too, and says so.
 */
import { memo, useDeferredValue, useMemo } from 'react';
import { countOf, formatAmount, formatCount } from '../../../../shared/format.ts';
import { glance, OUTCOMES, type Glance, type GlanceHour, type Outcome, type Tally } from '../../../../shared/glance.ts';
import { useNow } from '../../lib/use-now.ts';
import { filterRowsShared } from '../../store/filter.ts';
import { useWatchStore } from '../../store/watch-store.ts';

/** How each outcome is named in the strip and the chart. */
export const OUTCOME_WORDS: Readonly<Record<Outcome, { label: string; tone: 'success' | 'danger' | 'warning'; meaning: string }>> = {
  paid: { label: 'paid', tone: 'success', meaning: 'completed, confirmed or overpaid' },
  failed: { label: 'not paid in full', tone: 'danger', meaning: 'failed, expired or underpaid' },
  refunded: { label: 'refunded', tone: 'warning', meaning: 'refunded' },
};

/** "$1,240.00 + €30.00"; empty for no amounts. */
export function amountsText(t: Tally): string {
  return [...t.amounts].map(([currency, minor]) => formatAmount(minor, currency)).join(' + ');
}

// One formatter for every label: toLocaleTimeString builds a new one per call (48 per render).
let hourFormat: Intl.DateTimeFormat | null = null;

function hourLabel(start: number): string {
  hourFormat ??= new Intl.DateTimeFormat([], { hour: '2-digit', minute: '2-digit' });
  const f = hourFormat;
  return `${f.format(start)}–${f.format(start + 3_600_000)}`;
}

function hourText(h: GlanceHour): string {
  const parts = OUTCOMES.filter((o) => h.counts[o] > 0).map((o) => `${formatCount(h.counts[o])} ${OUTCOME_WORDS[o].label}`);
  return `${hourLabel(h.start)}: ${parts.length > 0 ? parts.join(', ') : 'nothing final'}`;
}

const BAR_W = 5;
const GAP = 1;
const CHART_H = 22;

/** The 24-hour chart; re-rendered only when the glance is recounted (not on every clock tick). */
const Chart = memo(function Chart({ g }: { g: Glance }): React.JSX.Element {
  const max = Math.max(1, ...g.hours.map((h) => OUTCOMES.reduce((n, o) => n + h.counts[o], 0)));
  const totals = OUTCOMES.map((o) => `${formatCount(g.hours.reduce((n, h) => n + h.counts[o], 0))} ${OUTCOME_WORDS[o].label}`);
  return (
    <svg
      className="glance-chart"
      role="img"
      aria-label={`Outcomes in the last 24 hours: ${totals.join(', ')}`}
      width={g.hours.length * (BAR_W + GAP)}
      height={CHART_H}
      data-testid="glance-chart"
    >
      {g.hours.map((h, i) => {
        let y = CHART_H;
        return (
          <g key={h.start} data-hour={h.start}>
            <title>{hourText(h)}</title>
            {/* The whole hour takes the pointer, so a thin bar still shows its tooltip. */}
            <rect x={i * (BAR_W + GAP)} y={0} width={BAR_W} height={CHART_H} className="glance-slot" />
            {OUTCOMES.map((o) => {
              const n = h.counts[o];
              if (n === 0) return null;
              const height = Math.max(2, Math.round((n / max) * CHART_H));
              y -= height;
              return <rect key={o} x={i * (BAR_W + GAP)} y={y} width={BAR_W} height={height} className={`glance-bar tone-${OUTCOME_WORDS[o].tone}`} data-outcome={o} data-count={n} />;
            })}
          </g>
        );
      })}
    </svg>
  );
});

function Item({ testId, tally, label, tone, title }: { testId: string; tally: Tally; label: string; tone: string; title: string }): React.JSX.Element {
  const amounts = amountsText(tally);
  return (
    <li className={`glance-item tone-${tone}${tally.count === 0 ? ' none' : ''}`} data-testid={testId} title={title}>
      <strong>{countOf(tally.count, label, label)}</strong>
      {amounts !== '' ? <span className="glance-amount"> {amounts}</span> : null}
    </li>
  );
}

/** The summary strip over the watchlist table. */
export function TodayStrip(): React.JSX.Element | null {
  // The rows in view as a set: sums do not depend on order, so a sort does not recount 100,000
  // rows. Counted in list order (newest added first), so the amounts' currencies keep one order.
  const list = useWatchStore((s) => s.list);
  const filters = useWatchStore((s) => s.filters);
  const search = useWatchStore((s) => s.search);
  const inView = useDeferredValue(useMemo(() => ({ list, filters, search }), [list, filters, search]));
  const rows = useMemo(() => filterRowsShared(inView.list, inView.filters, inView.search), [inView]);
  const total = list.length;
  // Recounted as the list changes, and each minute (midnight, and the chart's hours, move on).
  const minute = Math.floor(useNow() / 60_000);
  // The end of this minute, so what became final in it is counted (a future time clamps to it).
  const g = useMemo(() => glance(rows, (minute + 1) * 60_000 - 1), [rows, minute]);
  if (total === 0) return null;
  const narrowed = rows.length !== total;
  return (
    <section className="glance" aria-label="Today at a glance" data-testid="glance">
      <h3 className="glance-title">Today{narrowed ? <span className="glance-scope"> · in this view</span> : null}</h3>
      <ul className="glance-items">
        {OUTCOMES.filter((o) => o !== 'refunded' || g.today.refunded.count > 0).map((o) => (
          <Item key={o} testId={`glance-${o}`} tally={g.today[o]} label={OUTCOME_WORDS[o].label} tone={OUTCOME_WORDS[o].tone} title={`Final today: ${OUTCOME_WORDS[o].meaning}`} />
        ))}
        <Item testId="glance-pending" tally={g.pending} label="pending" tone="pending" title="Checked and not final yet, whenever created" />
      </ul>
      <span className="glance-chart-label">24 h</span>
      <Chart g={g} />
    </section>
  );
}
