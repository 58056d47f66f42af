/**
 * Where an account's API key may be sent (issue 16, "Keys must not follow a changed host"): the
 * provider's own host — its documented default, or the PAYMON_*_URL override Paymon was started
 * with — and the origins the user approved for that account in a native dialog (or by entering the
 * key with that URL set). Approvals are origins only (scheme, host, port), kept in the store's
 * settings table per account; no key material. A base URL edited into the database, or set by a
 * compromised renderer, therefore never receives a key the user did not send there.
 */
import { ENV_ACCOUNT } from '../../shared/accounts.ts';
import { PaymonError } from '../../shared/errors.ts';
import { PROVIDER_LABELS, type Provider } from '../../shared/payment.ts';
import { baseUrlFor, BASE_URL_ENV, DEFAULT_BASE_URLS } from '../providers/index.ts';
import type { PaymonStore } from '../store/index.ts';
import { ENV_KEYS } from './key-source.ts';
import type { KeyAddress } from './types.ts';

/** What the app asks the user before a key first goes to a host: main answers with a native dialog. */
export interface KeyHostRequest {
  provider: Provider;
  account: string;
  /** The origin the key would be sent to, e.g. "https://staging.example.com". */
  host: string;
}

/** Asks the user whether `host` may receive the account's key; true only on an explicit yes. */
export type ConfirmKeyHost = (req: KeyHostRequest) => Promise<boolean>;

/** The account whose key comes from CARD2CRYPTO_API_KEY / PAYCRYPT_API_KEY (the rule lives in src/shared/accounts.ts). */
export { ENV_ACCOUNT };

const settingName = ({ provider, account }: KeyAddress): string => `keyHosts:${provider}:${account}`;
const isStringArray = (v: unknown): v is string[] => Array.isArray(v) && v.every((s) => typeof s === 'string');

/** The origin of a (validated) base URL: what an approval is for. */
export function keyOrigin(url: string): string {
  return new URL(url).origin;
}

/** Hosts every key of `provider` may go to without asking: the default and the start-up override. */
export function implicitKeyOrigins(provider: Provider, env: NodeJS.ProcessEnv): string[] {
  const origins = [keyOrigin(DEFAULT_BASE_URLS[provider])];
  try {
    origins.push(keyOrigin(baseUrlFor(provider, env)));
  } catch {
    // An invalid override approves nothing (lookups report it themselves).
  }
  return origins;
}

/** The origins the user approved for one account (implicit ones not included). */
export function approvedKeyOrigins(store: PaymonStore, address: KeyAddress): string[] {
  return store.getSetting(settingName(address), isStringArray) ?? [];
}

/** Whether the account's key may be sent to `url` without asking. The env account never gets approvals. */
export function isKeyHostApproved(store: PaymonStore, env: NodeJS.ProcessEnv, address: KeyAddress, url: string): boolean {
  const origin = keyOrigin(url);
  if (implicitKeyOrigins(address.provider, env).includes(origin)) return true;
  return address.account !== ENV_ACCOUNT && approvedKeyOrigins(store, address).includes(origin);
}

/** Remembers that the user let the account's key go to `url`'s origin. */
export function approveKeyHost(store: PaymonStore, env: NodeJS.ProcessEnv, address: KeyAddress, url: string): void {
  if (address.account === ENV_ACCOUNT || isKeyHostApproved(store, env, address, url)) return;
  store.setSetting(settingName(address), [...approvedKeyOrigins(store, address), keyOrigin(url)]);
}

/** Forgets the account's approvals (its key was removed: a new key starts from the provider's host). */
export function forgetKeyHosts(store: PaymonStore, address: KeyAddress): void {
  store.setSetting(settingName(address), undefined);
}

/** The error for a stored base URL whose host the key was never approved for; nothing was sent. */
export function unapprovedHostError(address: KeyAddress, url: string): PaymonError {
  const label = PROVIDER_LABELS[address.provider];
  const origin = keyOrigin(url);
  if (address.account === ENV_ACCOUNT) {
    return new PaymonError(
      'auth',
      `The ${label} key from ${ENV_KEYS[address.provider]} is sent only to the provider's address, not to ${origin}; ` +
        `clear the base URL of "${ENV_ACCOUNT}" (Advanced), or set ${BASE_URL_ENV[address.provider]} and restart Paymon.`,
    );
  }
  return new PaymonError(
    'auth',
    `The ${label} key of "${address.account}" was not sent to ${origin}: you have not confirmed that host for this key. ` +
      'Save the base URL again under Advanced (Paymon asks you first), enter the key again, or clear the base URL.',
  );
}

/** The error when the user said no in the dialog: the key was not sent, and `unchanged` stayed as it was. */
export function declinedHostError(address: KeyAddress, url: string, unchanged?: string): PaymonError {
  return new PaymonError(
    'invalid_input',
    `You did not allow sending the ${PROVIDER_LABELS[address.provider]} key of "${address.account}" to ${keyOrigin(url)}, ` +
      `so the key was not sent${unchanged ? ` and ${unchanged}` : ''}. To use that host, confirm it when asked, or enter the key again.`,
  );
}

/** The error for a base URL on the env account, whose key belongs to the environment. */
export function envBaseUrlError(provider: Provider): PaymonError {
  return new PaymonError(
    'invalid_input',
    `The "${ENV_ACCOUNT}" account's key comes from ${ENV_KEYS[provider]} and is sent only to the ${PROVIDER_LABELS[provider]} address; ` +
      `it cannot have a base URL of its own. Set ${BASE_URL_ENV[provider]} before starting Paymon instead.`,
  );
}
