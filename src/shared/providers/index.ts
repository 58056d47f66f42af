/**
 * The provider registry (issue 12): every module that needs "each provider" loops over this list
 * instead of naming providers. Adding a provider is its own modules (here, in src/core/providers
 * and in src/simulator) plus one line in each of their registries; see docs/architecture.md.
 */
import { card2crypto } from './card2crypto.ts';
import { paycrypt } from './paycrypt.ts';
import type { ProviderSpec } from './types.ts';

export type { DetailSection, ProviderSpec } from './types.ts';

/** The providers Paymon ships, in display order. One line per provider. */
export const BUILT_IN_PROVIDERS = [card2crypto, paycrypt] as const;

/** A provider id. A new built-in provider widens it, so a `Record<Provider, …>` with a gap fails to compile. */
export type Provider = (typeof BUILT_IN_PROVIDERS)[number]['id'];

// Providers registered at run time (test-only providers, see registerProvider).
const registered: ProviderSpec[] = [];

/** Every known provider's spec: the built-in ones, then any registered at run time. */
export function providerSpecs(): readonly ProviderSpec[] {
  return registered.length === 0 ? BUILT_IN_PROVIDERS : [...BUILT_IN_PROVIDERS, ...registered];
}

/** The spec of `id`, or undefined for an id no provider has (untyped input: IPC, files, the database). */
export function findProviderSpec(id: string): ProviderSpec | undefined {
  return providerSpecs().find((s) => s.id === id);
}

/** The spec of a known provider. Throws for an id that is not registered (a programming error). */
export function providerSpec(id: Provider): ProviderSpec {
  const spec = findProviderSpec(id);
  if (!spec) throw new Error(`No provider "${String(id)}" is registered.`);
  return spec;
}

/** Whether `value` names a known provider (built in or registered). */
export function isProvider(value: unknown): value is Provider {
  return typeof value === 'string' && findProviderSpec(value) !== undefined;
}

/** The provider's name for people; the id itself for an unknown one. */
export function providerLabel(id: string): string {
  return findProviderSpec(id)?.label ?? id;
}

/** A record with one entry per built-in provider, computed from its spec. */
export function byProvider<T>(pick: (spec: (typeof BUILT_IN_PROVIDERS)[number]) => T): Record<Provider, T> {
  return Object.fromEntries(BUILT_IN_PROVIDERS.map((s) => [s.id, pick(s)])) as Record<Provider, T>;
}

/**
 * Adds a provider at run time: the test-only provider (test/fixtures/provider-acme) proves a new
 * provider plugs in with its own modules. Its id is outside the compile-time `Provider` union, so
 * the caller casts it once. Returns the function that removes it again. Throws on a taken id.
 */
export function registerProvider(spec: ProviderSpec): () => void {
  if (findProviderSpec(spec.id)) throw new Error(`A provider "${spec.id}" is already registered.`);
  registered.push(spec);
  return () => {
    const at = registered.indexOf(spec);
    if (at >= 0) registered.splice(at, 1);
  };
}
