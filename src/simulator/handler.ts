/**
 * The pure request handler: one request in, one answer out, no I/O. The HTTP
 * server and the virtual-time benchmark both call it. It loops over the providers'
 * backends (./backend.ts): each one owns its route, its error bodies (as its spec
 * documents them, or a plausible guess) and its lookup.
 */
import type { Provider } from '../shared/payment.ts';
import { errorAnswer, json, type SimBackend, type SimPayments, type SimRequest, type SimResponse } from './backend.ts';
import { HTML_502, type FaultPlan } from './faults.ts';
import type { RateLimiter } from './rate-limit.ts';
import { rateLimitHeaders, refusal } from './rate-limit-headers.ts';

export type { SimRequest, SimResponse } from './backend.ts';
export { CARD2CRYPTO_PREFIX } from './card2crypto-backend.ts';
export { PAYCRYPT_PREFIX } from './paycrypt-backend.ts';

/** The counters a request can bump. */
export type StatKind = 'requests' | 'rateLimited' | 'faults';

/** What the handler needs from the world. */
export interface HandlerContext {
  now(): number;
  hasKey(provider: Provider, key: string): boolean;
  limiter: RateLimiter;
  faults: FaultPlan;
  count(key: string, provider: Provider, kind: StatKind): void;
  /** Every provider the world simulates. */
  backends: readonly SimBackend[];
  /** The scripted payments, for the backends' lookups. */
  payments: SimPayments;
}

function backendOf(ctx: HandlerContext, path: string): SimBackend | null {
  return ctx.backends.find((b) => path === `/${b.provider}` || path.startsWith(`/${b.provider}/`)) ?? null;
}

function bearer(header: string | null | undefined): string | null {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return m?.[1] ?? null;
}

function tooMany(ctx: HandlerContext, backend: SimBackend, retryAfterSeconds: number, extra: Record<string, string> = {}): SimResponse {
  const { blockSeconds, style = 'default' } = ctx.limiter.config;
  // The prose is the provider's fixed text: it names the configured block, whatever is left of it.
  const said = blockSeconds > 0 ? blockSeconds : retryAfterSeconds;
  const { text, headers } = refusal(style, backend.provider, retryAfterSeconds, said, ctx.now());
  return errorAnswer(backend, 'rate-limited', { ...extra, ...headers }, text);
}

function serverError(backend: SimBackend, unavailable: boolean): SimResponse {
  return unavailable ? errorAnswer(backend, 'unavailable', { 'retry-after': '5' }) : errorAnswer(backend, 'server');
}

/** Auth, then the rate limit, then the lookup; the same for every provider. */
function serve(ctx: HandlerContext, backend: SimBackend, req: SimRequest, key: string | null): SimResponse {
  const route = backend.route(req.path);
  if (route === null) return errorAnswer(backend, 'no-route');
  if (req.method.toUpperCase() !== 'GET') return errorAnswer(backend, 'method', { allow: 'GET' });
  if (key === null || !ctx.hasKey(backend.provider, key)) return errorAnswer(backend, 'auth');
  const verdict = ctx.limiter.check(`${backend.provider}:${key}`, ctx.now());
  const limitHeaders = rateLimitHeaders(ctx.limiter.config.style ?? 'default', verdict.usage, ctx.now());
  if (!verdict.ok) {
    ctx.count(key, backend.provider, 'rateLimited');
    return tooMany(ctx, backend, verdict.retryAfterSeconds, limitHeaders);
  }
  return withHeaders(backend.lookup(ctx.payments, req, key, route, ctx.now()), limitHeaders);
}

function withHeaders(res: SimResponse, extra: Record<string, string>): SimResponse {
  return { ...res, headers: { ...res.headers, ...extra } };
}

/** Answer one request at the context's current time, applying any fault chosen for it. */
export function handleRequest(ctx: HandlerContext, req: SimRequest): SimResponse {
  const backend = backendOf(ctx, req.path);
  if (backend === null) return json(404, { error: 'not_found', message: `No simulator route for ${req.path}` });
  const { provider } = backend;
  const key = bearer(req.authorization);
  const statKey = key ?? '';
  ctx.count(statKey, provider, 'requests');
  const fault = ctx.faults.next();
  if (fault !== null) ctx.count(statKey, provider, 'faults');
  // Faults before the app (drop, proxy page, 5xx, forced 429) never reach the rate limiter.
  if (fault === 'drop') return { status: 0, headers: {}, body: '', fault: 'drop' };
  if (fault === 'html') return { status: 502, headers: { 'content-type': 'text/html' }, body: HTML_502 };
  if (fault === 'server_error') return serverError(backend, ctx.faults.coin());
  if (fault === 'rate_limit') {
    ctx.count(statKey, provider, 'rateLimited');
    return tooMany(ctx, backend, ctx.limiter.config.blockSeconds);
  }
  const res = serve(ctx, backend, req, key);
  if (fault === 'malformed') {
    // A body cut in half: what a client sees when a proxy truncates a 200.
    return { ...res, status: 200, body: res.body.slice(0, Math.max(1, Math.floor(res.body.length / 2))) };
  }
  if (fault === 'slow') return { ...res, fault: 'slow', delayMs: ctx.faults.rates.slowMs };
  return res;
}
