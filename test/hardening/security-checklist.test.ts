/**
 * The Electron security checklist (https://www.electronjs.org/docs/latest/tutorial/security),
 * asserted item by item against the code main runs: window preferences, CSP, navigation,
 * new windows, openExternal, permissions, IPC sender validation, and no raw Electron APIs
 * in the renderer. Detailed cases live in test/main; this file is the checklist in one place.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { allowedExternalUrl } from '../../src/core/app/index.ts';
import { createTrustedSenderCheck, REFUSED, setupIpc, type SenderEvent } from '../../src/main/ipc.ts';
import { contentSecurityPolicy, navigationGuard, rendererTarget, setupSessionSecurity, windowOpenHandler, windowOptions, type SessionLike } from '../../src/main/window.ts';
import { createPaymonApi } from '../../src/preload/api.ts';
import { API_CHANNELS } from '../../src/shared/ipc.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const INDEX = join(ROOT, 'out', 'renderer', 'index.html');
const target = rendererTarget({ isPackaged: true, devUrl: undefined, indexHtml: INDEX });
const HOSTILE_URLS = ['https://evil.example/', 'http://etherscan.io/tx/1', 'file:///etc/passwd', 'javascript:alert(1)', 'data:text/html,x', 'https://etherscan.io@evil.example/', 'chrome://settings'];

function sourcesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? sourcesUnder(p) : /\.(ts|tsx)$/.test(n) ? [p] : [];
  });
}

describe('Electron security checklist', () => {
  it('3-4, 6: context isolation, sandbox, no Node integration, web security on', () => {
    const prefs = windowOptions('/app/preload/index.cjs').webPreferences!;
    expect(prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true });
    expect(prefs.nodeIntegrationInWorker ?? false).toBe(false);
    expect(prefs.allowRunningInsecureContent ?? false).toBe(false);
    expect(prefs.experimentalFeatures ?? false).toBe(false);
  });

  it('5: permission requests denied (only writing to the clipboard is allowed)', () => {
    let request: ((wc: unknown, p: string, cb: (g: boolean) => void) => void) | null = null;
    let check: ((wc: unknown, p: string) => boolean) | null = null;
    const session: SessionLike = {
      webRequest: { onHeadersReceived: () => undefined },
      setPermissionRequestHandler: (h) => void (request = h),
      setPermissionCheckHandler: (h) => void (check = h),
    };
    setupSessionSecurity(session, target);
    for (const permission of ['media', 'geolocation', 'notifications', 'openExternal', 'clipboard-read', 'hid', 'serial']) {
      let granted: boolean | undefined;
      request!(null, permission, (g) => void (granted = g));
      expect(granted, permission).toBe(false);
      expect(check!(null, permission), permission).toBe(false);
    }
  });

  it('7: a Content Security Policy that allows only our own scripts and nothing foreign', () => {
    const csp = contentSecurityPolicy(target);
    for (const directive of ["default-src 'none'", "script-src 'self'", "object-src 'none'", "base-uri 'none'", "form-action 'none'", "frame-ancestors 'none'", "connect-src 'self'"]) {
      expect(csp).toContain(directive);
    }
    expect(csp).not.toMatch(/unsafe-eval|script-src[^;]*unsafe-inline|\*/);
    const html = readFileSync(join(ROOT, 'src', 'renderer', 'index.html'), 'utf8');
    expect(html).toMatch(/Content-Security-Policy/);
    expect(html).not.toMatch(/unsafe-eval/);
  });

  it('13: navigation away from our page is blocked', () => {
    const opened: string[] = [];
    const guard = navigationGuard(target, (u) => opened.push(u));
    for (const url of HOSTILE_URLS) {
      let prevented = false;
      guard({ url, preventDefault: () => void (prevented = true) });
      expect(prevented, url).toBe(true);
    }
    expect(opened).toEqual([]);
  });

  it('14: no new windows; only allow-listed https links go to the browser', () => {
    const opened: string[] = [];
    const handler = windowOpenHandler((u) => opened.push(u));
    for (const url of [...HOSTILE_URLS, 'https://etherscan.io/tx/0xabc']) expect(handler({ url })).toEqual({ action: 'deny' });
    expect(opened).toEqual(['https://etherscan.io/tx/0xabc']);
  });

  it('15: openExternal only for allow-listed https hosts', () => {
    for (const url of HOSTILE_URLS) expect(allowedExternalUrl(url), url).toBeNull();
    expect(allowedExternalUrl('https://tronscan.org/#/transaction/abc')?.hostname).toBe('tronscan.org');
  });

  it('17: IPC from any sender but our own window and page is refused before the service sees it', async () => {
    const handlers = new Map<string, (e: SenderEvent, a: unknown) => Promise<unknown>>();
    const main = { id: 1 };
    let reached = 0;
    setupIpc(
      { handle: (c, l) => void handlers.set(c, l), removeHandler: () => undefined },
      { invoke: async () => ((reached += 1), { ok: true, value: undefined }) },
      createTrustedSenderCheck(target, () => main),
    );
    const ourUrl = pathToFileURL(INDEX).href;
    const foreign: SenderEvent[] = [
      { sender: main, senderFrame: { url: 'https://evil.example/', parent: null } },
      { sender: main, senderFrame: { url: ourUrl, parent: {} } },
      { sender: { id: 2 }, senderFrame: { url: ourUrl, parent: null } },
      { sender: main, senderFrame: null },
    ];
    for (const channel of Object.values(API_CHANNELS)) {
      for (const event of foreign) expect(await handlers.get(channel)!(event, undefined)).toEqual(REFUSED);
    }
    expect(reached).toBe(0);
    await handlers.get('app:snapshot')!({ sender: main, senderFrame: { url: ourUrl, parent: null } }, undefined);
    expect(reached).toBe(1);
  });

  it('20: no raw Electron APIs in the renderer: one named function per channel, no ipcRenderer, no generic invoke', () => {
    const api = createPaymonApi({ invoke: async () => ({ ok: true, value: undefined }), on: () => () => undefined } as never);
    expect(Object.keys(api).sort()).toEqual([...Object.keys(API_CHANNELS), 'on'].sort());
    for (const file of sourcesUnder(join(ROOT, 'src', 'renderer'))) {
      const text = readFileSync(file, 'utf8');
      expect(text, file).not.toMatch(/from ['"]electron['"]|ipcRenderer|require\(/);
    }
  });
});
