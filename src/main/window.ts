/**
 * The main window and the guards on every web page Paymon shows, following the Electron security
 * checklist (https://www.electronjs.org/docs/latest/tutorial/security): isolation and sandbox on,
 * Node off, no new windows, no navigation away from our page, a strict CSP, no permissions.
 */
import { pathToFileURL } from 'node:url';
import type { BrowserWindowConstructorOptions } from 'electron';
import { allowedExternalUrl } from '../core/app/external-links.ts';

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

/** Whether `raw` is the app's own page (any hash or query; the same file or dev-server origin). */
export function isAppUrl(raw: string, target: RendererTarget): boolean {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  if (target.kind === 'dev') return url.origin === target.origin;
  url.hash = '';
  url.search = '';
  return url.protocol === 'file:' && url.href === target.url;
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

/** Content Security Policy for the renderer (checklist 7), tightened like Fiddle's: nothing but our own files. */
export function contentSecurityPolicy(target: RendererTarget): string {
  // Vite's HMR talks over a WebSocket to the dev server; in production nothing connects anywhere.
  const connect = target.kind === 'dev' ? `'self' ${target.origin.replace(/^http/, 'ws')}` : `'self'`;
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src ${connect}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-src 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
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
