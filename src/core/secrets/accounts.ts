/**
 * What `paymon keys` and the app both do to an account beside its key (issue 12: one path, where
 * src/cli/keys.ts and src/core/app/keys.ts each had their own): where its key is sent, the
 * environment's key, verifying a key only at an approved host, and recording the verdict with the
 * masked key. Never the key itself in the store or in a message.
 */
import { ENV_ACCOUNT } from '../../shared/accounts.ts';
import { PaymonError } from '../../shared/errors.ts';
import type { Provider } from '../../shared/payment.ts';
import { validateBaseUrl } from '../http.ts';
import { baseUrlFor } from '../providers/index.ts';
import type { AccountMeta, PaymonStore } from '../store/index.ts';
import { maskKey, normalizeApiKey, validateAccountName } from './key-hygiene.ts';
import { isKeyHostApproved, unapprovedHostError } from './key-hosts.ts';
import { ENV_KEYS } from './key-source.ts';
import type { KeyAddress } from './types.ts';
import { verifyKey, type KeyVerdict } from './verify.ts';

/**
 * Checks the account a key is about to be stored under: a valid name, and not the environment's
 * account (its key comes from CARD2CRYPTO_API_KEY / PAYCRYPT_API_KEY). Both `paymon keys set` and
 * the app's 'keys:set' ask this; throws invalid_input.
 */
export function storedKeyAccount(name: string): string {
  const account = validateAccountName(name);
  if (account === ENV_ACCOUNT) throw new PaymonError('invalid_input', `"${ENV_ACCOUNT}" is reserved for the environment variable key; choose another account name.`);
  return account;
}

/** The stored metadata of one account, if any. */
export function accountMeta(store: PaymonStore, provider: Provider, account: string): AccountMeta | undefined {
  return store.listAccounts().find((m) => m.provider === provider && m.account === account);
}

/**
 * The account's own base URL, validated, or null for the provider's default. A stored URL that no
 * longer validates (edited by hand) counts as unset rather than breaking every lookup of the provider.
 */
export function accountBaseUrl(store: PaymonStore, provider: Provider, account: string): string | null {
  const raw = accountMeta(store, provider, account)?.baseUrl;
  if (!raw) return null;
  try {
    return validateBaseUrl(raw).href;
  } catch {
    return null;
  }
}

/** Where the account's key goes: its own base URL, else the provider's (the env override or the default). */
export function keyBaseUrl(store: PaymonStore, env: NodeJS.ProcessEnv, { provider, account }: KeyAddress): string {
  return accountBaseUrl(store, provider, account) ?? baseUrlFor(provider, env);
}

/** The environment key of `provider`, normalized, or null when none is set (or it cannot be a key). */
export function envKey(env: NodeJS.ProcessEnv, provider: Provider): string | null {
  const raw = env[ENV_KEYS[provider]];
  if (raw === undefined || raw.trim() === '') return null;
  try {
    return normalizeApiKey(provider, raw);
  } catch {
    return null;
  }
}

/** How to reach the provider for a verification. */
export interface VerifyAccountOptions {
  baseUrl: string;
  fetch?: typeof globalThis.fetch;
  timeoutMs?: number;
  now?: () => number;
}

/**
 * Asks the provider at `opts.baseUrl` about the account's `key`. Refuses, sending nothing, when the
 * key was never approved for that host (issue 16): a base URL edited into the database gets no key.
 */
export async function verifyAccountKey(
  store: PaymonStore,
  env: NodeJS.ProcessEnv,
  address: KeyAddress,
  key: string,
  opts: VerifyAccountOptions,
): Promise<KeyVerdict> {
  if (!isKeyHostApproved(store, env, address, opts.baseUrl)) throw unapprovedHostError(address, opts.baseUrl);
  return verifyKey(address.provider, key, opts);
}

/** Records a verdict on the account with the masked key, keeping its base URL and budget. */
export function recordVerdict(store: PaymonStore, address: KeyAddress, key: string, verdict: KeyVerdict): void {
  const old = accountMeta(store, address.provider, address.account);
  store.upsertAccount({
    provider: address.provider,
    account: address.account,
    maskedKey: maskKey(key),
    verified: verdict.verified,
    checkedAt: verdict.checkedAt,
    baseUrl: old?.baseUrl ?? null,
    budgetPerMinute: old?.budgetPerMinute ?? null,
  });
}
