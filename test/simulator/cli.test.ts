import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const NODE = `${ROOT}node_modules/.bin/node`;
let child: ChildProcessWithoutNullStreams | null = null;

afterEach(() => {
  if (child !== null && child.exitCode === null) child.kill('SIGKILL');
  child = null;
});

function run(args: string[]) {
  const proc = spawn(NODE, ['src/simulator/cli.ts', ...args], { cwd: ROOT });
  child = proc;
  let out = '';
  let err = '';
  proc.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
  proc.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
  const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
  const printed = (marker: string) =>
    new Promise<string>((resolve, reject) => {
      const check = () => (out.includes(marker) ? resolve(out) : undefined);
      proc.stdout.on('data', check);
      void exited.then(() => reject(new Error(`exited before printing "${marker}": ${out}${err}`)));
      check();
    });
  return { proc, exited, printed, output: () => out + err };
}

describe('simulator CLI', () => {
  it('prints URLs, keys, env vars and IDs, serves them, and stops on SIGTERM', async () => {
    const cli = run(['--port', '0', '--seed', '7']);
    const out = await cli.printed('Press Ctrl+C');
    const env = (name: string) => new RegExp(`^export ${name}=(\\S+)$`, 'm').exec(out)?.[1];
    const c2cUrl = env('PAYMON_CARD2CRYPTO_URL');
    const pcUrl = env('PAYMON_PAYCRYPT_URL');
    const c2cKey = env('CARD2CRYPTO_API_KEY');
    expect(c2cUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/card2crypto\/api\/v1$/);
    expect(pcUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/paycrypt$/);
    expect(c2cKey).toMatch(/^c2c_test_/);
    expect(env('PAYCRYPT_API_KEY')).toMatch(/^sk_test_/);
    const c2cId = /^\s+(pay_[A-Za-z0-9]+)\s/m.exec(out)?.[1];
    const pcId = /^\s+([0-9a-f-]{36})\s/m.exec(out)?.[1];
    expect(c2cId).toBeDefined();
    expect(pcId).toBeDefined();

    const res = await fetch(`${c2cUrl}/payments/${c2cId}`, { headers: { authorization: `Bearer ${c2cKey}` } });
    expect(res.status).toBe(200);
    const pc = await fetch(`${pcUrl}/payment/status?payment_id=${pcId}`, { headers: { authorization: `Bearer ${env('PAYCRYPT_API_KEY')}` } });
    expect(await pc.json()).toMatchObject({ payment_id: pcId });

    cli.proc.kill('SIGTERM');
    expect(await cli.exited).toBe(0);
    expect(cli.output()).toContain('Simulator stopped (SIGTERM)');
  });

  it('prints the same IDs for the same seed', async () => {
    const ids = async () => {
      const cli = run(['--port', '0', '--seed', '99', '--count', '4']);
      const out = await cli.printed('Press Ctrl+C');
      cli.proc.kill('SIGINT');
      expect(await cli.exited).toBe(0);
      return out.match(/pay_[A-Za-z0-9]{16}|[0-9a-f]{8}-[0-9a-f-]{27}/g);
    };
    const first = await ids();
    expect(first).toHaveLength(4);
    expect(await ids()).toEqual(first);
  });

  it('rejects a bad option with exit code 2', async () => {
    const cli = run(['--port', 'eighty']);
    expect(await cli.exited).toBe(2);
    expect(cli.output()).toMatch(/--port must be an integer/);
  });
});
