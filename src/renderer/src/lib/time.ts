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

/** A coarse relative time for timelines: "just now", "45 s ago", "3 min ago", "in 2 h", "4 d ago". */
export function formatAgo(iso: string | null | undefined, now: number): string {
  const ms = toMs(iso);
  if (ms === null) return '—';
  const diff = ms - now;
  const s = Math.floor(Math.abs(diff) / 1000);
  if (s < 5) return 'just now';
  const amount = s < 60 ? `${s} s` : s < 3600 ? `${Math.floor(s / 60)} min` : s < 86_400 ? `${Math.floor(s / 3600)} h` : `${Math.floor(s / 86_400)} d`;
  return diff > 0 ? `in ${amount}` : `${amount} ago`;
}

/** A countdown clock: "12:03", "1:02:03"; "0:00" once passed. */
export function formatCountdown(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

const clock = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

/** "14:02" in the user's locale (the stale marker and the away summary); "—" when unknown. */
export function formatClock(iso: string | null | undefined): string {
  const ms = toMs(iso);
  return ms === null ? '—' : clock.format(ms);
}
