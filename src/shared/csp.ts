/**
 * The renderer's Content Security Policy, in one place (checklist 7; issue 16): main sends it as a
 * response header (src/main/window.ts), and the build writes the same policy into index.html's
 * <meta> (cspMetaPlugin, used by electron.vite.config.ts and the test harness), because a header
 * set through the session may not reach file: pages. Tightened like Fiddle's: nothing but our own
 * files. https://www.electronjs.org/docs/latest/tutorial/security#7-define-a-content-security-policy
 */

/** Directives only a header can carry: browsers ignore them in a <meta> tag (CSP 3, "frame-ancestors"). */
const HEADER_ONLY = ["frame-ancestors 'none'"];

/**
 * The policy. `devServerOrigin` adds the Vite dev server's WebSocket (HMR) to connect-src; in
 * production nothing connects anywhere. `delivery: 'meta'` leaves out what a meta tag cannot carry.
 */
export function rendererCsp(opts: { devServerOrigin?: string; delivery?: 'header' | 'meta' } = {}): string {
  const connect = opts.devServerOrigin ? `'self' ${opts.devServerOrigin.replace(/^http/, 'ws')}` : `'self'`;
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
    ...(opts.delivery === 'meta' ? [] : HEADER_ONLY),
  ].join('; ');
}

/** An index.html tag as Vite's transformIndexHtml hook returns it (typed here so src/shared needs no Vite import). */
interface HtmlTag {
  tag: string;
  attrs: Record<string, string>;
  injectTo: 'head-prepend';
}

/**
 * A Vite plugin that puts the production policy into index.html's <head>, before any script, at
 * build time. In `electron-vite dev` it stays out: the dev page comes over http, so main's header
 * (which also allows the HMR socket) applies. A hand-written CSP meta in index.html is an error,
 * so there is never a second, drifting copy.
 */
export function cspMetaPlugin(): {
  name: string;
  apply: 'build';
  transformIndexHtml: { order: 'pre'; handler: (html: string) => { html: string; tags: HtmlTag[] } };
} {
  return {
    name: 'paymon-csp-meta',
    apply: 'build',
    transformIndexHtml: {
      order: 'pre',
      handler(html) {
        if (/http-equiv\s*=\s*["']?content-security-policy/i.test(html)) {
          throw new Error('index.html has its own Content-Security-Policy meta tag; the policy comes from src/shared/csp.ts only.');
        }
        const attrs = { 'http-equiv': 'Content-Security-Policy', content: rendererCsp({ delivery: 'meta' }) };
        return { html, tags: [{ tag: 'meta', attrs, injectTo: 'head-prepend' }] };
      },
    },
  };
}
