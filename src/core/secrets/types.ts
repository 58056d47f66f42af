/** Where API keys live. The keytar implementation is the only one that touches the OS keychain. */
import { DEFAULT_ACCOUNT } from '../../shared/accounts.ts';
import type { Provider } from '../../shared/payment.ts';

/** One stored credential's address: a provider and a named account ("default" unless a shop is named). */
export interface KeyAddress {
  provider: Provider;
  account: string;
}

/** A place that holds API keys. Implementations never log or persist keys anywhere else. */
export interface SecretStore {
  get(address: KeyAddress): Promise<string | null>;
  set(address: KeyAddress, key: string): Promise<void>;
  /** Returns whether a key was removed. */
  delete(address: KeyAddress): Promise<boolean>;
  /** Every stored address (never the keys), sorted by provider then account. */
  list(): Promise<KeyAddress[]>;
}

/** The account name used when the user names none (the rule lives in src/shared/accounts.ts). */
export { DEFAULT_ACCOUNT };

/** Account order everywhere keys are listed or tried: `default` first, then alphabetical. */
export function compareAccounts(a: string, b: string): number {
  if (a === b) return 0;
  if (a === DEFAULT_ACCOUNT) return -1;
  if (b === DEFAULT_ACCOUNT) return 1;
  // The code-unit fallback keeps the order total when the collator calls two names equal.
  return a.localeCompare(b, 'en') || (a < b ? -1 : 1);
}

/** Address order for `SecretStore.list()`: provider, then account as in `compareAccounts`. */
export function compareAddresses(a: KeyAddress, b: KeyAddress): number {
  if (a.provider !== b.provider) return a.provider < b.provider ? -1 : 1;
  return compareAccounts(a.account, b.account);
}
