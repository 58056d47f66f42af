/** Time display for the watchlist: short absolute times and ticking relative ones. Pure. */

const absolute = new Intl.DateTimeFormat(undefined, {
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  // 24-hour: shorter, and unambiguous in a narrow column.
  hourCycle: 'h23',
});

/** Milliseconds since the epoch for an ISO time, or null for a missing/unreadable one. */
export function toMs(iso: string | null | undefined): number | null {
  if (!iso) return null;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? null : ms;
}

/** "Feb 20, 09:00:12" in the user's locale; "—" when unknown. */
export function formatDateTime(iso: string | null | undefined): string {
  const ms = toMs(iso);
  return ms === null ? '—' : absolute.format(ms);
}

/** A compact duration: "45s", "3m 05s", "2h 04m", "3d 4h". */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${String(s % 60).padStart(2, '0')}s`;
  const h = Math.floor(m / 60);
  if (h < 24) return `${h}h ${String(m % 60).padStart(2, '0')}m`;
  const d = Math.floor(h / 24);
  return `${d}d ${h % 24}h`;
}

/** "12s ago" / "in 8s" / "now" relative to `now`. */
export function formatRelative(iso: string | null | undefined, now: number): string {
  const ms = toMs(iso);
  if (ms === null) return '—';
  const diff = ms - now;
  if (Math.abs(diff) < 1000) return 'now';
  return diff > 0 ? `in ${formatDuration(diff)}` : `${formatDuration(-diff)} ago`;
}
