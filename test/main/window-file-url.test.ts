/**
 * The IPC sender check against the page URL real Chromium reports (issue 10): an install path
 * holding a space, `~`, `[`, `]`, `%`, `#` and non-ASCII letters must still count as our page.
 * The URL is built the way Electron's webContents.loadFile builds it (Node's legacy url.format
 * of the resolved path), then Chromium canonicalizes it; we compare what location.href says.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { format, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAppUrl, rendererTarget } from '../../src/main/window.ts';
import { chromiumSkipReason, launchChromium, type Browser } from '../helpers/browser.ts';

const AWKWARD = 'Pay mon ~[1] 100% #ü 日本';

/** What Electron's loadFile passes to loadURL for `path` (lib/browser/api/web-contents.ts). */
function electronLoadFileUrl(path: string): string {
  return format({ protocol: 'file', slashes: true, pathname: path });
}

describe.skipIf(chromiumSkipReason !== null)(`isAppUrl in Chromium${chromiumSkipReason ? ` — SKIPPED: ${chromiumSkipReason}` : ''}`, () => {
  let browser: Browser;
  let base: string;
  let dir: string;

  beforeAll(async () => {
    base = mkdtempSync(join(tmpdir(), 'paymon-url-'));
    dir = join(base, AWKWARD, 'out', 'renderer');
    mkdirSync(dir, { recursive: true });
    mkdirSync(join(base, 'other'));
    for (const file of [join(dir, 'index.html'), join(dir, 'other.html'), join(base, 'other', 'index.html')]) {
      writeFileSync(file, '<!doctype html><title>Paymon</title><p>page</p>');
    }
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    rmSync(base, { recursive: true, force: true });
  });

  /** Opens `url` and returns the href Chromium reports for the loaded page. */
  async function hrefOf(url: string): Promise<string> {
    const page = await browser.context.newPage();
    try {
      await page.goto(url);
      expect(await page.locator('p').textContent()).toBe('page');
      return await page.evaluate<string>('location.href');
    } finally {
      await page.close();
    }
  }

  it('accepts our page however Chromium spells its path, with any hash or query', async () => {
    const target = rendererTarget({ isPackaged: true, devUrl: undefined, indexHtml: join(dir, 'index.html') });
    const viaLoadFile = await hrefOf(electronLoadFileUrl(join(dir, 'index.html')));
    // The string comparison this replaces refused exactly this URL.
    expect(viaLoadFile).not.toBe(target.url);
    expect(isAppUrl(viaLoadFile, target)).toBe(true);
    expect(isAppUrl(await hrefOf(`${electronLoadFileUrl(join(dir, 'index.html'))}?a=1#/detail`), target)).toBe(true);
    expect(isAppUrl(await hrefOf(pathToFileURL(join(dir, 'index.html')).href), target)).toBe(true);
  });

  it('refuses a sibling file, another folder and http pages', async () => {
    const target = rendererTarget({ isPackaged: true, devUrl: undefined, indexHtml: join(dir, 'index.html') });
    expect(isAppUrl(await hrefOf(electronLoadFileUrl(join(dir, 'other.html'))), target)).toBe(false);
    expect(isAppUrl(await hrefOf(electronLoadFileUrl(join(base, 'other', 'index.html'))), target)).toBe(false);
    expect(isAppUrl('http://127.0.0.1/index.html', target)).toBe(false);
    expect(isAppUrl(`file://example.com${pathToFileURL(join(dir, 'index.html')).pathname}`, target)).toBe(false);
  });
});
