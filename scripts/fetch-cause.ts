/**
 * Preloaded (node --import) into Electron's install.js by scripts/electron.ts: a fetch that fails
 * below HTTP says why in its own message. Node's fetch rejects with a bare "fetch failed" and
 * keeps the reason (ECONNREFUSED, ENOTFOUND, a TLS error) in `cause`, which install.js never
 * prints; this keeps the error and adds the reason and the URL to its first line (issue 10).
 */
import { describeCause } from './electron-binary.ts';

const realFetch = globalThis.fetch;

globalThis.fetch = async function fetchWithCause(input: Parameters<typeof fetch>[0], init?: RequestInit): Promise<Response> {
  try {
    return await realFetch(input, init);
  } catch (err) {
    if (!(err instanceof Error) || err.cause === undefined) throw err;
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    throw new TypeError(`${err.message}: ${describeCause(err.cause)} (${url})`, { cause: err });
  }
};
