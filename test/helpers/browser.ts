/**
 * The renderer's Chromium harness: build the renderer with Vite (production build, so the
 * page runs under its real CSP), serve it on 127.0.0.1, drive Debian's Chromium with
 * playwright-core, and give the page a `window.paymon` backed by any `invoke/on` service
 * (the real AppService in the flow tests).
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize, resolve, sep } from 'node:path';
import react from '@vitejs/plugin-react';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { build } from 'vite';
import { contentSecurityPolicy } from '../../src/main/window.ts';
import { cspMetaPlugin } from '../../src/shared/csp.ts';
import { EVENT_CHANNELS, type EventChannel, type EventChannels, type IpcResult } from '../../src/shared/ipc.ts';

/** The repository root. */
export const ROOT = resolve(import.meta.dirname, '../..');
/** Where screenshots go (git-ignored). */
export const RESULTS_DIR = join(ROOT, 'test-results');
/** The Chromium binary; PAYMON_CHROMIUM overrides it. */
export const CHROMIUM_PATH = process.env['PAYMON_CHROMIUM'] ?? '/usr/bin/chromium';

/** Why browser tests cannot run here, or null when they can. Use with describe.skipIf. */
export const chromiumSkipReason: string | null = existsSync(CHROMIUM_PATH)
  ? null
  : `Chromium not found at ${CHROMIUM_PATH} (set PAYMON_CHROMIUM to run the browser tests)`;
if (chromiumSkipReason) console.warn(`[browser tests SKIPPED] ${chromiumSkipReason}`);

/** What the page's `window.paymon` is backed by: AppService's shape. */
export interface InvokeService {
  invoke(channel: string, arg: unknown): Promise<IpcResult<unknown>>;
  on<C extends EventChannel>(channel: C, listener: (payload: EventChannels[C]) => void): () => void;
}

/**
 * Builds a Vite app (an index.html under `root`) into a fresh temp dir; returns the dir. `csp`
 * adds the app's CSP meta tag the way electron.vite.config.ts does (the app's renderer only).
 */
export async function buildPage(root: string, opts: { csp?: boolean } = {}): Promise<string> {
  const outDir = mkdtempSync(join(tmpdir(), 'paymon-renderer-'));
  await build({
    configFile: false,
    root,
    base: './',
    logLevel: 'warn',
    plugins: opts.csp ? [react(), cspMetaPlugin()] : [react()],
    build: { outDir, emptyOutDir: true, minify: false, reportCompressedSize: false },
  });
  return outDir;
}

/** Bundles a page-side TypeScript entry into one classic script (an IIFE) for page.addInitScript. */
export async function bundleScript(entry: string, name: string): Promise<string> {
  const out = await build({
    configFile: false,
    logLevel: 'warn',
    build: { write: false, minify: false, lib: { entry, formats: ['iife'], name } },
  });
  const outputs = (Array.isArray(out) ? out : [out]) as { output: { type: string; code?: string }[] }[];
  const chunk = outputs.flatMap((o) => o.output).find((o) => o.type === 'chunk');
  if (!chunk?.code) throw new Error(`${entry} did not build.`);
  return chunk.code;
}

let preloadScript: Promise<string> | undefined;

/** The harness preload (browser-preload.ts with src/preload/api.ts) as one classic script for addInitScript. */
export function harnessPreload(): Promise<string> {
  preloadScript ??= bundleScript(join(import.meta.dirname, 'browser-preload.ts'), 'paymonHarnessPreload');
  return preloadScript;
}

/** Builds the app's renderer (src/renderer, the same input and CSP plugin electron-vite builds with). */
export function buildRenderer(): Promise<string> {
  return buildPage(join(ROOT, 'src/renderer'), { csp: true });
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
};

/**
 * Serves a built directory on 127.0.0.1 (module scripts do not load from file://), with the
 * production CSP as a header, as main sets it on the app's session: the page runs under both it
 * and the meta tag in index.html. `cspHeader: false` leaves the header out, as for a file: page
 * the header does not reach, so only the meta tag applies.
 */
export async function serveDir(dir: string, opts: { cspHeader?: boolean } = {}): Promise<{ url: string; close(): Promise<void> }> {
  const base = resolve(dir);
  const csp = contentSecurityPolicy({ kind: 'file', path: join(base, 'index.html'), url: 'http://127.0.0.1/' });
  const cspHeaders: Record<string, string> = opts.cspHeader === false ? {} : { 'content-security-policy': csp };
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    // Chromium asks for a favicon on its own; Electron does not. Not a page error.
    if (path === '/favicon.ico') {
      res.writeHead(204).end();
      return;
    }
    const file = normalize(join(base, path === '/' ? 'index.html' : path));
    if (!file.startsWith(base + sep)) {
      res.writeHead(403).end();
      return;
    }
    readFile(file).then(
      (body) => res.writeHead(200, { 'content-type': MIME[extname(file)] ?? 'application/octet-stream', ...cspHeaders }).end(body),
      () => res.writeHead(404).end('not found'),
    );
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () =>
      new Promise<void>((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}

/** A Chromium with a fresh profile. */
export interface Browser {
  context: BrowserContext;
  close(): Promise<void>;
}

/** Launches Debian's Chromium headless with a fresh user-data dir. */
export async function launchChromium(opts: { colorScheme?: 'light' | 'dark' } = {}): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), 'paymon-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
      '--disable-quic',
    ],
    viewport: { width: 1440, height: 900 },
    deviceScaleFactor: 1,
    colorScheme: opts.colorScheme ?? 'light',
    locale: 'en-US',
    timezoneId: 'UTC',
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** A page with its collected errors. */
export interface HarnessPage {
  page: Page;
  /** Uncaught page errors, console errors and CSP violations seen so far. */
  errors: string[];
  /** Pushes an event as main's own send does (open-payment), in order after the service's events so far. */
  emit(channel: EventChannel, payload: unknown): void;
  /** Stops forwarding service events and closes the page. */
  close(): Promise<void>;
}

/** Records page errors (uncaught exceptions, console.error, CSP reports) for a final assertion. */
export function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(`console: ${msg.text()} (${msg.location().url})`);
  });
  return errors;
}

/**
 * Opens `url` in a new page whose `window.paymon` (built by the app's preload code, see
 * browser-preload.ts) calls `service.invoke` through a Playwright binding, and whose `on()`
 * listeners receive `service`'s events, pushed in emit order with page.evaluate.
 */
export async function openWithService(context: BrowserContext, url: string, service: InvokeService): Promise<HarnessPage> {
  const page = await context.newPage();
  const errors = collectErrors(page);
  await page.exposeBinding('__paymonInvoke', (_source, channel: string, arg: unknown) => service.invoke(channel, arg));
  await page.addInitScript({ content: await harnessPreload() });

  // One queue keeps events in the order the service emitted them, like Electron's IPC.
  let queue: Promise<unknown> = Promise.resolve();
  let open = true;
  const emit = (channel: EventChannel, payload: unknown): void => {
    queue = queue.then(() =>
      open
        ? page
            .evaluate(([ch, p]) => (globalThis as { __paymonEmit?: (c: string, p: unknown) => void }).__paymonEmit?.(ch, p), [channel, payload] as const)
            .catch(() => undefined)
        : undefined,
    );
  };
  const offs = EVENT_CHANNELS.map((channel) => service.on(channel, (payload: unknown) => emit(channel, payload)));
  await page.goto(url);
  return {
    page,
    errors,
    emit,
    async close() {
      open = false;
      for (const off of offs) off();
      await queue;
      await page.close();
    },
  };
}

/** Saves a screenshot under test-results/ and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  const path = join(RESULTS_DIR, name);
  await page.screenshot({ path });
  return path;
}
