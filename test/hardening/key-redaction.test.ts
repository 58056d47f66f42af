/**
 * Issue 16: a provider that echoes the API key — whole, upper-cased, a prefix, a slice, URL-encoded
 * or base64'd — into a 400/401/403/500 answer never gets it into an error message, a row's
 * lastError in the real SQLite store (and so the UI and CSV), or the CLI's output. A real loopback
 * server does the echoing; 401/403 bodies are not quoted at all.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { redact } from '../../src/core/http.ts';
import { createClient } from '../../src/core/providers/index.ts';
import { MemoryStore } from '../../src/core/secrets/memory-store.ts';
import { PaymonError } from '../../src/shared/errors.ts';
import type { SnapshotView } from '../../src/shared/ipc.ts';
import { startServiceRig, type ServiceRig } from '../core/app/service-rig.ts';
import { runPaymon } from '../helpers/cli.ts';
import { sendJson, startServer, type TestServer } from '../helpers/http-server.ts';

// '+', '/' and '=' make the URL-encoded form differ from the key itself.
const KEY = 'c2c_live_9fQ2x+Lm7R/tZ4vB8k=Nw3JpYs6Hd1Ge5Ca';
/** The shortest echoed stretch that counts as a leak (the core's MIN_KEY_RUN, fixed here independently). */
const RUN = 8;
const b64 = (s: string): string => Buffer.from(s).toString('base64');

/** The part of base64(prefix + KEY + suffix) made of the key's bytes alone (whole 3-byte groups). */
function keyBase64(prefix: string, suffix = ''): string {
  const all = b64(prefix + KEY + suffix).replace(/=+$/, '');
  const start = Math.ceil(prefix.length / 3) * 4;
  const end = Math.floor((prefix.length + KEY.length) / 3) * 4;
  return all.slice(start, end);
}

/** Every form a provider might echo; each string is derived from the key only. */
const FORMS: Record<string, string> = {
  exact: KEY,
  upper: KEY.toUpperCase(),
  lower: KEY.toLowerCase(),
  prefix: KEY.slice(0, 14),
  middle: KEY.slice(12, 30),
  suffix: KEY.slice(-10),
  urlEncoded: encodeURIComponent(KEY),
  urlEncodedLower: encodeURIComponent(KEY).toLowerCase(),
  base64: b64(KEY).replace(/=+$/, ''),
  base64Bearer: keyBase64('Bearer '),
  base64Basic: keyBase64('u:', ':x'),
  base64Url: b64(KEY).replace(/=+$/, '').replaceAll('+', '-').replaceAll('/', '_'),
};

/** The names of the forms of which some RUN-character stretch shows up in `text` (case-insensitively). */
function leaks(text: string): string[] {
  const hay = text.toLowerCase();
  return Object.entries(FORMS)
    .filter(([, form]) => {
      const f = form.toLowerCase();
      for (let i = 0; i + RUN <= f.length; i++) if (hay.includes(f.slice(i, i + RUN))) return true;
      return false;
    })
    .map(([name]) => name);
}

const ALL_FORMS = Object.values(FORMS).map((f, i) => `form${i}=${f};`).join(' ');
const STATUSES = [400, 401, 403, 500] as const;

/** A provider that answers `status` with the key echoed; the status comes from the ID (pay_redact0400…). */
async function startEcho(body: (status: number) => unknown): Promise<TestServer> {
  return startServer((req, res) => {
    const status = Number(/pay_redact(\d{3})/.exec(req.url ?? '')?.[1] ?? 404);
    const answer = body(status);
    if (typeof answer === 'string') {
      res.writeHead(status, { 'content-type': 'text/plain' });
      res.end(answer);
    } else sendJson(res, status, answer);
  });
}
const idFor = (status: number, n = 0): string => `pay_redact${status}x${String(n).padStart(6, '0')}`;

let server: TestServer | undefined;
let rig: ServiceRig | undefined;
afterEach(async () => {
  await rig?.close();
  await server?.close();
  rig = server = undefined;
});

describe('redact', () => {
  it.each(Object.entries(FORMS))('blanks the %s form inside other text', (_name, form) => {
    const out = redact(`Invalid API key "${form}" for shop 42`, KEY);
    expect(leaks(out)).toEqual([]);
    expect(out).toMatch(/^Invalid API key ".*\[redacted\].*" for shop 42$/);
  });

  it('leaves ordinary text alone, and matches a key shorter than the run whole', () => {
    expect(redact('Payment pay_123 not found (order 1234567)', KEY)).toBe('Payment pay_123 not found (order 1234567)');
    expect(redact('bad key abc12 / ABC12', 'abc12')).toBe('bad key [redacted] / [redacted]');
  });
});

describe('provider errors echoing the key', () => {
  it.each(STATUSES.flatMap((status) => [
    [status, 'JSON error', (): unknown => ({ error: `Invalid API key: ${ALL_FORMS}` })],
    [status, 'JSON nested message', (): unknown => ({ detail: { message: `key ${ALL_FORMS} revoked` } })],
    [status, 'plain text', (): unknown => `Unauthorized\n${ALL_FORMS}\n`],
  ] as const))('HTTP %i, %s: the message carries no part of the key', async (status, _kind, body) => {
    server = await startEcho(body);
    const client = createClient('card2crypto', { baseUrl: `${server.url}/api/v1`, apiKey: KEY });
    const err = await client.fetchPayment({ provider: 'card2crypto', kind: 'payment', value: idFor(status) }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PaymonError);
    const message = (err as PaymonError).message;
    expect(leaks(message), message).toEqual([]);
    // The cause chain (kept for debugging) is clean too.
    expect(leaks(JSON.stringify(err, Object.getOwnPropertyNames(err as object))), 'cause').toEqual([]);
    if (status === 401 || status === 403) {
      // About the key, a provider's words are not quoted at all.
      expect(message).not.toContain('"');
      expect(message).not.toContain('[redacted]');
    } else {
      expect(message).toContain('[redacted]');
    }
    expect(server.requests[0]?.headers.authorization).toBe(`Bearer ${KEY}`);
  });
});

describe('where the error ends up', () => {
  it.each(STATUSES)('HTTP %i: nothing of the key in lastError, the snapshot or the SQLite files', async (status) => {
    server = await startEcho(() => ({ error: `Invalid API key: ${ALL_FORMS}` }));
    rig = await startServiceRig({
      secrets: new MemoryStore([[{ provider: 'card2crypto', account: 'default' }, KEY]]),
      env: { PAYMON_CARD2CRYPTO_URL: `${server.url}/api/v1` },
    });
    const id = idFor(status);
    await rig.service.invoke('watch:add', { text: id });
    await rig.advance(3_000);
    const key = `card2crypto:payment:${id}`;
    const stored = rig.store.getWatch(key)?.lastError;
    expect(stored, 'the check ran and failed').toBeTruthy();
    expect(leaks(JSON.stringify(stored))).toEqual([]);
    const snapshot = (await rig.service.invoke('app:snapshot', undefined)) as { ok: true; value: SnapshotView };
    expect(snapshot.value.rows.find((r) => r.key === key)?.lastError).toEqual(stored);
    expect(leaks(JSON.stringify([snapshot, rig.pushed]))).toEqual([]);
    // The database itself, WAL included, as bytes on disk (latin1 keeps every byte searchable).
    const files = readdirSync(rig.dir).map((name) => readFileSync(join(rig!.dir, name)).toString('latin1'));
    expect(files.join('').length).toBeGreaterThan(0);
    expect(leaks(files.join('\n'))).toEqual([]);
  });

  it('paymon check prints nothing of the key, as JSON or as a table', async () => {
    server = await startEcho((status) => (status === 500 ? `upstream failed for ${ALL_FORMS}` : { error: `Invalid API key: ${ALL_FORMS}` }));
    const env = { CARD2CRYPTO_API_KEY: KEY, PAYMON_CARD2CRYPTO_URL: `${server.url}/api/v1`, PAYMON_DATA_DIR: '/nonexistent/never-used' };
    const ids = STATUSES.map((s) => idFor(s));
    const json = await runPaymon(['check', '--json', ...ids], { env });
    expect(json.lines.map((l) => (l['error'] as { kind?: string } | undefined)?.kind)).toEqual(['invalid_input', 'auth', 'auth', 'server']);
    const table = await runPaymon(['check', ...ids], { env });
    for (const run of [json, table]) {
      expect(run.code).not.toBe(0);
      expect(leaks(run.stdout + run.stderr), run.stdout + run.stderr).toEqual([]);
    }
    expect(server.requests.length).toBeGreaterThanOrEqual(8);
  });
});
