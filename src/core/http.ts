/**
 * The one HTTP path both provider clients share: base-URL policy, a bearer GET whose
 * timeout and body cap cover the whole exchange, and the mapping of every failure to
 * a PaymonError a person can act on (issue 2). The API key only ever goes into the
 * Authorization header: every text we build from the outside world is redacted.
 */
import { checkBaseUrl } from '../shared/base-url.ts';
import { PaymonError } from '../shared/errors.ts';
import { pinLocalhost, type LookupAll } from './loopback.ts';
import { parseRetryAfter, retryAfterFromMessage } from './retry-after.ts';

/** Default per-request timeout, body reading included. */
export const DEFAULT_TIMEOUT_MS = 10_000;
/** Default largest response body we read (1 MiB); a payment is a few KiB. */
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

/**
 * Parse and check a provider base URL against the one rule (src/shared/base-url.ts): https:, or
 * plain http: only on a loopback host (the simulator, tests), no credentials, query or fragment.
 * Throws invalid_input naming `what`.
 */
export function validateBaseUrl(raw: string, what = 'The base URL'): URL {
  const checked = checkBaseUrl(raw);
  if (checked.ok) return checked.url;
  const fault = checked.fault;
  switch (fault.kind) {
    case 'not-a-url':
      throw new PaymonError('invalid_input', `${what} is not a valid URL; expected something like https://api.example.com.`);
    case 'credentials':
      throw new PaymonError('invalid_input', `${what} must not contain a user name or password.`);
    case 'plain-http':
      throw new PaymonError(
        'invalid_input',
        `${what} (${fault.shown}) uses plain http:, which would send your API key unencrypted; use https: (http: is allowed only for localhost).`,
      );
    case 'scheme':
      throw new PaymonError('invalid_input', `${what} must start with https:// (got ${fault.protocol}).`);
    case 'query':
      throw new PaymonError('invalid_input', `${what} (${fault.shown}) must not contain a query (?) or fragment (#).`);
  }
}

/**
 * Append path segments, each percent-encoded, to a base URL (keeping its own path,
 * with or without a trailing slash) and set the query through URLSearchParams.
 */
export function joinUrl(base: URL, segments: readonly string[], query: Record<string, string> = {}): URL {
  const encoded = segments.map((segment) => {
    // URL parsing resolves "." and ".." even when percent-encoded, so refuse them outright.
    if (segment === '' || /^(?:\.|%2e){1,2}$/i.test(segment)) {
      throw new PaymonError('invalid_input', 'A path segment may not be empty, "." or "..".');
    }
    return encodeURIComponent(segment);
  });
  const url = new URL(base.href);
  url.pathname = `${base.pathname.replace(/\/+$/, '')}/${encoded.join('/')}`;
  url.search = new URLSearchParams(query).toString();
  return url;
}

/** What a GET needs besides the URL. */
export interface GetJsonOptions {
  /** Provider name for messages, e.g. "PayCrypt". */
  label: string;
  apiKey: string;
  timeoutMs?: number;
  maxBodyBytes?: number;
  fetch?: typeof globalThis.fetch;
  signal?: AbortSignal;
  /** Clock for Retry-After dates; tests pin it. */
  now?: () => number;
  /** Resolves `localhost` for pinLocalhost (src/core/loopback.ts); tests pin it. */
  lookupHost?: LookupAll;
  /** Hears every answer's status and headers before its body is read (the budget learns the rate limit from them). */
  onResponse?: (answer: ResponseMeta) => void;
}

/** What an answer says besides its body: its status and headers (rate-limit fields, issue 11). */
export interface ResponseMeta {
  status: number;
  headers: Headers;
}

/** A 2xx answer whose body parsed as JSON. */
export interface JsonAnswer {
  status: number;
  body: unknown;
}

/**
 * The shortest run of a key's characters that counts as the key (issue 16). Runs this long of the
 * secret part (≥ 8 random characters, some 48 bits) are worth hiding, and the masked form already
 * shows the prefix and the last 4; shorter runs would blank ordinary words and numbers in provider
 * messages. A key shorter than this is matched whole.
 */
export const MIN_KEY_RUN = 8;
/** Provider text past this length is never shown (messages quote 200 characters), so it is not searched either. */
const MAX_QUOTED_INPUT = 16 * 1024;

/** The forms a key is echoed in: as is, URL-encoded, and base64 (std and url-safe) at each byte alignment. */
function keyForms(apiKey: string): string[] {
  const forms = [apiKey, encodeURIComponent(apiKey)];
  const bytes = Buffer.from(apiKey, 'utf8');
  for (let shift = 0; shift < 3; shift++) {
    // Inside a longer base64 text the key starts 0, 1 or 2 bytes into a 3-byte group; the characters
    // shared with the neighbouring bytes (the first and last group) are left out.
    const encoded = Buffer.concat([Buffer.alloc(shift), bytes]).toString('base64').replace(/=+$/, '');
    const rest = (shift + bytes.length) % 3; // bytes in a last, partial group: rest + 1 characters
    const inner = encoded.slice(shift === 0 ? 0 : 4, rest === 0 ? undefined : -(rest + 1));
    forms.push(inner, inner.replaceAll('+', '-').replaceAll('/', '_'));
  }
  return forms;
}

/**
 * Blank out the key wherever a provider or library echoes it: any run of at least MIN_KEY_RUN
 * characters found in the key (or its URL-encoded or base64 form), compared case-insensitively,
 * so a prefix, an upper-cased copy or a partial echo is caught as well as the exact key.
 */
export function redact(text: string, apiKey: string, mark = '[redacted]'): string {
  if (!apiKey || !text) return text;
  const run = Math.min(MIN_KEY_RUN, apiKey.length);
  const grams = new Set<string>();
  for (const form of keyForms(apiKey).map((f) => f.toLowerCase())) {
    for (let i = 0; i + run <= form.length; i++) grams.add(form.slice(i, i + run));
  }
  const lower = text.toLowerCase();
  // Mark every character covered by some window that is part of the key, then blank each marked stretch.
  const hidden = new Uint8Array(text.length);
  let any = false;
  for (let i = 0; i + run <= lower.length; i++) {
    if (grams.has(lower.slice(i, i + run))) {
      hidden.fill(1, i, i + run);
      any = true;
    }
  }
  if (!any) return text;
  let out = '';
  for (let i = 0; i < text.length; ) {
    if (!hidden[i]) {
      out += text[i++];
      continue;
    }
    while (i < text.length && hidden[i]) i++;
    out += mark;
  }
  return out;
}

/** Short, single-line, key-free provider text safe to put in a message. */
function tidy(text: string, apiKey: string): string | null {
  // Flattened first, so a key split across whitespace by the cut below cannot slip through.
  // eslint-disable-next-line no-control-regex
  const flat = redact(text.replace(/[\u0000-\u001f\u007f\s]+/g, ' ').trim().slice(0, MAX_QUOTED_INPUT), apiKey);
  if (!flat) return null;
  return flat.length > 200 ? `${flat.slice(0, 200)}…` : flat;
}

/** The provider's own error text from a JSON body: `error`, `message` or `detail` (string or {message}). */
export function providerText(body: unknown, apiKey: string): string | null {
  if (typeof body === 'string') return tidy(body, apiKey);
  if (typeof body !== 'object' || body === null) return null;
  const record = body as Record<string, unknown>;
  for (const key of ['error', 'message', 'detail']) {
    const value = record[key];
    if (typeof value === 'string' && value.trim()) return tidy(value, apiKey);
    if (typeof value === 'object' && value !== null) {
      const nested = (value as Record<string, unknown>).message;
      if (typeof nested === 'string' && nested.trim()) return tidy(nested, apiKey);
    }
  }
  return null;
}

function checkKey(label: string, apiKey: string): void {
  if (!apiKey) throw new PaymonError('no_key', `No ${label} API key is set; add one before looking up payments.`);
  // fetch() quotes a bad header value in its own error, which would leak the key; refuse it first.
  if (!/^[\x21-\x7e]+$/.test(apiKey)) {
    throw new PaymonError(
      'invalid_input',
      `The ${label} API key contains spaces or characters that cannot be sent; paste the key again.`,
    );
  }
}

/** Read at most `max` bytes; stops (and cancels the stream) at the cap instead of buffering everything. */
async function readCapped(res: Response, max: number): Promise<{ text: string; overflow: boolean }> {
  const declared = Number(res.headers.get('content-length') ?? Number.NaN);
  if (!res.body || declared > max) {
    await res.body?.cancel().catch(() => undefined);
    return { text: '', overflow: declared > max };
  }
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > max) {
      await reader.cancel().catch(() => undefined);
      return { text: '', overflow: true };
    }
    chunks.push(value);
  }
  return { text: Buffer.concat(chunks).toString('utf8'), overflow: false };
}

const HTML_START = /^\s*<(?:!doctype|html|head|body|title|\?xml)/i;

interface AnswerContext {
  label: string;
  apiKey: string;
  now: () => number;
}

const badResponse = (message: string, status: number) => new PaymonError('bad_response', message, { httpStatus: status });

/** Map a non-2xx answer to an error kind; the provider's text is quoted when it gave one (never on 401/403). */
function errorForStatus(status: number, headers: Headers, detail: string | null, html: boolean, ctx: AnswerContext): PaymonError {
  const { label } = ctx;
  // An answer about the key is where a provider is likeliest to echo it: quote none of it (issue 16).
  const said = detail && status !== 401 && status !== 403 ? `: "${detail}"` : '';
  const opts = { httpStatus: status };
  const htmlNote = `the provider answered with an HTML page (status ${status}) instead of JSON`;
  if (status >= 500) {
    // An HTML error page (a gateway's or proxy's) is not an API answer at all: bad_response, as
    // the issue classifies it; the monitor retries it with the same backoff as a server error.
    if (html) return badResponse(`${label}: ${htmlNote}; the provider or a proxy in front of it is failing, try again later.`, status);
    return new PaymonError('server', `${label} had a server error (HTTP ${status}${said}); try again later.`, opts);
  }
  if (status === 429) {
    const retryAfterSeconds = parseRetryAfter(headers.get('retry-after'), ctx.now()) ?? retryAfterFromMessage(detail);
    const wait = retryAfterSeconds === undefined ? 'wait a moment before trying again' : `try again in ${retryAfterSeconds} s`;
    const extra = retryAfterSeconds === undefined ? {} : { retryAfterSeconds };
    return new PaymonError('rate_limited', `${label} is limiting requests (HTTP 429${said}); ${wait}.`, { ...opts, ...extra });
  }
  if (status >= 300 && status < 400) {
    const why = 'Paymon does not follow redirects, so your API key is never sent to another address';
    return badResponse(`${label} tried to redirect the request (HTTP ${status}). ${why}; check the ${label} base URL.`, status);
  }
  // A 4xx HTML page usually means a wrong base URL or a firewall page, not an answer about the payment.
  if (html) return badResponse(`${label}: ${htmlNote}; check the ${label} base URL.`, status);
  if (status === 401 || status === 403) {
    const fix = `Check the key, or replace it with a new one from your ${label} dashboard.`;
    return new PaymonError('auth', `${label} rejected the API key (HTTP ${status}${said}). ${fix}`, opts);
  }
  if (status === 404 || status === 410) {
    const hint = 'Check the ID; it may belong to another shop (a different API key).';
    return new PaymonError('not_found', `${label} did not find this payment (HTTP ${status}${said}). ${hint}`, opts);
  }
  if (status === 400 || status === 422) {
    return new PaymonError('invalid_input', `${label} refused the request as invalid (HTTP ${status}${said}).`, opts);
  }
  return badResponse(`${label} answered with unexpected HTTP status ${status}${said}.`, status);
}

/**
 * Deeper JSON than any payment answer needs is refused before parsing: JSON.parse copes,
 * but storing it (JSON.stringify) or sending it over IPC (structuredClone) would overflow the stack.
 */
const MAX_JSON_DEPTH = 64;

/** The deepest nesting of objects and arrays in JSON text, in one pass (strings skipped). */
function nestingDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      depth++;
      if (depth > max) max = depth;
      if (max > MAX_JSON_DEPTH) return max;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return max;
}

function interpret(status: number, headers: Headers, text: string, ctx: AnswerContext): JsonAnswer {
  const html = /html/i.test(headers.get('content-type') ?? '') || HTML_START.test(text);
  let body: unknown;
  let parsed = false;
  if (!html && text.trim()) {
    if (nestingDepth(text) > MAX_JSON_DEPTH) {
      throw badResponse(`${ctx.label} sent JSON nested more than ${MAX_JSON_DEPTH} levels deep (status ${status}); it was not read.`, status);
    }
    try {
      body = JSON.parse(text);
      parsed = true;
    } catch {
      // Not JSON: a 2xx is a bad answer below; an error status keeps the text as the provider's words.
    }
  }
  if (status >= 200 && status < 300) {
    if (html) return fail(`${ctx.label}: the provider answered with an HTML page (status ${status}) instead of JSON.`);
    if (!text.trim()) return fail(`${ctx.label} sent an empty answer (status ${status}).`);
    if (!parsed) return fail(`${ctx.label} sent malformed JSON (status ${status}).`);
    return { status, body };
  }
  const detail = parsed ? providerText(body, ctx.apiKey) : html ? null : tidy(text, ctx.apiKey);
  throw errorForStatus(status, headers, detail, html, ctx);

  function fail(message: string): never {
    throw badResponse(message, status);
  }
}

function errorCode(err: unknown): string | undefined {
  for (let e = err, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
  }
  return undefined;
}

function describeNetworkFailure(code: string | undefined, host: string): string {
  if (code === 'ECONNREFUSED') return 'the connection was refused';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return `the host name ${host} could not be resolved (DNS)`;
  if (code === 'ETIMEDOUT' || code === 'UND_ERR_CONNECT_TIMEOUT') return 'the connection timed out';
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') return 'the network is unreachable';
  if (code && /CERT|TLS|SSL|SELF_SIGNED|UNABLE_TO_/.test(code)) return 'its TLS certificate could not be verified';
  if (code && /ECONNRESET|EPIPE|UND_ERR_SOCKET|UND_ERR_CLOSED/.test(code)) return 'the connection was dropped';
  return 'the connection failed';
}

/** A key-free copy of an error chain (name, message, code), kept as `cause` for debugging. */
function safeCause(err: unknown, apiKey: string, depth = 0): Error | undefined {
  if (!(err instanceof Error) || depth > 4) return undefined;
  const inner = safeCause(err.cause, apiKey, depth + 1);
  const copy = new Error(redact(err.message, apiKey), inner ? { cause: inner } : undefined);
  copy.name = err.name;
  const code = errorCode(err);
  if (code) Object.assign(copy, { code });
  return copy;
}

/**
 * GET `url` with the bearer key and return the parsed JSON of a 2xx answer.
 * Every other outcome throws a PaymonError (see errorForStatus and the catch below).
 */
export async function getJson(url: URL, opts: GetJsonOptions): Promise<JsonAnswer> {
  const { label, apiKey, signal: callerSignal } = opts;
  checkKey(label, apiKey);
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxBytes = opts.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const cancelled = () =>
    new PaymonError('network', `The ${label} request was cancelled.`, { cause: safeCause(callerSignal?.reason, apiKey) });
  if (callerSignal?.aborted) throw cancelled();

  const timer = new AbortController();
  const timeout = setTimeout(() => timer.abort(), timeoutMs);
  const signal = callerSignal ? AbortSignal.any([timer.signal, callerSignal]) : timer.signal;
  const ctx: AnswerContext = { label, apiKey, now: opts.now ?? Date.now };
  try {
    // http://localhost goes to the loopback address it resolves to, checked, never to another host.
    const target = await pinLocalhost(url, opts.lookupHost);
    const res = await (opts.fetch ?? globalThis.fetch)(target, {
      method: 'GET',
      headers: { authorization: `Bearer ${apiKey}`, accept: 'application/json' },
      // Never follow: a redirect would carry the bearer key to whatever host it names.
      redirect: 'manual',
      signal,
    });
    opts.onResponse?.({ status: res.status, headers: res.headers });
    const { text, overflow } = await readCapped(res, maxBytes);
    // An error page over the cap still tells us its status; a 2xx over it is unusable.
    if (overflow && res.ok) throw badResponse(`${label} sent an answer larger than the ${maxBytes}-byte limit.`, res.status);
    return interpret(res.status, res.headers, text, ctx);
  } catch (err) {
    if (err instanceof PaymonError) throw err;
    if (callerSignal?.aborted) throw cancelled();
    if (timer.signal.aborted) throw new PaymonError('timeout', `${label} did not answer within ${timeoutMs / 1000} s; try again later.`);
    const reason = describeNetworkFailure(errorCode(err), url.hostname);
    throw new PaymonError('network', `Could not reach ${label} at ${url.host}: ${reason}. Check your connection and try again.`, {
      cause: safeCause(err, apiKey),
    });
  } finally {
    clearTimeout(timeout);
  }
}
