/** What every provider client offers the rest of the core. */
import type { Payment, Provider } from '../../shared/payment.ts';
import type { PaymentRef } from '../../shared/refs.ts';
import type { ResponseMeta } from '../http.ts';

/** A successful lookup: the normalized payment and the provider's raw answer (for the store). */
export interface FetchResult {
  payment: Payment;
  raw: unknown;
}

/** Options shared by both clients. */
export interface ClientOptions {
  /** Base URL; must be https:, or http: on a loopback host. */
  baseUrl: string;
  apiKey: string;
  /** Per-request timeout in milliseconds (default 10 000). */
  timeoutMs?: number;
  /** Clock for HTTP dates in answers (Retry-After); defaults to Date.now. */
  now?: () => number;
  /** Largest response body read, in bytes (default 1 MiB). */
  maxBodyBytes?: number;
  /** Injected fetch, for tests; defaults to the global fetch. */
  fetch?: typeof globalThis.fetch;
}

/** A client for one provider account. Throws PaymonError on every failure. */
export interface ProviderClient {
  readonly provider: Provider;
  fetchPayment(ref: PaymentRef, opts?: FetchOptions): Promise<FetchResult>;
}

/** Per-request options of a lookup. */
export interface FetchOptions {
  signal?: AbortSignal;
  /** Hears the answer's status and headers (the monitor's budget reads the rate limit from them). */
  onResponse?: (answer: ResponseMeta) => void;
}
