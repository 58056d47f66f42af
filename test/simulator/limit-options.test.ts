/** `npm run simulator` rate-limit flags (issue 11): parsing, and a served limit over HTTP. */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { describeRateLimit, parseChange, parseLimit, rateLimitFromArgs } from '../../src/simulator/limit-options.ts';
import { DEFAULT_RATE_LIMIT } from '../../src/simulator/rate-limit.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const NODE = `${ROOT}node_modules/.bin/node`;

describe('rate-limit options', () => {
  it('reads N/W with any unit, several windows, the block, the style and changes', () => {
    expect(parseLimit('6/4s')).toEqual({ limit: 6, windowMs: 4000 });
    expect(parseLimit('1000/1h')).toEqual({ limit: 1000, windowMs: 3_600_000 });
    expect(parseLimit('2/1')).toEqual({ limit: 2, windowMs: 1000 });
    expect(parseLimit('5/500ms')).toEqual({ limit: 5, windowMs: 500 });
    expect(rateLimitFromArgs({ limit: ['2/1s', '60/1m'], block: '0', rateHeaders: 'ietf', limitChange: ['300:0.5:600'] }, 1000)).toEqual({
      limit: 2,
      windowMs: 1000,
      windows: [{ limit: 60, windowMs: 60_000 }],
      blockSeconds: 0,
      style: 'ietf',
      changes: [{ from: 301_000, until: 901_000, factor: 0.5 }],
    });
    expect(parseChange('10:2', 0)).toEqual({ from: 10_000, until: Infinity, factor: 2 });
    expect(rateLimitFromArgs({}, 0)).toEqual({});
    expect(describeRateLimit({ ...DEFAULT_RATE_LIMIT, windows: [{ limit: 1000, windowMs: 3_600_000 }] })).toBe(
      'Rate limit per key: 60 per 60 s and 1000 per 3600 s, blocked 30 s after a 429, answers in style "default"',
    );
  });

  it('refuses what it cannot read, saying what it wants', () => {
    for (const bad of ['6', '0/4s', '6/0s', '6/4d', '-1/4s', 'six/4s']) expect(() => parseLimit(bad)).toThrow(/--limit wants/);
    expect(() => parseChange('300:0', 0)).toThrow(/--limit-change/);
    expect(() => parseChange('soon:0.5', 0)).toThrow(/--limit-change/);
    expect(() => rateLimitFromArgs({ rateHeaders: 'loud' }, 0)).toThrow(/--rate-headers must be one of default, none/);
    expect(() => rateLimitFromArgs({ block: '-3' }, 0)).toThrow(/--block/);
  });
});

function start(args: string[]) {
  const proc = spawn(NODE, ['src/simulator/cli.ts', '--port', '0', ...args], { cwd: ROOT });
  let out = '';
  proc.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
  proc.stderr.setEncoding('utf8').on('data', (d: string) => (out += d));
  const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
  const ready = new Promise<string>((resolve, reject) => {
    proc.stdout.on('data', () => (out.includes('Press Ctrl+C') ? resolve(out) : undefined));
    void exited.then(() => reject(new Error(`exited: ${out}`)));
  });
  // A run that is meant to fail never awaits `ready`: its rejection is expected, not unhandled.
  ready.catch(() => undefined);
  return { proc, exited, ready, output: () => out };
}

describe('simulator CLI rate-limit flags', () => {
  it('serves the limit and header style it was given', async () => {
    const cli = start(['--limit', '2/4s', '--limit', '100/1m', '--block', '0', '--rate-headers', 'ietf']);
    try {
      const out = await cli.ready;
      expect(out).toContain('Rate limit per key: 2 per 4 s and 100 per 60 s, refused until a slot frees, answers in style "ietf"');
      const env = (name: string) => new RegExp(`^export ${name}=(\\S+)$`, 'm').exec(out)?.[1];
      const id = /^\s+(pay_[A-Za-z0-9]+)\s/m.exec(out)?.[1];
      const ask = () => fetch(`${env('PAYMON_CARD2CRYPTO_URL')}/payments/${id}`, { headers: { authorization: `Bearer ${env('CARD2CRYPTO_API_KEY')}` } });
      const first = await ask();
      expect(first.status).toBe(200);
      expect(first.headers.get('ratelimit-policy')).toBe('"w4";q=2;w=4, "w60";q=100;w=60');
      await ask();
      const refused = await ask();
      expect(refused.status).toBe(429);
      expect(refused.headers.get('ratelimit')).toMatch(/^"w4";r=0;t=[1-4]$/);
    } finally {
      cli.proc.kill('SIGTERM');
      await cli.exited;
    }
  });

  it('exits 2 with the usage on a bad limit', async () => {
    const cli = start(['--limit', '6 per 4s']);
    expect(await cli.exited).toBe(2);
    expect(cli.output()).toMatch(/--limit wants requests\/window[\s\S]*usage:/);
  });
});
