/**
 * `npm run bench:ui`: how fast the watchlist UI is with 10,000 watched payments, in real headless
 * Chromium with the production renderer build. A fake `window.paymon` (test/helpers/browser-bench-page.ts)
 * feeds generated rows, so no provider is involved. Each number is the median of several runs,
 * measured in the page with performance.now() from the action until the DOM reflects it:
 * first render (snapshot answer -> rows), a sort (header click), a search keystroke, and a
 * 'watch:delta' carrying 1,000 status updates. `--json` prints only JSON on stdout.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Page } from 'playwright-core';
import { ROOT, bundleScript, buildRenderer, chromiumSkipReason, collectErrors, launchChromium, serveDir } from '../test/helpers/browser.ts';

/** The targets: every action within 100 ms, first render within 300 ms. */
const TARGETS = { firstRenderMs: 300, sortMs: 100, filterMs: 100, batchUpdateMs: 100 } as const;
type Metric = keyof typeof TARGETS;

/** What the page exposes as `window.__bench`. */
interface PageBench {
  rows: number;
  firstRender(): Promise<number>;
  sort(): Promise<number>;
  filter(char: string): Promise<number>;
  batch(size?: number): Promise<number>;
}
type BenchGlobal = { __bench: PageBench };

const USAGE = `Usage: npm run bench:ui -- [--json] [--rows N] [--runs N]
  --json     print the result as JSON (only JSON on stdout)
  --rows N   watched payments (default 10000)
  --runs N   runs per measurement; the median is reported (default 5)`;

function wholeNumber(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} needs a positive whole number, got "${value}"`);
  return n;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

const round = (ms: number) => Math.round(ms * 10) / 10;

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { json: { type: 'boolean', default: false }, rows: { type: 'string' }, runs: { type: 'string' }, help: { type: 'boolean', default: false } },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (chromiumSkipReason) {
    console.error(`bench:ui needs Chromium: ${chromiumSkipReason}`);
    return 2;
  }
  const rows = wholeNumber('rows', values.rows, 10_000);
  const runs = wholeNumber('runs', values.runs, 5);
  const log = (msg: string) => {
    if (!values.json) console.log(msg);
  };

  log(`Building the renderer…`);
  const outDir = await buildRenderer();
  const server = await serveDir(outDir);
  const pageScript = await bundleScript(join(ROOT, 'test/helpers/browser-bench-page.ts'), 'paymonUiBench');
  const browser = await launchChromium();
  const samples: Record<Metric, number[]> = { firstRenderMs: [], sortMs: [], filterMs: [], batchUpdateMs: [] };
  let errors: string[] = [];
  try {
    const page: Page = await browser.context.newPage();
    errors = collectErrors(page);
    await page.addInitScript({ content: `globalThis.__paymonBenchConfig = ${JSON.stringify({ rows })};` });
    await page.addInitScript({ content: pageScript });

    // First render needs a fresh page each run: the app mounts, then the snapshot is answered.
    for (let i = 0; i < runs; i++) {
      await page.goto(server.url);
      await page.locator('.app-header').waitFor();
      samples.firstRenderMs.push(await page.evaluate(() => (globalThis as unknown as BenchGlobal).__bench.firstRender()));
    }
    const shown = await page.evaluate(() => (globalThis as unknown as BenchGlobal).__bench.rows);
    if (shown !== rows) throw new Error(`The page generated ${shown} rows, not ${rows}.`);
    for (let i = 0; i < runs; i++) samples.sortMs.push(await page.evaluate(() => (globalThis as unknown as BenchGlobal).__bench.sort()));
    for (let i = 0; i < runs; i++) samples.filterMs.push(await page.evaluate((c) => (globalThis as unknown as BenchGlobal).__bench.filter(c), String((i % 9) + 1)));
    for (let i = 0; i < runs; i++) samples.batchUpdateMs.push(await page.evaluate(() => (globalThis as unknown as BenchGlobal).__bench.batch(1000)));
  } finally {
    await browser.close();
    await server.close();
    rmSync(outDir, { recursive: true, force: true });
  }

  const result = {
    rows,
    runs,
    firstRenderMs: round(median(samples.firstRenderMs)),
    sortMs: round(median(samples.sortMs)),
    filterMs: round(median(samples.filterMs)),
    batchUpdateMs: round(median(samples.batchUpdateMs)),
    targets: TARGETS,
    met: {} as Record<Metric, boolean>,
    allMet: false,
    samples: Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, v.map(round)])),
    pageErrors: errors,
  };
  for (const metric of Object.keys(TARGETS) as Metric[]) result.met[metric] = result[metric] <= TARGETS[metric];
  result.allMet = Object.values(result.met).every(Boolean) && errors.length === 0;

  if (values.json) console.log(JSON.stringify(result, null, 2));
  else {
    console.log(`\nWatchlist UI, ${rows} rows, median of ${runs} runs (headless Chromium):`);
    for (const metric of Object.keys(TARGETS) as Metric[]) {
      console.log(`  ${metric.padEnd(14)} ${String(result[metric]).padStart(7)} ms   target ≤ ${TARGETS[metric]} ms   ${result.met[metric] ? 'met' : 'MISSED'}   runs: ${result.samples[metric]?.join(', ')}`);
    }
    if (errors.length > 0) console.log(`Page errors:\n  ${errors.join('\n  ')}`);
    console.log(result.allMet ? '\nAll targets met.' : '\nSome targets were missed.');
  }
  return result.allMet ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
    process.exit(2);
  },
);
