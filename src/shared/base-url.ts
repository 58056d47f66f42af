/**
 * The base-URL rule (issue 2, kept once by issue 12): https, or plain http only on a loopback host
 * (the simulator, tests); no user name or password, no query or fragment. The core turns a fault
 * into an error naming the setting (src/core/http.ts validateBaseUrl); the renderer into the hint
 * under the field. Pure: URL is the WHATWG parser both Node and Chromium ship.
 */

// 127.0.0.0/8 after WHATWG URL normalization (which already turns "127.1" or "0x7f.1" into dotted quads).
const LOOPBACK_V4 = /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/;

/** Whether `hostname` (as URL.hostname gives it) names this machine. */
export function isLoopbackHost(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || LOOPBACK_V4.test(hostname);
}

/** What is wrong with a base URL; `shown` is scheme and host only (safe to print: no credentials). */
export type BaseUrlFault =
  | { kind: 'not-a-url' }
  | { kind: 'credentials' }
  | { kind: 'plain-http'; shown: string }
  | { kind: 'scheme'; protocol: string }
  | { kind: 'query'; shown: string };

/** Parses `raw` (trimmed) and checks it against the rule: the URL, or the first fault found. */
export function checkBaseUrl(raw: string): { ok: true; url: URL } | { ok: false; fault: BaseUrlFault } {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return { ok: false, fault: { kind: 'not-a-url' } };
  }
  // Never echo a URL that carries credentials; otherwise scheme and host are safe to show.
  if (url.username || url.password) return { ok: false, fault: { kind: 'credentials' } };
  const shown = `${url.protocol}//${url.host}`;
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) return { ok: false, fault: { kind: 'plain-http', shown } };
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { ok: false, fault: { kind: 'scheme', protocol: url.protocol } };
  if (url.search || url.hash) return { ok: false, fault: { kind: 'query', shown } };
  return { ok: true, url };
}
