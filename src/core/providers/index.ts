/**
 * Provider client factory and base-URL configuration (issue 2): each provider's
 * default API address, the environment variable that overrides it, and validation.
 */
import { PaymonError } from '../../shared/errors.ts';
import { PROVIDER_LABELS, PROVIDERS, type Provider } from '../../shared/payment.ts';
import { validateBaseUrl } from '../http.ts';
import { createCard2CryptoClient } from './card2crypto.ts';
import { createPayCryptClient } from './paycrypt.ts';
import type { ClientOptions, ProviderClient } from './types.ts';

/** Each provider's documented API base URL. */
export const DEFAULT_BASE_URLS: Readonly<Record<Provider, string>> = {
  card2crypto: 'https://card2crypto.cc/api/v1',
  paycrypt: 'https://api.paycrypt.io',
};

/** The environment variable that overrides each provider's base URL (the simulator, tests). */
export const BASE_URL_ENV: Readonly<Record<Provider, string>> = {
  card2crypto: 'PAYMON_CARD2CRYPTO_URL',
  paycrypt: 'PAYMON_PAYCRYPT_URL',
};

/** The validated base URL for `provider`: the env override when set and non-blank, else the default. */
export function baseUrlFor(provider: Provider, env: NodeJS.ProcessEnv = process.env): string {
  const name = BASE_URL_ENV[provider];
  const override = env[name]?.trim();
  const raw = override || DEFAULT_BASE_URLS[provider];
  // Name the variable in the message so the user knows what to fix.
  const what = override ? `${name} (the ${PROVIDER_LABELS[provider]} base URL)` : `The ${PROVIDER_LABELS[provider]} base URL`;
  return validateBaseUrl(raw, what).href;
}

/** A client for `provider`; throws invalid_input for an unknown provider or a bad base URL. */
export function createClient(provider: Provider, opts: ClientOptions): ProviderClient {
  switch (provider) {
    case 'card2crypto':
      return createCard2CryptoClient(opts);
    case 'paycrypt':
      return createPayCryptClient(opts);
    default:
      // Reachable only from untyped callers (IPC, config files).
      throw new PaymonError('invalid_input', `Unknown provider "${String(provider)}"; expected one of ${PROVIDERS.join(', ')}.`);
  }
}
