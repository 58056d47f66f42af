/** Window options, renderer target, navigation and window-open guards, CSP and session rules. */
import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import {
  contentSecurityPolicy,
  isAppUrl,
  navigationGuard,
  rendererTarget,
  setupContentsGuards,
  setupSessionSecurity,
  windowOpenHandler,
  windowOptions,
  type GuardedContents,
  type SessionLike,
} from '../../src/main/window.ts';

const INDEX = '/opt/paymon/out/renderer/index.html';
const fileTarget = rendererTarget({ isPackaged: true, devUrl: 'http://localhost:5173', indexHtml: INDEX });
const HOSTILE = [
  'http://etherscan.io/tx/1',
  'https://evil.example/',
  'file:///etc/passwd',
  'javascript:alert(1)',
  'data:text/html,<script>1</script>',
  'https://etherscan.io.evil.example/',
  'about:blank',
];

describe('windowOptions', () => {
  it('writes out every security preference', () => {
    const prefs = windowOptions('/x/preload/index.cjs').webPreferences;
    expect(prefs).toMatchObject({
      preload: '/x/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
    });
  });
});

describe('rendererTarget and isAppUrl', () => {
  it('uses the dev server only unpackaged and on loopback', () => {
    expect(fileTarget.kind).toBe('file');
    expect(rendererTarget({ isPackaged: false, devUrl: 'http://localhost:5173', indexHtml: INDEX })).toMatchObject({ kind: 'dev', origin: 'http://localhost:5173' });
    expect(rendererTarget({ isPackaged: false, devUrl: 'https://evil.example', indexHtml: INDEX }).kind).toBe('file');
    expect(rendererTarget({ isPackaged: false, devUrl: 'not a url', indexHtml: INDEX }).kind).toBe('file');
  });

  it('recognizes only our page', () => {
    expect(isAppUrl('file:///opt/paymon/out/renderer/index.html#/detail?key=1', fileTarget)).toBe(true);
    expect(isAppUrl('file:///opt/paymon/out/renderer/index.htmlx', fileTarget)).toBe(false);
    for (const url of HOSTILE) expect(isAppUrl(url, fileTarget), url).toBe(false);
  });

  it('compares the file paths the URLs stand for, not their spelling', () => {
    const target = rendererTarget({ isPackaged: true, devUrl: undefined, indexHtml: '/opt/Pay mon ~[1] 100% #ü/out/renderer/index.html' });
    // Chromium's spelling after Electron's loadFile: ~ [ ] kept, a lone % kept, # and space escaped.
    expect(isAppUrl('file:///opt/Pay%20mon%20~[1]%20100%%20%23%C3%BC/out/renderer/index.html#/x', target, 'linux')).toBe(true);
    // Node's spelling (pathToFileURL) of the same file.
    expect(isAppUrl(target.url, target, 'linux')).toBe(true);
    expect(isAppUrl('file:///opt/Pay%20mon%20~[1]%20100%%20%23%C3%BC/out/renderer/./index.html?q=1', target, 'linux')).toBe(true);
    // Linux file systems are case-sensitive; a host means another machine; escaped separators are refused.
    expect(isAppUrl('file:///opt/pay%20mon%20~[1]%20100%%20%23%C3%BC/out/renderer/index.html', target, 'linux')).toBe(false);
    expect(isAppUrl('file://server/opt/Pay%20mon%20~[1]%20100%%20%23%C3%BC/out/renderer/index.html', target, 'linux')).toBe(false);
    expect(isAppUrl('file:///opt/Pay%20mon%20~[1]%20100%%20%23%C3%BC/out%2Frenderer/index.html', target, 'linux')).toBe(false);
  });

  it('compares Windows paths by drive, case and separators (short names stay as Electron loaded them)', () => {
    const win = { kind: 'file', path: 'C:\\Users\\JOHNDO~1\\AppData\\Local\\Programs\\Paymon\\resources\\app.asar\\out\\renderer\\index.html', url: 'unused' } as const;
    const page = 'file:///C:/Users/JOHNDO~1/AppData/Local/Programs/Paymon/resources/app.asar/out/renderer/index.html';
    expect(isAppUrl(page, win, 'win32')).toBe(true);
    expect(isAppUrl(`${page}#/detail`, win, 'win32')).toBe(true);
    expect(isAppUrl(page.replace('C:/Users/JOHNDO~1', 'c:/users/johndo%7E1'), win, 'win32')).toBe(true);
    expect(isAppUrl(page.replace('C:', 'C|'), win, 'win32')).toBe(true);
    expect(isAppUrl(page.replace('index.html', 'other.html'), win, 'win32')).toBe(false);
    expect(isAppUrl(page.replace('C:', 'D:'), win, 'win32')).toBe(false);
    expect(isAppUrl(page.replace('file:///', 'file://fileserver/'), win, 'win32')).toBe(false);
    expect(isAppUrl(page.replace('renderer/index', 'renderer%5Cindex'), win, 'win32')).toBe(false);
    expect(isAppUrl('http://localhost/index.html', win, 'win32')).toBe(false);
    // Windows and macOS file systems ignore case; Linux does not.
    const mac = rendererTarget({ isPackaged: true, devUrl: undefined, indexHtml: '/Applications/Paymon.app/Contents/Resources/app.asar/out/renderer/index.html' });
    expect(isAppUrl(mac.url.replace('Applications', 'applications'), mac, 'darwin')).toBe(true);
    expect(isAppUrl(mac.url.replace('Applications', 'applications'), mac, 'linux')).toBe(false);
  });
});

describe('window-open and navigation', () => {
  it('denies every new window and opens only allow-listed https links externally', () => {
    const opened: string[] = [];
    const handler = windowOpenHandler((url) => opened.push(url));
    for (const url of [...HOSTILE, 'https://etherscan.io/tx/0x1', 'file:///opt/paymon/out/renderer/index.html']) {
      expect(handler({ url })).toEqual({ action: 'deny' });
    }
    expect(opened).toEqual(['https://etherscan.io/tx/0x1']);
  });

  it('blocks navigation away from our page', () => {
    const opened: string[] = [];
    const guard = navigationGuard(fileTarget, (url) => opened.push(url));
    const nav = (url: string) => {
      const event = { url, preventDefault: vi.fn() };
      guard(event);
      return event.preventDefault.mock.calls.length > 0;
    };
    for (const url of [...HOSTILE, 'https://mempool.space/tx/1']) expect(nav(url), url).toBe(true);
    expect(nav('file:///opt/paymon/out/renderer/index.html#/x')).toBe(false);
    expect(opened).toEqual(['https://mempool.space/tx/1']);
  });

  it('puts the guards on every webContents, webviews included', () => {
    const emitter = new EventEmitter();
    let openHandler: ((d: { url: string }) => { action: 'deny' }) | undefined;
    const contents = Object.assign(emitter, { setWindowOpenHandler: (h: typeof openHandler) => (openHandler = h) }) as unknown as GuardedContents;
    setupContentsGuards(contents, fileTarget, () => undefined);
    for (const name of ['will-navigate', 'will-frame-navigate', 'will-redirect']) {
      const event = { url: 'https://evil.example/', preventDefault: vi.fn() };
      emitter.emit(name, event);
      expect(event.preventDefault, name).toHaveBeenCalled();
    }
    const webview = { preventDefault: vi.fn() };
    emitter.emit('will-attach-webview', webview);
    expect(webview.preventDefault).toHaveBeenCalled();
    expect(openHandler?.({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
  });
});

describe('CSP and session', () => {
  it('allows nothing but our own files', () => {
    const csp = contentSecurityPolicy(fileTarget);
    for (const part of ["default-src 'none'", "script-src 'self'", "object-src 'none'", "base-uri 'none'", "form-action 'none'", "frame-ancestors 'none'"]) {
      expect(csp).toContain(part);
    }
    expect(csp).not.toMatch(/unsafe-eval|script-src[^;]*unsafe-inline|\*/);
    const dev = contentSecurityPolicy(rendererTarget({ isPackaged: false, devUrl: 'http://localhost:5173', indexHtml: INDEX }));
    expect(dev).toContain('connect-src \'self\' ws://localhost:5173');
  });

  it('sets the CSP header on responses (replacing any other) and denies every permission but clipboard writes', () => {
    let onHeaders: Parameters<SessionLike['webRequest']['onHeadersReceived']>[0] | undefined;
    let onRequest: ((wc: unknown, p: string, cb: (g: boolean) => void) => void) | null = null;
    let onCheck: ((wc: unknown, p: string) => boolean) | null = null;
    const session: SessionLike = {
      webRequest: { onHeadersReceived: (l) => (onHeaders = l) },
      setPermissionRequestHandler: (h) => (onRequest = h),
      setPermissionCheckHandler: (h) => (onCheck = h),
    };
    setupSessionSecurity(session, fileTarget);
    let headers: Record<string, string[]> = {};
    onHeaders!({ responseHeaders: { 'content-security-policy': ["default-src *"], 'x-other': ['1'] } }, (r) => (headers = r.responseHeaders));
    expect(headers).toEqual({ 'x-other': ['1'], 'Content-Security-Policy': [contentSecurityPolicy(fileTarget)] });
    const granted: boolean[] = [];
    for (const p of ['notifications', 'media', 'geolocation', 'openExternal', 'clipboard-read']) onRequest!(null, p, (g) => granted.push(g));
    expect(granted).toEqual([false, false, false, false, false]);
    expect(onCheck!(null, 'clipboard-read')).toBe(false);
    expect(onCheck!(null, 'clipboard-sanitized-write')).toBe(true);
  });
});
