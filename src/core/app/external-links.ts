/**
 * Which links Paymon opens in the user's browser: https only, on the providers' sites
 * and the block explorers a payment's transaction can be looked up on. Everything else
 * is refused, so a compromised renderer cannot make main launch arbitrary URLs or apps
 * (https://www.electronjs.org/docs/latest/tutorial/security#15-do-not-use-shellopenexternal-with-untrusted-content).
 */
import { PaymonError } from '../../shared/errors.ts';

/** Hosts (and their subdomains) links may point at. */
export const EXTERNAL_HOSTS: readonly string[] = [
  'card2crypto.cc',
  'paycrypt.io',
  'etherscan.io',
  'tronscan.org',
  'bscscan.com',
  'polygonscan.com',
  'mempool.space',
  'blockstream.info',
];

/** The parsed URL when `raw` is an allow-listed https link, else null. */
export function allowedExternalUrl(raw: string): URL | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  // Credentials in a link are a phishing trick ("https://etherscan.io@evil.example"); a port is never needed.
  if (url.protocol !== 'https:' || url.username !== '' || url.password !== '' || url.port !== '') return null;
  const host = url.hostname.toLowerCase();
  return EXTERNAL_HOSTS.some((h) => host === h || host.endsWith(`.${h}`)) ? url : null;
}

/** The allow-listed URL as a string; throws `invalid_input` with a short message otherwise. */
export function checkExternalUrl(raw: string): string {
  const url = allowedExternalUrl(raw);
  if (!url) {
    throw new PaymonError(
      'invalid_input',
      `Paymon opens only https links to ${EXTERNAL_HOSTS.join(', ')}; this link was not opened.`,
    );
  }
  return url.href;
}
