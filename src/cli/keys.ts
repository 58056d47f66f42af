/**
 * `paymon keys`: API keys in the OS keychain (issue 3). Keys are read from standard
 * input or a hidden prompt, never from arguments (shell history, process lists);
 * only masked forms are ever printed.
 */
import { parseArgs } from 'node:util';
import { PaymonError } from '../shared/errors.ts';
import { PROVIDERS, PROVIDER_LABELS, type Provider } from '../shared/payment.ts';
import { dataDir } from '../core/data-dir.ts';
import { ENV_ACCOUNT } from '../shared/accounts.ts';
import { keyBaseUrl, recordVerdict, storedKeyAccount, verifyAccountKey } from '../core/secrets/accounts.ts';
import { maskKey, normalizeApiKey, validateAccountName } from '../core/secrets/key-hygiene.ts';
import { forgetKeyHosts } from '../core/secrets/key-hosts.ts';
import { ENV_KEYS } from '../core/secrets/key-source.ts';
import { DEFAULT_ACCOUNT, type KeyAddress, type SecretStore } from '../core/secrets/types.ts';
import type { KeyVerdict } from '../core/secrets/verify.ts';
import { openStore, type AccountMeta, type PaymonStore } from '../core/store/index.ts';
import { line, UsageError, writeJsonLine, type CliIO } from './io.ts';
import { readSecret } from './secret-input.ts';
import { renderTable } from './table.ts';

/** Usage text for `paymon keys`. */
export const KEYS_USAGE = `Usage:
  paymon keys set <card2crypto|paycrypt> [--account NAME]   read a key from standard input (hidden prompt on a terminal)
  paymon keys list [--json]                                 keys in the keychain, masked, with their verification
  paymon keys remove <card2crypto|paycrypt> [--account NAME]
  paymon keys verify [card2crypto|paycrypt] [--json]        ask each provider whether it accepts the keys

Keys live in the OS keychain (service "Paymon"), one entry per provider and account
(account "default" unless --account names a shop). CARD2CRYPTO_API_KEY and PAYCRYPT_API_KEY override them.`;

/** One row of `keys list --json`. */
export interface KeyListing {
  provider: Provider;
  account: string;
  masked: string | null;
  verified: AccountMeta['verified'];
  checkedAt: string | null;
  source: 'keychain' | 'env';
}

/** Runs `paymon keys ...`; returns the exit code. */
export async function runKeys(args: string[], io: CliIO, secrets: SecretStore): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { account: { type: 'string' }, json: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h', default: false } },
    allowPositionals: true,
    strict: true,
  });
  const [action, providerArg, ...extra] = positionals;
  if (values.help || action === undefined) {
    io.stdout.write(`${KEYS_USAGE}\n`);
    return values.help ? 0 : 2;
  }
  if (extra.length > 0 && action === 'set') {
    throw new UsageError('the key is read from standard input or a hidden prompt, never from the command line (shell history and process lists would keep it)');
  }
  if (extra.length > 0) throw new UsageError('unexpected extra argument');
  const account = validateAccountName(values.account ?? DEFAULT_ACCOUNT);
  const withStore = <T>(fn: (store: PaymonStore) => Promise<T>): Promise<T> => {
    const { store, notices } = openStore(dataDir(io.env));
    for (const n of notices) io.stderr.write(line`paymon: ${n}\n`);
    return fn(store).finally(() => store.close());
  };
  switch (action) {
    case 'set': {
      // Never under the environment's account name, as in the app; checked before the store opens.
      const provider = requireProvider(providerArg);
      const to = storedKeyAccount(account);
      return withStore((store) => setKey(provider, to, io, secrets, store));
    }
    case 'list':
      if (providerArg !== undefined) throw new UsageError('keys list takes no provider');
      return withStore((store) => listKeys(io, secrets, store, values.json));
    case 'remove':
      return withStore((store) => removeKey(requireProvider(providerArg), account, io, secrets, store));
    case 'verify':
      return withStore((store) => verifyKeys(providerArg === undefined ? undefined : requireProvider(providerArg), io, secrets, store, values.json));
    default:
      throw new UsageError(`unknown keys action "${action}"`);
  }
}

function requireProvider(value: string | undefined): Provider {
  if (value !== undefined && (PROVIDERS as readonly string[]).includes(value)) return value as Provider;
  throw new UsageError(`name the provider: ${PROVIDERS.join(' or ')}`);
}

/** Verifies at the account's base URL, as the app does; a stored base URL gets a key only once its host was approved (issue 16). */
function verifyAt(store: PaymonStore, address: KeyAddress, key: string, io: CliIO): Promise<KeyVerdict> {
  return verifyAccountKey(store, io.env, address, key, { baseUrl: keyBaseUrl(store, io.env, address) });
}

function verdict(provider: Provider, v: KeyVerdict): string {
  if (v.verified === 'accepted') return `accepted by ${PROVIDER_LABELS[provider]}`;
  if (v.verified === 'rejected') return `REJECTED by ${PROVIDER_LABELS[provider]}`;
  return `not verified (${v.detail ?? 'no answer'})`;
}

async function setKey(provider: Provider, account: string, io: CliIO, secrets: SecretStore, store: PaymonStore): Promise<number> {
  const key = normalizeApiKey(provider, await readSecret(io, `${PROVIDER_LABELS[provider]} API key for "${account}" (input hidden): `));
  const v = await verifyAt(store, { provider, account }, key, io);
  if (v.verified === 'rejected') {
    io.stderr.write(line`paymon keys: ${PROVIDER_LABELS[provider]} rejected this key (${maskKey(key)}); it was not saved. ${v.detail ?? ''}\n`);
    return 1;
  }
  await secrets.set({ provider, account }, key);
  recordVerdict(store, { provider, account }, key, v);
  io.stdout.write(line`Saved ${PROVIDER_LABELS[provider]} key ${maskKey(key)} for account "${account}" in the keychain: ${verdict(provider, v)}.\n`);
  return 0;
}

async function listings(secrets: SecretStore, store: PaymonStore, io: CliIO): Promise<KeyListing[]> {
  const meta = store.listAccounts();
  const out: KeyListing[] = [];
  for (const provider of PROVIDERS) {
    const fromEnv = io.env[ENV_KEYS[provider]];
    if (fromEnv && fromEnv.trim()) {
      out.push({ provider, account: ENV_ACCOUNT, masked: maskKey(fromEnv.trim()), verified: 'unverified', checkedAt: null, source: 'env' });
    }
  }
  for (const address of await secrets.list()) {
    const m = meta.find((a) => a.provider === address.provider && a.account === address.account);
    const masked = m?.maskedKey ?? maskOf(await secrets.get(address));
    out.push({ ...address, masked, verified: m?.verified ?? 'unverified', checkedAt: m?.checkedAt ?? null, source: 'keychain' });
  }
  return out;
}

function maskOf(key: string | null): string | null {
  return key === null ? null : maskKey(key);
}

async function listKeys(io: CliIO, secrets: SecretStore, store: PaymonStore, json: boolean): Promise<number> {
  const rows = await listings(secrets, store, io);
  if (json) writeJsonLine(io.stdout, rows);
  else if (rows.length === 0) io.stdout.write('No keys. Add one with: paymon keys set card2crypto   (or paycrypt)\n');
  else {
    const table = rows.map((r) => [PROVIDER_LABELS[r.provider], r.account, r.masked ?? '?', r.verified, r.checkedAt ?? '-', r.source]);
    io.stdout.write(`${renderTable(['PROVIDER', 'ACCOUNT', 'KEY', 'VERIFIED', 'CHECKED', 'SOURCE'], table)}\n`);
  }
  return 0;
}

async function removeKey(provider: Provider, account: string, io: CliIO, secrets: SecretStore, store: PaymonStore): Promise<number> {
  const removed = await secrets.delete({ provider, account });
  store.removeAccount(provider, account);
  forgetKeyHosts(store, { provider, account });
  if (!removed) {
    io.stderr.write(line`paymon keys: no ${PROVIDER_LABELS[provider]} key for account "${account}" in the keychain\n`);
    return 1;
  }
  io.stdout.write(line`Removed the ${PROVIDER_LABELS[provider]} key for account "${account}" from the keychain.\n`);
  return 0;
}

async function verifyKeys(only: Provider | undefined, io: CliIO, secrets: SecretStore, store: PaymonStore, json: boolean): Promise<number> {
  const addresses = (await secrets.list()).filter((a) => !only || a.provider === only);
  if (addresses.length === 0) throw new PaymonError('no_key', 'No keys in the keychain to verify. Add one with: paymon keys set <provider>');
  let rejected = 0;
  for (const address of addresses) {
    const key = await secrets.get(address);
    if (key === null) continue;
    const v = await verifyAt(store, address, key, io);
    recordVerdict(store, address, key, v);
    if (v.verified === 'rejected') rejected++;
    if (json) writeJsonLine(io.stdout, { ...address, masked: maskKey(key), verified: v.verified, checkedAt: v.checkedAt, detail: v.detail });
    else io.stdout.write(line`${PROVIDER_LABELS[address.provider]} "${address.account}" ${maskKey(key)}: ${verdict(address.provider, v)}\n`);
  }
  return rejected > 0 ? 1 : 0;
}
