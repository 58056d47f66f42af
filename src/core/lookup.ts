/**
 * One-shot payment lookups with the user's keys: picks the provider's accounts,
 * tries them in order until one does not answer 404 (a payment belongs to one shop),
 * and reports which account found it. Shared by `paymon check`, the monitor and the app.
 */
import { PaymonError, toErrorInfo, type ErrorInfo } from '../shared/errors.ts';
import type { Payment, Provider } from '../shared/payment.ts';
import type { PaymentRef } from '../shared/refs.ts';
import { baseUrlFor, createClient } from './providers/index.ts';
import type { FetchOptions, ProviderClient } from './providers/types.ts';
import type { ResponseMeta } from './http.ts';
import { noKeyError, resolveKeys } from './secrets/key-source.ts';
import type { SecretStore } from './secrets/types.ts';

/** The outcome of one lookup; never throws. */
export type LookupResult =
  | { ok: true; payment: Payment; raw: unknown; account: string }
  | { ok: false; error: ErrorInfo };

/** What a lookup needs from its surroundings. */
export interface LookupOptions {
  env?: NodeJS.ProcessEnv;
  /** The keychain (or a MemoryStore where only environment keys are to be used). */
  secrets: SecretStore;
  /** Keys entered for this app session only. */
  session?: SecretStore;
  timeoutMs?: number;
  /** The clock HTTP dates (`Retry-After`, rate-limit resets) are read against; tests in virtual time pass theirs. */
  now?: () => number;
  /** Retry a network error or 5xx once after this many ms (one-shot lookups); undefined: no retry. */
  retryTransientAfterMs?: number;
  fetch?: typeof globalThis.fetch;
  /**
   * A per-account base URL (the app's account settings: a staging host, the demo simulator), or
   * null for the provider's default; asked again after reset(). Must return a validated URL. A
   * PaymonError it throws fails that account's lookups (without a request) instead of all of them.
   */
  baseUrlFor?: (provider: Provider, account: string) => string | null;
}

interface AccountClient {
  account: string;
  client: ProviderClient;
}

const TRANSIENT = new Set(['network', 'server']);

/** Looks payments up; caches each provider's resolved accounts for its lifetime. */
export class PaymentLookup {
  readonly #opts: LookupOptions;
  readonly #clients = new Map<Provider, Promise<AccountClient[]>>();

  constructor(opts: LookupOptions) {
    this.#opts = opts;
  }

  /** The provider's account names in the order lookups try them. Throws no_key / keychain_unavailable. */
  async accounts(provider: Provider): Promise<string[]> {
    return (await this.#accountsFor(provider)).map((a) => a.account);
  }

  /** Forgets resolved keys (a key was added, replaced or removed). */
  reset(): void {
    this.#clients.clear();
  }

  /**
   * Looks one reference up across the provider's accounts, the `prefer`red one
   * (the shop that found it before) first. `onAttempt` hears of every request.
   */
  async lookup(
    ref: PaymentRef,
    opts: {
      signal?: AbortSignal;
      prefer?: string | null;
      onAttempt?: (account: string) => void;
      /** Hears each answer's status and headers, with the account asked (rate limits, issue 11). */
      onResponse?: (account: string, answer: ResponseMeta) => void;
    } = {},
  ): Promise<LookupResult> {
    const { signal, prefer, onAttempt, onResponse } = opts;
    try {
      const all = await this.#accountsFor(ref.provider);
      const accounts = prefer ? [...all.filter((a) => a.account === prefer), ...all.filter((a) => a.account !== prefer)] : all;
      let notFound: PaymonError | undefined;
      for (const { account, client } of accounts) {
        onAttempt?.(account);
        try {
          const heard = onResponse ? (answer: ResponseMeta) => onResponse(account, answer) : undefined;
          const { payment, raw } = await this.#fetchWithRetry(client, ref, { signal, onResponse: heard });
          return { ok: true, payment, raw, account };
        } catch (err) {
          if (err instanceof PaymonError && err.kind === 'not_found') {
            notFound = err;
            continue;
          }
          throw err;
        }
      }
      if (notFound && accounts.length > 1) {
        throw new PaymonError(
          'not_found',
          `${notFound.message} (asked ${accounts.length} accounts: ${accounts.map((a) => a.account).join(', ')})`,
          { httpStatus: 404 },
        );
      }
      throw notFound ?? noKeyError(ref.provider);
    } catch (err) {
      return { ok: false, error: toErrorInfo(err) };
    }
  }

  async #fetchWithRetry(client: ProviderClient, ref: PaymentRef, opts: FetchOptions) {
    try {
      return await client.fetchPayment(ref, opts);
    } catch (err) {
      const delay = this.#opts.retryTransientAfterMs;
      if (delay === undefined || !(err instanceof PaymonError) || !TRANSIENT.has(err.kind)) throw err;
      await new Promise((resolve) => setTimeout(resolve, delay));
      return client.fetchPayment(ref, opts);
    }
  }

  #accountsFor(provider: Provider): Promise<AccountClient[]> {
    let pending = this.#clients.get(provider);
    if (!pending) {
      pending = this.#buildClients(provider);
      // A failure (no keychain) is not cached: the next lookup asks again.
      pending.catch(() => this.#clients.delete(provider));
      this.#clients.set(provider, pending);
    }
    return pending;
  }

  async #buildClients(provider: Provider): Promise<AccountClient[]> {
    const env = this.#opts.env ?? process.env;
    const keys = await resolveKeys(provider, {
      env,
      store: this.#opts.secrets,
      ...(this.#opts.session ? { session: this.#opts.session } : {}),
    });
    if (keys.length === 0) throw noKeyError(provider);
    // The default (and its env override's validation) only when some account has no URL of its own.
    let fallback: string | undefined;
    return keys.map(({ account, key }) => {
      let own: string | null;
      try {
        own = this.#opts.baseUrlFor?.(provider, account) ?? null;
      } catch (err) {
        // A refusal for one account (its key is not approved for its host, issue 16) fails that
        // account's lookups only, without a request; the provider's other accounts keep working.
        if (!(err instanceof PaymonError)) throw err;
        return { account, client: refusingClient(provider, err) };
      }
      return {
        account,
        client: createClient(provider, {
          baseUrl: own ?? (fallback ??= baseUrlFor(provider, env)),
          apiKey: key,
          ...(this.#opts.timeoutMs !== undefined ? { timeoutMs: this.#opts.timeoutMs } : {}),
          ...(this.#opts.now ? { now: this.#opts.now } : {}),
          ...(this.#opts.fetch ? { fetch: this.#opts.fetch } : {}),
        }),
      };
    });
  }
}

/** A client that sends nothing and fails every lookup with `error`. */
function refusingClient(provider: Provider, error: PaymonError): ProviderClient {
  return {
    provider,
    fetchPayment: () => Promise.reject(new PaymonError(error.kind, error.message)),
  };
}
