/**
 * What the simulator needs from each provider it imitates (issue 12): its route, its error style
 * and how it answers a lookup from a scripted payment. The request handler and the world loop over
 * backends; only a provider's own backend module knows its API's shape.
 */
import type { Provider } from '../shared/payment.ts';
import type { StatusChange } from './card2crypto.ts';

/** A request as the handler sees it. */
export interface SimRequest {
  method: string;
  /** Path only, e.g. `/card2crypto/api/v1/payments/pay_x`. */
  path: string;
  query: URLSearchParams;
  /** The raw Authorization header, if any. */
  authorization?: string | null;
}

/** An answer. `fault: 'drop'` means "close the connection without answering"; `slow` means wait `delayMs` first. */
export interface SimResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  fault?: 'drop' | 'slow';
  delayMs?: number;
}

/** What every scripted payment has, whatever its provider. */
export interface SimScript {
  readonly id: string;
  /** The API key of the shop it belongs to. */
  readonly key: string;
  readonly createdAt: number;
  /** Set for providers with order lookups. */
  readonly orderId?: string;
}

/** A scripted payment with the provider it belongs to. */
export interface SimEntry {
  provider: Provider;
  script: SimScript;
}

/** What a backend may read of the world when it answers. */
export interface SimPayments {
  /** The payment with this exact ID, of any provider. */
  payment(id: string): SimEntry | undefined;
  /** The payment of `provider` with this order ID. */
  order(provider: Provider, orderId: string): SimEntry | undefined;
  /** Prefix of Card2Crypto-style checkout URLs. */
  readonly checkoutBaseUrl: string;
}

/** The situations every provider answers with an error. */
export type SimErrorKind = 'no-route' | 'method' | 'auth' | 'rate-limited' | 'server' | 'unavailable';

/** One error answer: HTTP status, the provider's code word, and its text. */
export interface SimError {
  status: number;
  code: string;
  message: string;
}

/** One provider's simulated API. */
export interface SimBackend {
  readonly provider: Provider;
  /** Where the provider's base URL lives on the simulator: `/<id>` then its own base path. */
  readonly prefix: string;
  /** The test key every world accepts unless told otherwise (safe to print). */
  readonly defaultKey: string;
  /** The provider's error answers (the rate-limited text is filled in by the handler). */
  readonly errors: Readonly<Record<SimErrorKind, SimError>>;
  /** The body of an error answer in the provider's style. */
  errorBody(error: SimError): unknown;
  /** The match of a known endpoint, or null (404). */
  route(path: string): RegExpExecArray | null;
  /** The answer to an authorized, admitted GET at time `t`. */
  lookup(payments: SimPayments, req: SimRequest, key: string, route: RegExpExecArray, t: number): SimResponse;
  /** Every status the payment takes, `pending` at creation first. */
  changes(script: SimScript): StatusChange[];
  /** The status at `t`, or null before creation. */
  statusAt(script: SimScript, t: number): string | null;
}

/** A JSON answer with the simulator's usual headers. */
export function json(status: number, body: unknown, extra: Record<string, string> = {}): SimResponse {
  return {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...extra },
    body: JSON.stringify(body),
  };
}

/** An error answer of `backend` for `kind`; `message` replaces the usual text (a 429's wording). */
export function errorAnswer(backend: SimBackend, kind: SimErrorKind, extra: Record<string, string> = {}, message?: string): SimResponse {
  const error = backend.errors[kind];
  return json(error.status, backend.errorBody(message === undefined ? error : { ...error, message }), extra);
}
