/**
 * `localhost` in a plain-http base URL, pinned (issue 16): http: is allowed only for this machine
 * (validateBaseUrl), but the name is only as good as the hosts file and the resolver behind it. The
 * HTTP client resolves it once here, checks that every address is loopback (127.0.0.0/8 or ::1),
 * and connects to that address, so a hosts-file or DNS trick cannot send an API key unencrypted
 * to another machine.
 */
import { lookup as dnsLookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { PaymonError } from '../shared/errors.ts';

/** Resolves a host name to all its addresses, in the order they would be tried. */
export type LookupAll = (hostname: string) => Promise<readonly { address: string; family: number }[]>;

const systemLookup: LookupAll = (hostname) => dnsLookup(hostname, { all: true, verbatim: true });

/** True for an IP address on this machine's loopback: 127.0.0.0/8, ::1, or 127.x mapped into IPv6. */
export function isLoopbackAddress(address: string): boolean {
  const v4 = /^(?:::ffff:)?(\d{1,3})\.\d{1,3}\.\d{1,3}\.\d{1,3}$/i.exec(address);
  if (v4) return isIP(address.replace(/^::ffff:/i, '')) === 4 && v4[1] === '127';
  if (isIP(address) !== 6) return false;
  // Any spelling of ::1 (0:0:0:0:0:0:0:1, ::0001): expand and compare.
  const halves = address.toLowerCase().split('::');
  const groups = (s: string | undefined) => (s ? s.split(':') : []);
  const head = groups(halves[0]);
  const tail = groups(halves[1]);
  const full = halves.length === 2 ? [...head, ...Array<string>(8 - head.length - tail.length).fill('0'), ...tail] : head;
  return full.length === 8 && full.slice(0, 7).every((g) => Number.parseInt(g, 16) === 0) && Number.parseInt(full[7]!, 16) === 1;
}

/**
 * The URL to connect to: for http://localhost, the same URL with the host replaced by the loopback
 * address `localhost` resolves to; any other URL as it is. Throws a network PaymonError when
 * localhost resolves to nothing or to any address that is not loopback.
 */
export async function pinLocalhost(url: URL, lookup: LookupAll = systemLookup): Promise<URL> {
  // https: is left to TLS (the certificate names the host); a pinned IP would break its check.
  if (url.protocol !== 'http:' || url.hostname !== 'localhost') return url;
  let addresses: readonly { address: string; family: number }[];
  try {
    addresses = await lookup('localhost');
  } catch (err) {
    throw new PaymonError('network', `The name localhost could not be resolved on this machine (${(err as Error).message}); use http://127.0.0.1 instead.`);
  }
  // IPv4 first when there is one: the simulator and most local servers listen on 127.0.0.1, and
  // a resolver may list ::1 first. One address, so no second try can land somewhere else.
  const first = addresses.find((a) => a.family === 4) ?? addresses[0];
  const stranger = addresses.find((a) => !isLoopbackAddress(a.address));
  if (!first || stranger) {
    throw new PaymonError(
      'network',
      `localhost resolves to ${stranger ? stranger.address : 'no address'}, which is not this machine's loopback, so Paymon did not ` +
        'send the API key there over plain http. Check the hosts file, or use http://127.0.0.1 in the base URL.',
    );
  }
  const pinned = new URL(url.href);
  pinned.hostname = first.family === 6 || first.address.includes(':') ? `[${first.address}]` : first.address;
  return pinned;
}
