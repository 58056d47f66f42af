/**
 * Launches the real app with Playwright's Electron driver where an Electron binary
 * is installed. Where it is not (ELECTRON_SKIP_BINARY_DOWNLOAD=1, as on machines that
 * cannot download it) the test is reported as skipped with the reason, never passed.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const ELECTRON_DIR = join(ROOT, 'node_modules', 'electron');

/** The Electron executable, found without require('electron'): that would try to download it. */
function electronBinary(): string | null {
  const pathFile = join(ELECTRON_DIR, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const binary = join(ELECTRON_DIR, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : null;
}

const binary = electronBinary();
const built = existsSync(join(ROOT, 'out', 'main', 'index.js'));
const skip = !binary
  ? 'the Electron binary is not installed (ELECTRON_SKIP_BINARY_DOWNLOAD=1); nothing to launch'
  : !built
    ? 'the app is not built: run npm run build first'
    : null;

describe.skipIf(skip !== null)(`the real Electron app${skip ? ` (skipped: ${skip})` : ''}`, () => {
  it('opens a locked-down window with the watchlist and no Node in the page', async () => {
    const { _electron } = await import('playwright-core');
    const dataDir = mkdtempSync(join(tmpdir(), 'paymon-electron-'));
    const app = await _electron.launch({
      executablePath: binary!,
      args: [join(ROOT, 'out', 'main', 'index.js'), '--no-sandbox'],
      env: { ...process.env, PAYMON_DATA_DIR: dataDir, CARD2CRYPTO_API_KEY: '', PAYCRYPT_API_KEY: '' },
    });
    try {
      const page = await app.firstWindow();
      await page.waitForLoadState('domcontentloaded');
      expect(await page.title()).toBe('Paymon');
      // Runs in the page; globalThis is the window there.
      const exposed = await page.evaluate(() => {
        const page = globalThis as Record<string, unknown>;
        return { paymon: typeof page['paymon'], require: typeof page['require'], process: typeof page['process'] };
      });
      expect(exposed).toEqual({ paymon: 'object', require: 'undefined', process: 'undefined' });
    } finally {
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
