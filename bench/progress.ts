/**
 * Progress of a long bench run (`npm run crash`, `npm run soak`) on stderr: done of total, the
 * rate, and the time left. On a terminal one line is rewritten every second; in a log (not a TTY)
 * a new line is written at most every 30 s, so a CI log or a redirect does not fill with progress.
 */

/** Where progress goes: process.stderr, or a recorder in tests. */
export interface ProgressSink {
  write(text: string): unknown;
  isTTY?: boolean;
}

/** What a progress line counts. */
export interface ProgressOptions {
  /** The command, e.g. "crash". */
  label: string;
  /** What is counted, plural, e.g. "kills". */
  unit: string;
  total: number;
  sink?: ProgressSink;
  /** Wall clock in ms; tests pin it. */
  now?: () => number;
  /** Least time between two lines; default 1 s on a terminal, 30 s otherwise. */
  everyMs?: number;
}

/** A progress reporter: call update() as often as you like, finish() once at the end. */
export interface Progress {
  update(done: number): void;
  finish(): void;
}

/** "42 s", "3 min 5 s", "1 h 2 min": short, for a line that changes every second. */
export function shortDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`;
  return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
}

/** The line for `done` of `total` after `elapsedMs`. */
export function progressLine(label: string, unit: string, done: number, total: number, elapsedMs: number): string {
  const seconds = elapsedMs / 1000;
  const rate = seconds > 0 ? done / seconds : 0;
  const left = rate > 0 ? shortDuration((total - done) / rate) : '?';
  const pct = total > 0 ? Math.floor((done / total) * 100) : 100;
  const shownRate = rate >= 10 ? rate.toFixed(0) : rate.toFixed(2);
  return `${label}: ${done}/${total} ${unit} (${pct}%), ${shownRate} ${unit}/s, ${shortDuration(seconds)} elapsed, about ${left} left`;
}

/** Reports progress on `sink` (stderr by default), throttled as described at the top. */
export function progressReporter(opts: ProgressOptions): Progress {
  const sink = opts.sink ?? process.stderr;
  const now = opts.now ?? (() => performance.now());
  const tty = sink.isTTY === true;
  const every = opts.everyMs ?? (tty ? 1_000 : 30_000);
  const started = now();
  let last = started;
  let lastDone = 0;
  let wrote = false;
  const write = (done: number) => {
    const line = progressLine(opts.label, opts.unit, done, opts.total, now() - started);
    // On a terminal: back to the line start, write, clear what a longer previous line left.
    sink.write(tty ? `\r${line}\x1b[K` : `${line}\n`);
    wrote = true;
  };
  return {
    update(done) {
      lastDone = done;
      if (now() - last < every) return;
      last = now();
      write(done);
    },
    finish() {
      // A terminal's rewritten line is ended; a log gets a last line only if it had any.
      if (wrote) {
        write(lastDone);
        if (tty) sink.write('\n');
      }
    },
  };
}
