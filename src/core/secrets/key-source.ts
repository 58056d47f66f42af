/**
 * Which API keys to use for a provider: an environment variable first (CI, scripts, a
 * machine without a keychain), else every account kept for this session or in the keychain.
 */
import { PaymonError } from '../../shared/errors.ts';
import type { Provider } from '../../shared/payment.ts';
import { byProvider, findProviderSpec, providerLabel } from '../../shared/providers/index.ts';
import { normalizeApiKey } from './key-hygiene.ts';
import { compareAccounts, type SecretStore } from './types.ts';

/** The environment variable that overrides the stored keys of each provider (from its spec). */
export const ENV_KEYS: Readonly<Record<Provider, string>> = byProvider((s) => s.env.apiKey);

/** Where a resolved key came from, so the CLI and app can say which key they used. */
export type KeySource = 'env' | 'keychain' | 'session';

/** One key to try, with the account it belongs to (`env` for the environment variable). */
export interface ResolvedKey {
  account: string;
  key: string;
  source: KeySource;
}

/** Where resolveKeys looks. */
export interface KeySourceOptions {
  /** Usually `process.env`; passed in so tests and the app control it. */
  env: Readonly<Record<string, string | undefined>>;
  /** The OS keychain (a KeytarStore in the app and CLI). */
  store: SecretStore;
  /** Keys the user entered for this app session only; they win over the keychain for the same account. */
  session?: SecretStore;
}

/**
 * The keys to use for `provider`, `default` first then alphabetical. An empty list means
 * no key: raise `noKeyError(provider)`. Rethrows `keychain_unavailable` when nothing else has a key.
 */
export async function resolveKeys(provider: Provider, opts: KeySourceOptions): Promise<ResolvedKey[]> {
  // Untyped callers may name no known provider: then there is no variable to read.
  const name = findProviderSpec(provider)?.env.apiKey;
  const fromEnv = name === undefined ? undefined : opts.env[name];
  // An empty variable (`PAYCRYPT_API_KEY=`) is how shells unset things for one command: not an override.
  if (fromEnv !== undefined && fromEnv.trim() !== '') {
    try {
      return [{ account: 'env', key: normalizeApiKey(provider, fromEnv), source: 'env' }];
    } catch (err) {
      if (err instanceof PaymonError) throw new PaymonError(err.kind, `${name}: ${err.message}`);
      throw err;
    }
  }

  const byAccount = new Map<string, ResolvedKey>();
  const session = opts.session ? await keysIn(opts.session, provider, 'session') : [];
  try {
    for (const k of await keysIn(opts.store, provider, 'keychain')) byAccount.set(k.account, k);
  } catch (err) {
    // A session key is exactly what the app offers when the keychain is missing, so it suffices.
    const unavailable = err instanceof PaymonError && err.kind === 'keychain_unavailable';
    if (!unavailable || session.length === 0) throw err;
  }
  for (const k of session) byAccount.set(k.account, k);
  return [...byAccount.values()].sort((a, b) => compareAccounts(a.account, b.account));
}

async function keysIn(store: SecretStore, provider: Provider, source: KeySource): Promise<ResolvedKey[]> {
  const found: ResolvedKey[] = [];
  for (const address of await store.list()) {
    if (address.provider !== provider) continue;
    const key = await store.get(address);
    // Deleted between list() and get() (another process): simply not there any more.
    if (key !== null) found.push({ account: address.account, key, source });
  }
  return found;
}

/** The `no_key` error for a provider, telling how to add a key. */
export function noKeyError(provider: Provider): PaymonError {
  return new PaymonError(
    'no_key',
    `No ${providerLabel(provider)} API key. Add one with \`paymon keys set ${provider}\`, ` +
      `or set ${findProviderSpec(provider)?.env.apiKey} in the environment.`,
  );
}
