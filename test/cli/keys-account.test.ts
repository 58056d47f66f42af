/**
 * `paymon keys set` and the app's 'keys:set' refuse the same account names through one core
 * check (issue 12): the CLI used to store a keychain key under "env", the account the app keeps
 * for CARD2CRYPTO_API_KEY / PAYCRYPT_API_KEY. Nothing is read, verified or stored.
 */
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runKeys } from '../../src/cli/keys.ts';
import type { CliIO } from '../../src/cli/io.ts';
import { storedKeyAccount } from '../../src/core/secrets/accounts.ts';
import { MemoryStore } from '../../src/core/secrets/memory-store.ts';

function io(): CliIO & { out: () => string } {
  const stdout = new PassThrough();
  const chunks: Buffer[] = [];
  stdout.on('data', (c: Buffer) => chunks.push(c));
  // A data dir that must never be created: the refusal comes before the store opens.
  const env = { PAYMON_DATA_DIR: '/nonexistent/paymon-must-not-open' };
  return { stdin: new PassThrough(), stdout, stderr: new PassThrough(), env, out: () => Buffer.concat(chunks).toString() };
}

describe('the account a key is stored under', () => {
  it('is checked once in the core: a valid name that is not the environment’s', () => {
    expect(storedKeyAccount('shop-2')).toBe('shop-2');
    expect(() => storedKeyAccount('env')).toThrow('"env" is reserved for the environment variable key; choose another account name.');
    expect(() => storedKeyAccount('a:b')).toThrow(/An account name is 1 to 64/);
  });

  it('paymon keys set --account env is refused before anything is read or stored', async () => {
    const secrets = new MemoryStore();
    const cli = io();
    await expect(runKeys(['set', 'card2crypto', '--account', 'env'], cli, secrets)).rejects.toMatchObject({
      kind: 'invalid_input',
      message: '"env" is reserved for the environment variable key; choose another account name.',
    });
    expect(await secrets.list()).toEqual([]);
  });
});
