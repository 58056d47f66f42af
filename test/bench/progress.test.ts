/** The progress line of long bench runs (`npm run crash`, `npm run soak`): content and throttling. */
import { describe, expect, it } from 'vitest';
import { progressLine, progressReporter, shortDuration } from '../../bench/progress.ts';
import { checkSoak } from '../../bench/soak-check.ts';
import { runSoak } from '../../bench/soak-run.ts';

function recorder(isTTY: boolean) {
  const out: string[] = [];
  let t = 0;
  return { out, sink: { isTTY, write: (s: string) => void out.push(s) }, now: () => t, tick: (ms: number) => (t += ms) };
}

describe('progressLine', () => {
  it('names done of total, the rate and the time left', () => {
    expect(progressLine('crash', 'kills', 250, 1000, 100_000)).toBe(
      'crash: 250/1000 kills (25%), 2.50 kills/s, 1 min 40 s elapsed, about 5 min 0 s left',
    );
    expect(progressLine('soak', 'virtual minutes', 0, 180, 0)).toContain('about ? left');
    expect(shortDuration(3725)).toBe('1 h 2 min');
  });
});

describe('progressReporter', () => {
  it('in a log (no TTY) writes a whole line at most every 30 s, and a last line at the end', () => {
    const r = recorder(false);
    const p = progressReporter({ label: 'crash', unit: 'kills', total: 1000, sink: r.sink, now: r.now });
    for (let done = 1; done <= 100; done++) {
      r.tick(1000);
      p.update(done);
    }
    // 100 s of updates, one a second: lines at 30, 60 and 90 s only.
    expect(r.out).toHaveLength(3);
    expect(r.out.every((l) => l.endsWith('\n') && !l.includes('\r'))).toBe(true);
    expect(r.out[0]).toContain('crash: 30/1000 kills (3%), 1.00 kills/s');
    expect(r.out[0]).toContain('about 16 min 10 s left');
    p.finish();
    expect(r.out.at(-1)).toContain('100/1000 kills');
  });

  it('on a terminal rewrites one line every second and ends it with a newline', () => {
    const r = recorder(true);
    const p = progressReporter({ label: 'soak', unit: 'virtual minutes', total: 10, sink: r.sink, now: r.now });
    for (let done = 1; done <= 10; done++) {
      r.tick(500);
      p.update(done);
    }
    expect(r.out).toHaveLength(5);
    expect(r.out.every((l) => l.startsWith('\r') && !l.includes('\n'))).toBe(true);
    p.finish();
    expect(r.out.slice(-2)).toEqual([expect.stringContaining('10/10 virtual minutes (100%)'), '\n']);
  });

  it('writes nothing for a run shorter than one interval', () => {
    const r = recorder(false);
    const p = progressReporter({ label: 'crash', unit: 'kills', total: 5, sink: r.sink, now: r.now });
    for (let done = 1; done <= 5; done++) p.update(done);
    p.finish();
    expect(r.out).toEqual([]);
  });
});

describe('the soak run', () => {
  it('reports each virtual minute as it passes, without changing the run', async () => {
    const config = { seed: 1, payments: 10, windowMs: 10 * 60_000 };
    const minutes: number[] = [];
    const withProgress = checkSoak(await runSoak(config, (m) => minutes.push(m)));
    const without = checkSoak(await runSoak(config));
    expect(minutes).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(withProgress.requests).toEqual(without.requests);
    expect(withProgress.invariants).toEqual(without.invariants);
  }, 60_000);
});
