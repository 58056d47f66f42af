/**
 * One CSP for the renderer (issue 16): the production build's <meta> carries the very policy main
 * sends as a header (minus frame-ancestors, which only a header can carry), placed before every
 * script; and in real Chromium, with no header at all (as for a file: page the session's header
 * does not reach), the app loads under it without a violation while an injected inline script is
 * refused.
 */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentSecurityPolicy } from '../../src/main/window.ts';
import { cspMetaPlugin, rendererCsp } from '../../src/shared/csp.ts';
import { startAppRig, type AppRig } from '../helpers/browser-app.ts';
import { buildRenderer, chromiumSkipReason, launchChromium, openWithService, serveDir, type Browser } from '../helpers/browser.ts';

const FILE_TARGET = { kind: 'file', path: '/opt/Paymon/resources/app.asar/out/renderer/index.html', url: 'file:///opt/Paymon/resources/app.asar/out/renderer/index.html' } as const;

let outDir = '';
beforeAll(async () => {
  outDir = await buildRenderer();
}, 120_000);
afterAll(() => {
  if (outDir) rmSync(outDir, { recursive: true, force: true });
});

/** The CSP meta tags of an HTML document, in order, with their position. */
function cspMetas(html: string): { content: string; at: number }[] {
  return [...html.matchAll(/<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"\s*\/?>/gi)].map((m) => ({
    content: m[1]!.replaceAll('&#39;', "'").replaceAll('&quot;', '"').replaceAll('&amp;', '&'),
    at: m.index,
  }));
}

describe('the built index.html', () => {
  it("carries main's header policy for the file target in one meta tag, before any script", () => {
    const html = readFileSync(join(outDir, 'index.html'), 'utf8');
    const metas = cspMetas(html);
    expect(metas).toHaveLength(1);
    const header = contentSecurityPolicy(FILE_TARGET);
    expect(metas[0]!.content).toBe(rendererCsp({ delivery: 'meta' }));
    expect(`${metas[0]!.content}; frame-ancestors 'none'`).toBe(header);
    const firstScript = html.search(/<script\b/i);
    expect(firstScript).toBeGreaterThan(metas[0]!.at);
  });

  it('refuses an index.html that brings its own CSP meta (so no second copy can drift)', () => {
    const handler = cspMetaPlugin().transformIndexHtml.handler;
    expect(() => handler('<head><meta http-equiv="Content-Security-Policy" content="default-src *"></head>')).toThrow(/src\/shared\/csp\.ts/);
  });
});

describe.skipIf(chromiumSkipReason !== null)(`the meta policy alone in Chromium${chromiumSkipReason ? ` — SKIPPED: ${chromiumSkipReason}` : ''}`, () => {
  let browser: Browser | undefined;
  let rig: AppRig | undefined;
  let server: { url: string; close(): Promise<void> } | undefined;
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await rig?.close();
  });

  it('loads the app with no violation, and refuses an inline script', async () => {
    server = await serveDir(outDir, { cspHeader: false });
    browser = await launchChromium();
    rig = await startAppRig();
    const { page, errors } = await openWithService(browser.context, server.url, rig.service);
    await page.evaluate(() => {
      const w = window as unknown as { __violations: string[] };
      w.__violations = [];
      document.addEventListener('securitypolicyviolation', (e) => w.__violations.push(`${e.effectiveDirective} ${e.blockedURI}`));
    });
    await page.getByRole('main').waitFor();
    await page.getByLabel('Text with payment IDs').waitFor();
    // Loading needed nothing the policy forbids (a violation is logged as a console error).
    expect(errors).toEqual([]);
    // What an injected payload would try: an inline script, fetching another origin, and media
    // from our own origin (default-src 'none', where the old meta said 'self').
    const ran = await page.evaluate(async () => {
      const v = document.createElement('video');
      v.src = './payload.webm';
      v.load();
      const s = document.createElement('script');
      s.textContent = 'window.__inlineRan = true';
      document.head.append(s);
      const fetched = await fetch('https://example.com/').then(() => true, () => false);
      return { inline: (window as unknown as { __inlineRan?: boolean }).__inlineRan === true, fetched };
    });
    expect(ran).toEqual({ inline: false, fetched: false });
    await expect.poll(() => page.evaluate(() => (window as unknown as { __violations: string[] }).__violations.length)).toBe(3);
    const violations = await page.evaluate(() => (window as unknown as { __violations: string[] }).__violations);
    expect(violations.map((v) => v.split(' ')[0]).sort()).toEqual(['connect-src', 'media-src', 'script-src-elem']);
  }, 60_000);
});
