/** Where API keys live. The keytar implementation is the only one that touches the OS keychain. */
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

/** The account name used when the user names none. */
export const DEFAULT_ACCOUNT = 'default';
