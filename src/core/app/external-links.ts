/**
 * Which links Paymon opens in the user's browser: the allow-list of src/shared/links.ts (exact
 * hosts and path prefixes per link type, https only). Everything else is refused, so a compromised
 * renderer cannot make main launch arbitrary URLs or apps
 * (https://www.electronjs.org/docs/latest/tutorial/security#15-do-not-use-shellopenexternal-with-untrusted-content).
 */
import { PaymonError } from '../../shared/errors.ts';
import { LINK_HOSTS, matchLink } from '../../shared/links.ts';

/** Hosts links may point at (exactly; each only with its rules' paths, see LINK_RULES). */
export const EXTERNAL_HOSTS: readonly string[] = LINK_HOSTS;

/** The parsed URL when `raw` is an allow-listed https link, else null. */
export function allowedExternalUrl(raw: string): URL | null {
  return matchLink(raw)?.url ?? null;
}

/** The allow-listed URL as a string; throws `invalid_input` with a short message otherwise. */
export function checkExternalUrl(raw: string): string {
  const url = allowedExternalUrl(raw);
  if (!url) {
    throw new PaymonError(
      'invalid_input',
      'Paymon opens only https links to a Card2Crypto checkout page, a transaction on a block explorer ' +
        `or a provider's dashboard (${EXTERNAL_HOSTS.join(', ')}); this link was not opened.`,
    );
  }
  return url.href;
}
