/**
 * The pure request handler: one request in, one answer out, no I/O. The HTTP
 * server and the virtual-time benchmark both call it. Error bodies follow the
 * specs where they document them (Card2Crypto); PayCrypt documents none, so
 * its error bodies are a plausible guess that clients must not depend on.
 */
import type { Provider } from '../shared/payment.ts';
import { HTML_502, type FaultPlan } from './faults.ts';
import type { RateLimiter } from './rate-limit.ts';
import { rateLimitHeaders, refusal } from './rate-limit-headers.ts';

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

/** The counters a request can bump. */
export type StatKind = 'requests' | 'rateLimited' | 'faults';

/** What the handler needs from the world. */
export interface HandlerContext {
  now(): number;
  hasKey(provider: Provider, key: string): boolean;
  limiter: RateLimiter;
  faults: FaultPlan;
  count(key: string, provider: Provider, kind: StatKind): void;
  /** The Card2Crypto `data` object, or null when absent, not yet created, or another shop's. */
  card2crypto(key: string, id: string, t: number): Record<string, unknown> | null;
  /** The PayCrypt status object, or null when absent, not yet created, or another merchant's. */
  paycrypt(key: string, by: { paymentId: string | null; orderId: string | null }, t: number): Record<string, unknown> | null;
}

/** Route prefixes; the rest of each path follows the provider's own base URL. */
export const CARD2CRYPTO_PREFIX = '/card2crypto/api/v1';
export const PAYCRYPT_PREFIX = '/paycrypt';

const C2C_ROUTE = /^\/card2crypto\/api\/v1\/payments\/([^/]+)\/?$/;
const PAYCRYPT_ROUTE = /^\/paycrypt\/payment\/status\/?$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function json(status: number, body: unknown, extra: Record<string, string> = {}): SimResponse {
  return {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...extra },
    body: JSON.stringify(body),
  };
}

/** Card2Crypto's documented error envelope. */
function c2cError(status: number, error: string, extra: Record<string, string> = {}): SimResponse {
  return json(status, { success: false, error }, extra);
}

/** PayCrypt's errors are undocumented; this shape is invented. */
function pcError(status: number, error: string, message: string, extra: Record<string, string> = {}): SimResponse {
  return json(status, { error, message }, extra);
}

function providerOf(path: string): Provider | null {
  if (path === '/card2crypto' || path.startsWith('/card2crypto/')) return 'card2crypto';
  if (path === '/paycrypt' || path.startsWith('/paycrypt/')) return 'paycrypt';
  return null;
}

function bearer(header: string | null | undefined): string | null {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return m?.[1] ?? null;
}

function tooMany(ctx: HandlerContext, provider: Provider, retryAfterSeconds: number, extra: Record<string, string> = {}): SimResponse {
  const { blockSeconds, style = 'default' } = ctx.limiter.config;
  // The prose is the provider's fixed text: it names the configured block, whatever is left of it.
  const said = blockSeconds > 0 ? blockSeconds : retryAfterSeconds;
  const { text, headers } = refusal(style, provider, retryAfterSeconds, said, ctx.now());
  if (provider === 'card2crypto') return c2cError(429, text, { ...extra, ...headers });
  return pcError(429, 'rate_limited', text, { ...extra, ...headers });
}

function serverError(provider: Provider, unavailable: boolean): SimResponse {
  const status = unavailable ? 503 : 500;
  const extra: Record<string, string> = unavailable ? { 'retry-after': '5' } : {};
  if (provider === 'card2crypto') {
    return c2cError(status, unavailable ? 'Service temporarily unavailable' : 'Internal server error', extra);
  }
  return unavailable
    ? pcError(503, 'service_unavailable', 'Service temporarily unavailable', extra)
    : pcError(500, 'internal_error', 'Internal server error');
}

/** Auth, then the rate limit, then the lookup; shared by both providers. */
function serve(ctx: HandlerContext, provider: Provider, req: SimRequest, key: string | null): SimResponse {
  const isC2c = provider === 'card2crypto';
  const route = isC2c ? C2C_ROUTE.exec(req.path) : PAYCRYPT_ROUTE.exec(req.path);
  if (route === null) return isC2c ? c2cError(404, 'Not found') : pcError(404, 'not_found', 'No such endpoint');
  if (req.method.toUpperCase() !== 'GET') {
    const allow = { allow: 'GET' };
    return isC2c ? c2cError(405, 'Method not allowed', allow) : pcError(405, 'method_not_allowed', 'Use GET', allow);
  }
  if (key === null || !ctx.hasKey(provider, key)) {
    return isC2c ? c2cError(401, 'Invalid API key') : pcError(401, 'unauthorized', 'Invalid or missing API key');
  }
  const verdict = ctx.limiter.check(`${provider}:${key}`, ctx.now());
  const limitHeaders = rateLimitHeaders(ctx.limiter.config.style ?? 'default', verdict.usage, ctx.now());
  if (!verdict.ok) {
    ctx.count(key, provider, 'rateLimited');
    return tooMany(ctx, provider, verdict.retryAfterSeconds, limitHeaders);
  }
  return withHeaders(lookup(ctx, provider, req, key, route), limitHeaders);
}

function withHeaders(res: SimResponse, extra: Record<string, string>): SimResponse {
  return { ...res, headers: { ...res.headers, ...extra } };
}

/** The lookup itself, once auth and the rate limit have passed. */
function lookup(ctx: HandlerContext, provider: Provider, req: SimRequest, key: string, route: RegExpExecArray): SimResponse {
  const isC2c = provider === 'card2crypto';
  if (isC2c) {
    let id: string;
    try {
      id = decodeURIComponent(route[1] ?? '');
    } catch {
      return c2cError(404, 'Payment not found');
    }
    const data = ctx.card2crypto(key, id, ctx.now());
    return data === null ? c2cError(404, 'Payment not found') : json(200, { success: true, data });
  }
  const paymentId = req.query.get('payment_id') || null;
  const orderId = req.query.get('order_id') || null;
  if (paymentId === null && orderId === null) {
    return pcError(400, 'bad_request', 'Either payment_id or order_id is required');
  }
  if (paymentId !== null && !UUID.test(paymentId)) return pcError(400, 'bad_request', 'payment_id must be a UUID');
  const body = ctx.paycrypt(key, { paymentId, orderId }, ctx.now());
  return body === null ? pcError(404, 'not_found', 'Payment not found') : json(200, body);
}

/** Answer one request at the context's current time, applying any fault chosen for it. */
export function handleRequest(ctx: HandlerContext, req: SimRequest): SimResponse {
  const provider = providerOf(req.path);
  if (provider === null) return pcError(404, 'not_found', `No simulator route for ${req.path}`);
  const key = bearer(req.authorization);
  const statKey = key ?? '';
  ctx.count(statKey, provider, 'requests');
  const fault = ctx.faults.next();
  if (fault !== null) ctx.count(statKey, provider, 'faults');
  // Faults before the app (drop, proxy page, 5xx, forced 429) never reach the rate limiter.
  if (fault === 'drop') return { status: 0, headers: {}, body: '', fault: 'drop' };
  if (fault === 'html') return { status: 502, headers: { 'content-type': 'text/html' }, body: HTML_502 };
  if (fault === 'server_error') return serverError(provider, ctx.faults.coin());
  if (fault === 'rate_limit') {
    ctx.count(statKey, provider, 'rateLimited');
    return tooMany(ctx, provider, ctx.limiter.config.blockSeconds);
  }
  const res = serve(ctx, provider, req, key);
  if (fault === 'malformed') {
    // A body cut in half: what a client sees when a proxy truncates a 200.
    return { ...res, status: 200, body: res.body.slice(0, Math.max(1, Math.floor(res.body.length / 2))) };
  }
  if (fault === 'slow') return { ...res, fault: 'slow', delayMs: ctx.faults.rates.slowMs };
  return res;
}
