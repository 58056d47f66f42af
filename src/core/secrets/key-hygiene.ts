/**
 * Checks on what a user pastes as an API key or types as an account name, and the
 * masked form of a key that is safe to show ("keys in the OS keychain" issue).
 * No message here ever contains the key itself: errors may be printed, logged or sent over IPC.
 */
import { accountNameFault } from '../../shared/accounts.ts';
import { PaymonError } from '../../shared/errors.ts';
import { PROVIDERS, PROVIDER_LABELS, type Provider } from '../../shared/payment.ts';
import { byProvider } from '../../shared/providers/index.ts';
import type { KeyAddress } from './types.ts';

/** Longest key accepted; real keys are far shorter, so more is a bad paste (a whole file, a log). */
export const MAX_KEY_LENGTH = 512;

/** The documented key prefixes (specs: `c2c_live_…`, `sk_live_…`); used to catch keys pasted for the wrong provider. */
const KEY_PREFIX: Record<Provider, string> = byProvider((s) => s.keyPrefix);

function refuse(provider: Provider, why: string): never {
  throw new PaymonError('invalid_input', `This ${PROVIDER_LABELS[provider]} API key ${why}`);
}

/**
 * Trim a pasted key and refuse what cannot be a valid key for `provider`
 * (empty, inner whitespace, control characters, over-long, the other provider's key).
 */
export function normalizeApiKey(provider: Provider, raw: string): string {
  // trim() also drops a BOM and non-breaking spaces, which copy from web pages and PDFs adds.
  const key = raw.trim();
  if (key === '') refuse(provider, 'is empty.');
  if (key.length > MAX_KEY_LENGTH) {
    refuse(provider, `is ${key.length} characters long; keys are at most ${MAX_KEY_LENGTH}. Paste only the key.`);
  }
  const space = key.search(/\s/u);
  if (space >= 0) {
    refuse(provider, `contains whitespace or a line break at position ${space + 1}; paste it again as one piece.`);
  }
  // Cc: control characters; Cf: invisible format characters (zero-width space, bidi marks)
  // that survive a copy from a chat or web page and would make every request fail with `auth`.
  const hidden = key.search(/[\p{Cc}\p{Cf}]/u);
  if (hidden >= 0) {
    refuse(provider, `contains an invisible control character at position ${hidden + 1}; type or paste it again.`);
  }
  if (/^(["'`]).*\1$/su.test(key)) refuse(provider, 'is wrapped in quotes; remove them.');
  for (const other of PROVIDERS) {
    if (other === provider) continue;
    const prefix = KEY_PREFIX[other];
    if (key.toLowerCase().startsWith(prefix)) {
      refuse(
        provider,
        `looks like a ${PROVIDER_LABELS[other]} key (${prefix}…); ${PROVIDER_LABELS[provider]} keys start with ${KEY_PREFIX[provider]}.`,
      );
    }
  }
  return key;
}

/** Only this many leading characters are searched for the non-secret prefix (`c2c_live_`, `sk_test_`). */
const PREFIX_WINDOW = 12;

/**
 * A key safe to display: its prefix and last four characters (`c2c_live_…1c0b`).
 * Never more than a quarter of the secret part is shown, so a short key shows `…` and at most 2.
 */
export function maskKey(key: string): string {
  const cut = key.length < PREFIX_WINDOW ? -1 : key.lastIndexOf('_', PREFIX_WINDOW - 1);
  let prefix = key.slice(0, cut + 1);
  let secret = key.slice(cut + 1);
  // A "prefix" longer than what follows it is not a prefix but most of the key.
  if (prefix.length > secret.length) {
    prefix = '';
    secret = key;
  }
  const tail = Math.min(4, Math.floor(secret.length / 4));
  return `${prefix}…${tail > 0 ? secret.slice(-tail) : ''}`;
}

/** Check an account name (the rule in src/shared/accounts.ts); throws `invalid_input` otherwise. */
export function validateAccountName(name: string): string {
  const fault = accountNameFault(name);
  if (fault !== null) throw new PaymonError('invalid_input', fault);
  return name;
}

/** Check a store address from untrusted input (IPC, CLI): a known provider and a valid account name. */
export function checkAddress(address: KeyAddress): KeyAddress {
  if (!(PROVIDERS as readonly string[]).includes(address.provider)) {
    throw new PaymonError('invalid_input', `Unknown provider; expected one of: ${PROVIDERS.join(', ')}.`);
  }
  validateAccountName(address.account);
  return address;
}
