/**
 * Provider client factory and base-URL configuration (issue 2): each provider's
 * default API address, the environment variable that overrides it, and validation.
 */
import { PaymonError } from '../../shared/errors.ts';
import { byProvider, findProviderSpec, providerSpecs, type Provider } from '../../shared/providers/index.ts';
import { validateBaseUrl } from '../http.ts';
import { card2cryptoClient } from './card2crypto.ts';
import { paycryptClient } from './paycrypt.ts';
import type { ClientOptions, ProviderClient } from './types.ts';

/** How the core talks to one provider: its id and the factory of its client. */
export interface ProviderClientModule {
  readonly id: Provider;
  create(opts: ClientOptions): ProviderClient;
}

/** The clients Paymon ships; one line per provider (its facts are in src/shared/providers). */
const BUILT_IN_CLIENTS: readonly ProviderClientModule[] = [card2cryptoClient, paycryptClient];
const registered: ProviderClientModule[] = [];

/**
 * Adds a provider's client at run time, beside registerProvider() for its spec: how the test-only
 * provider (test/fixtures/provider-acme) plugs in. Returns the function that removes it again.
 */
export function registerProviderClient(module: ProviderClientModule): () => void {
  registered.push(module);
  return () => {
    const at = registered.indexOf(module);
    if (at >= 0) registered.splice(at, 1);
  };
}

/** Each provider's documented API base URL. */
export const DEFAULT_BASE_URLS: Readonly<Record<Provider, string>> = byProvider((s) => s.defaultBaseUrl);

/** The environment variable that overrides each provider's base URL (the simulator, tests). */
export const BASE_URL_ENV: Readonly<Record<Provider, string>> = byProvider((s) => s.env.baseUrl);

/** The validated base URL for `provider`: the env override when set and non-blank, else the default. */
export function baseUrlFor(provider: Provider, env: NodeJS.ProcessEnv = process.env): string {
  const spec = findProviderSpec(provider);
  if (!spec) throw unknownProvider(provider);
  const name = spec.env.baseUrl;
  const override = env[name]?.trim();
  const raw = override || spec.defaultBaseUrl;
  // Name the variable in the message so the user knows what to fix.
  const what = override ? `${name} (the ${spec.label} base URL)` : `The ${spec.label} base URL`;
  return validateBaseUrl(raw, what).href;
}

/** A client for `provider`; throws invalid_input for an unknown provider or a bad base URL. */
export function createClient(provider: Provider, opts: ClientOptions): ProviderClient {
  const module = [...registered, ...BUILT_IN_CLIENTS].find((m) => m.id === provider);
  // Reachable only from untyped callers (IPC, config files).
  if (!module) throw unknownProvider(provider);
  return module.create(opts);
}

function unknownProvider(provider: string): PaymonError {
  return new PaymonError(
    'invalid_input',
    `Unknown provider "${String(provider)}"; expected one of ${providerSpecs().map((s) => s.id).join(', ')}.`,
  );
}
