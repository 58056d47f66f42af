/**
 * The main window and the guards on every web page Paymon shows, following the Electron security
 * checklist (https://www.electronjs.org/docs/latest/tutorial/security): isolation and sandbox on,
 * Node off, no new windows, no navigation away from our page, a strict CSP, no permissions.
 */
import { posix, win32 } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BrowserWindowConstructorOptions } from 'electron';
import { allowedExternalUrl } from '../core/app/external-links.ts';
import { rendererCsp } from '../shared/csp.ts';

/** Where the renderer comes from: the built file, or the Vite dev server in development. */
export type RendererTarget = { kind: 'file'; path: string; url: string } | { kind: 'dev'; url: string; origin: string };

/** The renderer target: the dev server only when unpackaged and it is on this machine. */
export function rendererTarget(opts: { isPackaged: boolean; devUrl: string | undefined; indexHtml: string }): RendererTarget {
  if (!opts.isPackaged && opts.devUrl) {
    try {
      const url = new URL(opts.devUrl);
      // A dev URL pointing anywhere but loopback would hand our preload API to a remote site.
      if ((url.protocol === 'http:' || url.protocol === 'https:') && ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname)) {
        return { kind: 'dev', url: url.href, origin: url.origin };
      }
    } catch {
      // Not a URL: fall back to the built renderer.
    }
  }
  return { kind: 'file', path: opts.indexHtml, url: pathToFileURL(opts.indexHtml).href };
}

/**
 * `text` with its valid %XX escapes decoded as UTF-8 and anything else left as it is, the way
 * Chromium reads a file URL: Electron's loadFile hands Chromium an unescaped path, so a folder
 * named "100% sure" arrives as `100%%20sure`, which decodeURIComponent (and Node's
 * fileURLToPath) refuse as malformed.
 */
function percentDecode(text: string): string {
  const bytes: number[] = [];
  const utf8 = new TextEncoder();
  for (let i = 0; i < text.length; i++) {
    const hex = text.slice(i + 1, i + 3);
    if (text[i] === '%' && /^[0-9a-fA-F]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      const cp = text.codePointAt(i)!;
      const ch = String.fromCodePoint(cp);
      bytes.push(...utf8.encode(ch));
      i += ch.length - 1;
    }
  }
  return new TextDecoder().decode(new Uint8Array(bytes));
}

/**
 * The path a file: URL stands for, in the form we compare: normalized, and folded where the file
 * system is case-insensitive (Windows, macOS by default) or stores names decomposed (macOS).
 * Null for anything that is not a local file URL (a host would mean a network share).
 */
function comparablePath(url: URL, platform: NodeJS.Platform): string | null {
  if (url.protocol !== 'file:' || url.host !== '') return null;
  // An escaped separator or NUL is never part of a real page's URL; it could smuggle a path.
  if (/%(2f|5c|00)/i.test(url.pathname)) return null;
  let path = percentDecode(url.pathname);
  if (platform === 'win32') {
    // file:///C:/Users/JOHNDO~1/… stands for C:\Users\JOHNDO~1\…
    if (!/^\/[A-Za-z]:(\/|$)/.test(path)) return null;
    path = path.slice(1).replaceAll('/', '\\');
  }
  return foldPath(path, platform);
}

/** `path` normalized for comparison on `platform`. */
function foldPath(path: string, platform: NodeJS.Platform): string {
  const normal = platform === 'win32' ? win32.normalize(path) : posix.normalize(path);
  return platform === 'win32' || platform === 'darwin' ? normal.normalize('NFC').toLowerCase() : normal;
}

/**
 * Whether `raw` is the app's own page (any hash or query; the same file or dev-server origin).
 * File pages are compared by the path they stand for, not as strings: Chromium and Node spell
 * the same file URL differently (`~`, `[`, `]`, `%`, spaces, non-ASCII; drive letters and case on
 * Windows), and a string mismatch refuses every IPC call from our own window (issue 10).
 */
export function isAppUrl(raw: string, target: RendererTarget, platform: NodeJS.Platform = process.platform): boolean {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  if (target.kind === 'dev') return url.origin === target.origin;
  const page = comparablePath(url, platform);
  return page !== null && page === foldPath(target.path, platform);
}

/** BrowserWindow options with every security-relevant preference written out. */
export function windowOptions(preloadPath: string, icon?: string): BrowserWindowConstructorOptions {
  return {
    width: 1280,
    height: 820,
    minWidth: 720,
    minHeight: 480,
    title: 'Paymon',
    show: false,
    backgroundColor: '#111418',
    ...(icon ? { icon } : {}),
    webPreferences: {
      preload: preloadPath,
      // Checklist 3: the preload's world is separate from the page's.
      contextIsolation: true,
      // Checklist 4: the renderer runs in Chromium's sandbox; the preload gets only a few electron modules.
      sandbox: true,
      // Checklist 2: no Node.js in the page, its workers or its frames.
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      // Checklist 6 and 8: same-origin policy on, no http content inside our https/file page.
      webSecurity: true,
      allowRunningInsecureContent: false,
      // Checklist 9 and 10: no experimental or extra Blink features.
      experimentalFeatures: false,
      // Checklist 12: no <webview>.
      webviewTag: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
    },
  };
}

/**
 * Content Security Policy for the renderer (checklist 7), as a header: the one policy of
 * src/shared/csp.ts, which the build also writes into index.html's meta tag.
 */
export function contentSecurityPolicy(target: RendererTarget): string {
  // Vite's HMR talks over a WebSocket to the dev server; in production nothing connects anywhere.
  return rendererCsp(target.kind === 'dev' ? { devServerOrigin: target.origin } : {});
}

/**
 * The window-open handler (checklist 14): never a new Electron window. An allow-listed https link
 * (an explorer, the provider's dashboard) opens in the user's browser instead.
 */
export function windowOpenHandler(openExternal: (url: string) => void): (details: { url: string }) => { action: 'deny' } {
  return ({ url }) => {
    const allowed = allowedExternalUrl(url);
    if (allowed) openExternal(allowed.href);
    return { action: 'deny' };
  };
}

/** The navigation guard (checklist 13): the window only ever shows our own page; allow-listed links go to the browser. */
export function navigationGuard(
  target: RendererTarget,
  openExternal: (url: string) => void,
): (event: { url: string; preventDefault(): void }) => void {
  return (event) => {
    if (isAppUrl(event.url, target)) return;
    event.preventDefault();
    const allowed = allowedExternalUrl(event.url);
    if (allowed) openExternal(allowed.href);
  };
}

/** The parts of a webContents the guards touch (a stand-in in tests). */
export interface GuardedContents {
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
  on(event: 'will-navigate' | 'will-frame-navigate' | 'will-redirect', listener: (event: { url: string; preventDefault(): void }) => void): unknown;
  on(event: 'will-attach-webview', listener: (event: { preventDefault(): void }) => void): unknown;
}

/** Puts every guard on one webContents (main calls it for each one created: 'web-contents-created'). */
export function setupContentsGuards(contents: GuardedContents, target: RendererTarget, openExternal: (url: string) => void): void {
  contents.setWindowOpenHandler(windowOpenHandler(openExternal));
  const guard = navigationGuard(target, openExternal);
  contents.on('will-navigate', guard);
  // Subframes and redirects too: will-navigate fires for the main frame only.
  contents.on('will-frame-navigate', guard);
  contents.on('will-redirect', guard);
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

/** The parts of a session the security setup touches. */
export interface SessionLike {
  webRequest: {
    onHeadersReceived(
      listener: (
        details: { responseHeaders?: Record<string, string[]> },
        callback: (response: { responseHeaders: Record<string, string[]> }) => void,
      ) => void,
    ): void;
  };
  setPermissionRequestHandler(handler: ((wc: unknown, permission: string, callback: (granted: boolean) => void) => void) | null): void;
  setPermissionCheckHandler(handler: ((wc: unknown, permission: string) => boolean) | null): void;
}

/** The one permission the page gets: writing text to the clipboard ("copy payment ID"). */
const ALLOWED_PERMISSIONS = new Set(['clipboard-sanitized-write']);

/**
 * Session-wide rules: the CSP as a response header too (the dev server's pages get no meta tag
 * from us, and frame-ancestors works only as a header), and every other permission denied
 * (checklist 5): Paymon's page needs no camera, location or notifications (main notifies).
 */
export function setupSessionSecurity(session: SessionLike, target: RendererTarget): void {
  const csp = contentSecurityPolicy(target);
  session.webRequest.onHeadersReceived((details, callback) => {
    const headers = { ...details.responseHeaders };
    for (const name of Object.keys(headers)) if (name.toLowerCase() === 'content-security-policy') delete headers[name];
    callback({ responseHeaders: { ...headers, 'Content-Security-Policy': [csp] } });
  });
  session.setPermissionRequestHandler((_wc, permission, callback) => callback(ALLOWED_PERMISSIONS.has(permission)));
  session.setPermissionCheckHandler((_wc, permission) => ALLOWED_PERMISSIONS.has(permission));
}
