/**
 * Starts and stops the real app for the end-to-end suite through Playwright's Electron driver
 * (https://playwright.dev/docs/api/class-electron): a fresh data folder per test, no API keys,
 * the renderer's console errors collected from the first message on, the main process's output
 * saved under test-results/e2e/ for the CI artifacts.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { _electron, type ElectronApplication, type Locator, type Page } from 'playwright-core';
import { appEnv, needsNoSandbox, type AppUnderTest } from './launch.ts';

/** The project folder. */
export const ROOT = join(import.meta.dirname, '..', '..');

/** Generous bounds for start-up and for a graceful quit; reaching one is a failure, never a pass. */
const LAUNCH_MS = 60_000;
const QUIT_MS = 30_000;

/** One running app. */
export interface RunningApp {
  app: ElectronApplication;
  /** The main window's page. */
  page: Page;
  /** Console errors and uncaught exceptions of the window so far. */
  consoleErrors(): Promise<string[]>;
  /** Whether the main process shows a window. */
  windowVisible(): Promise<boolean>;
  /** Quits the app the way a user does (app.quit) and waits for the process to end. */
  close(): Promise<void>;
}

/** The body row of the watchlist that contains `text`. */
export function row(page: Page, text: string): Locator {
  return page.locator('.tbody [role="row"]', { hasText: text });
}

/** Launches, relaunches and cleans up the app for one test file. */
export class E2eRig {
  readonly #plan: AppUnderTest;
  readonly #extraEnv: Record<string, string>;
  readonly #noSandbox = needsNoSandbox(process.platform, process.getuid?.() ?? null, process.env);
  readonly #dirs: string[] = [];
  readonly #running = new Set<RunningApp>();
  /** Where screenshots and logs go: uploaded by the CI workflow. */
  readonly resultsDir: string;

  constructor(plan: AppUnderTest, extraEnv: Record<string, string> = {}) {
    this.#plan = plan;
    this.#extraEnv = extraEnv;
    this.resultsDir = join(ROOT, 'test-results', 'e2e', plan.kind);
    mkdirSync(this.resultsDir, { recursive: true });
  }

  /** A new, empty data folder (PAYMON_DATA_DIR), removed by dispose(). */
  newDataDir(): string {
    const dir = mkdtempSync(join(tmpdir(), 'paymon-e2e-'));
    this.#dirs.push(dir);
    return dir;
  }

  /** A path under the results folder. */
  result(name: string): string {
    return join(this.resultsDir, name);
  }

  /** The app's environment: ours, its own data folder, and no API keys from the environment. */
  env(dataDir: string): Record<string, string> {
    return appEnv(process.env, { ...this.#extraEnv, PAYMON_DATA_DIR: dataDir, CARD2CRYPTO_API_KEY: '', PAYCRYPT_API_KEY: '' });
  }

  /** The arguments after Playwright's own. */
  #args(): string[] {
    return [...(this.#noSandbox ? ['--no-sandbox'] : []), ...this.#plan.args];
  }

  /** Starts the app on `dataDir`; `name` labels its log file. */
  async launch(name: string, dataDir: string): Promise<RunningApp> {
    const app = await _electron.launch({
      executablePath: this.#plan.executablePath,
      args: this.#args(),
      // Playwright adds --no-sandbox on Linux unless told the sandbox may stay on.
      chromiumSandbox: !this.#noSandbox,
      env: this.env(dataDir),
      timeout: LAUNCH_MS,
    });
    const log: string[] = [];
    app.on('console', (msg) => log.push(`main ${msg.type()}: ${msg.text()}`));
    app.process().stderr?.on('data', (chunk: Buffer) => log.push(`stderr: ${chunk.toString('utf8').trimEnd()}`));
    let page: Page;
    try {
      page = await app.firstWindow({ timeout: LAUNCH_MS });
    } catch (err) {
      await app.close().catch(() => undefined);
      writeFileSync(this.result(`${name}.log`), log.join('\n'));
      throw err;
    }
    const live: string[] = [];
    page.on('console', (msg) => {
      if (msg.type() === 'error') live.push(`console.error: ${msg.text()}`);
    });
    page.on('pageerror', (err) => live.push(`page error: ${err.message}`));
    let closed = false;
    const running: RunningApp = {
      app,
      page,
      async consoleErrors() {
        // The page keeps its recent messages, so errors logged before our listener are seen too.
        const earlier = page.isClosed() ? [] : await page.consoleMessages();
        const errors = page.isClosed() ? [] : await page.pageErrors();
        const all = [
          ...earlier.filter((m) => m.type() === 'error').map((m) => `console.error: ${m.text()}`),
          ...errors.map((e) => `page error: ${e.message}`),
          ...live,
        ];
        return [...new Set(all)];
      },
      windowVisible: () => app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().some((w) => w.isVisible())),
      close: async () => {
        if (closed) return;
        closed = true;
        this.#running.delete(running);
        const exited = new Promise<void>((resolve) => {
          const proc = app.process();
          if (proc.exitCode !== null || proc.signalCode !== null) resolve();
          else proc.once('exit', () => resolve());
        });
        let timer: ReturnType<typeof setTimeout> | undefined;
        const hung = new Promise<'hung'>((resolve) => (timer = setTimeout(() => resolve('hung'), QUIT_MS)));
        const outcome = await Promise.race([app.close().then(() => exited), hung]);
        clearTimeout(timer);
        if (outcome === 'hung') {
          app.process().kill('SIGKILL');
          await exited;
        }
        writeFileSync(this.result(`${name}.log`), log.join('\n'));
        if (outcome === 'hung') throw new Error(`Paymon did not quit within ${QUIT_MS / 1000} s of app.quit(); killed it`);
      },
    };
    this.#running.add(running);
    return running;
  }

  /**
   * Runs a second copy of the app on `dataDir` as a user double-clicking it again would, outside
   * Playwright, and resolves with how it ended. It should hand over to the first and exit.
   */
  secondLaunch(dataDir: string, extraArgs: readonly string[] = []): Promise<{ code: number | null; output: string }> {
    const child = spawn(this.#plan.executablePath, [...this.#args(), ...extraArgs], { env: this.env(dataDir), stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (output += d.toString('utf8')));
    return new Promise((resolve, reject) => {
      // A copy that stays up (it took the lock, or hangs) fails the test instead of leaking.
      const timer = setTimeout(() => child.kill('SIGKILL'), LAUNCH_MS);
      child.once('error', (err) => {
        clearTimeout(timer);
        reject(err);
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        resolve({ code, output });
      });
    });
  }

  /** Quits whatever still runs and removes the data folders. */
  async dispose(): Promise<void> {
    for (const running of [...this.#running]) await running.close().catch(() => undefined);
    for (const dir of this.#dirs.splice(0)) rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
  }
}
