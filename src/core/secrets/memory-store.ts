/**
 * A SecretStore that lives only in this process: for tests of logic that needs "a store",
 * and for the app's session-only key (used when the user declines or lacks a keychain).
 */
import { PaymonError } from '../../shared/errors.ts';
import { checkAddress } from './key-hygiene.ts';
import { compareAddresses, type KeyAddress, type SecretStore } from './types.ts';

/** Keys held in memory only; gone when the process exits. Never written anywhere. */
export class MemoryStore implements SecretStore {
  readonly #keys = new Map<string, { address: KeyAddress; key: string }>();

  /** Optionally seeded with entries, e.g. a test's fixture keys. */
  constructor(entries: Iterable<[KeyAddress, string]> = []) {
    for (const [address, key] of entries) this.#put(address, key);
  }

  async get(address: KeyAddress): Promise<string | null> {
    return this.#keys.get(slot(checkAddress(address)))?.key ?? null;
  }

  async set(address: KeyAddress, key: string): Promise<void> {
    this.#put(address, key);
  }

  async delete(address: KeyAddress): Promise<boolean> {
    return this.#keys.delete(slot(checkAddress(address)));
  }

  async list(): Promise<KeyAddress[]> {
    return [...this.#keys.values()].map((e) => ({ ...e.address })).sort(compareAddresses);
  }

  #put(address: KeyAddress, key: string): void {
    checkAddress(address);
    // Same rule as the keychain store, so logic tested here behaves the same there.
    if (key === '') throw new PaymonError('invalid_input', 'Refusing to store an empty API key.');
    this.#keys.set(slot(address), { address: { provider: address.provider, account: address.account }, key });
  }
}

function slot(address: KeyAddress): string {
  return `${address.provider}:${address.account}`;
}
