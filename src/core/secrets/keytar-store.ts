/**
 * The SecretStore on the OS keychain through keytar: libsecret/Secret Service on Linux, the
 * Keychain on macOS, the Credential Manager on Windows. The only file that loads keytar (lint rule).
 * Keys never fall back to a plaintext file: without a keychain every call throws
 * `keychain_unavailable`, and the user can still pass a key through the environment.
 */
import { PaymonError } from '../../shared/errors.ts';
import { PROVIDERS, type Provider } from '../../shared/payment.ts';
import { checkAddress } from './key-hygiene.ts';
import { ENV_KEYS } from './key-source.ts';
import { compareAddresses, type KeyAddress, type SecretStore } from './types.ts';

/** The keychain service name all Paymon keys are filed under (what Keychain Access / Seahorse show). */
export const KEYCHAIN_SERVICE = 'Paymon';

/** How long one keychain call may take; a locked keychain waiting on a prompt nobody sees must not hang the CLI. */
export const KEYCHAIN_TIMEOUT_MS = 5_000;

/** The part of keytar this store uses; injectable so the failure paths can be tested without a keychain. */
export interface KeytarApi {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
  findCredentials(service: string): Promise<Array<{ account: string; password: string }>>;
}

/** Options for KeytarStore; all optional. */
export interface KeytarStoreOptions {
  /** Keychain service name; tests use their own so they never touch real keys. */
  service?: string;
  /** Per-call timeout in milliseconds. */
  timeoutMs?: number;
  /** Loads keytar; defaults to a cached dynamic import. */
  load?: () => Promise<KeytarApi>;
  /** Platform whose setup help the error messages give; defaults to `process.platform`. */
  platform?: NodeJS.Platform;
}

/** The entry the lock probe writes and removes; without a provider prefix, list() never shows it. */
const LOCK_PROBE = 'paymon-lock-probe';

/** The npm package, named through a variable so that its absence breaks neither tsc nor the build. */
const KEYTAR_PACKAGE: string = 'keytar';

let cached: Promise<KeytarApi> | undefined;

/**
 * keytar is a native module that links libsecret on Linux: importing it lazily means the CLI's
 * commands that need no key, and `--help`, work on a machine where it cannot load.
 */
function loadKeytar(): Promise<KeytarApi> {
  if (cached) return cached;
  // keytar is CommonJS: under ESM its functions are on the default export. It is an optional
  // dependency that may be absent, so the specifier is a variable: neither tsc nor the bundler
  // may require it at build time, and Node resolves it at run time from node_modules.
  const loading = import(/* @vite-ignore */ KEYTAR_PACKAGE).then((mod) => (mod as { default?: KeytarApi }).default ?? (mod as KeytarApi));
  // A failed load is not kept, so installing libsecret does not need an app restart.
  loading.catch(() => {
    if (cached === loading) cached = undefined;
  });
  cached = loading;
  return loading;
}

/** Keys in the OS keychain under one service, one entry per `${provider}:${account}`. */
export class KeytarStore implements SecretStore {
  readonly service: string;
  readonly #timeoutMs: number;
  readonly #load: () => Promise<KeytarApi>;
  readonly #platform: NodeJS.Platform;

  constructor(opts: KeytarStoreOptions = {}) {
    this.service = opts.service ?? KEYCHAIN_SERVICE;
    this.#timeoutMs = opts.timeoutMs ?? KEYCHAIN_TIMEOUT_MS;
    this.#load = opts.load ?? loadKeytar;
    this.#platform = opts.platform ?? process.platform;
  }

  async get(address: KeyAddress): Promise<string | null> {
    const account = entryName(checkAddress(address));
    const key = await this.#call('read the key', (k) => k.getPassword(this.service, account));
    if (key === null) await this.#checkUnlocked();
    return key;
  }

  async set(address: KeyAddress, key: string): Promise<void> {
    const account = entryName(checkAddress(address));
    if (key === '') throw new PaymonError('invalid_input', 'Refusing to store an empty API key.');
    await this.#call('store the key', (k) => k.setPassword(this.service, account, key), key);
  }

  async delete(address: KeyAddress): Promise<boolean> {
    const account = entryName(checkAddress(address));
    const deleted = await this.#call('delete the key', (k) => k.deletePassword(this.service, account));
    if (!deleted) await this.#checkUnlocked();
    return deleted;
  }

  async list(): Promise<KeyAddress[]> {
    await this.#checkUnlocked();
    // keytar cannot list accounts without their passwords; the passwords are dropped at once.
    const found = await this.#call('list keys', (k) => k.findCredentials(this.service));
    return found
      .map((c) => parseEntryName(c.account))
      .filter((a): a is KeyAddress => a !== null)
      .sort(compareAddresses);
  }

  /**
   * On Linux, keytar 7.9 misreads a locked keyring: getPassword and deletePassword answer
   * "not there", and findCredentials crashes the whole process (it reads a NULL secret). Creating
   * an item is refused cleanly ("Cannot create an item in a locked collection"), so a throwaway
   * write tells a locked keyring from a missing key before list() and after a miss.
   */
  async #checkUnlocked(): Promise<void> {
    if (this.#platform !== 'linux') return;
    await this.#call('use the keyring', async (k) => {
      await k.setPassword(this.service, LOCK_PROBE, 'lock probe');
      await k.deletePassword(this.service, LOCK_PROBE);
    });
  }

  /** Run one keytar call with a timeout, turning every failure into `keychain_unavailable`. */
  async #call<T>(what: string, run: (k: KeytarApi) => Promise<T>, secret?: string): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`no answer from the keychain within ${this.#timeoutMs / 1000} s (locked, or waiting on a prompt?)`)),
        this.#timeoutMs,
      );
    });
    try {
      let keytar: KeytarApi;
      // A load failure is told apart from a load that hangs: only the first means keytar's native
      // module is missing or broken (an optional dependency whose build failed), with its own fix.
      const loaded = this.#load().catch((err: unknown) => {
        throw keytarLoadFailed(reasonOf(err, secret), this.#platform);
      });
      try {
        keytar = await Promise.race([loaded, timeout]);
      } catch (err) {
        if (err instanceof PaymonError) throw err;
        throw keychainUnavailable(`could not load keytar: ${reasonOf(err, secret)}`, this.#platform);
      }
      return await Promise.race([run(keytar), timeout]);
    } catch (err) {
      if (err instanceof PaymonError) throw err;
      throw keychainUnavailable(`could not ${what}: ${reasonOf(err, secret)}`, this.#platform);
    } finally {
      clearTimeout(timer);
    }
  }
}

/** The keychain entry name: several accounts per provider, and the provider readable in keychain UIs. */
function entryName(address: KeyAddress): string {
  return `${address.provider}:${address.account}`;
}

/** The address an entry name stands for, or null for an entry Paymon did not write. */
function parseEntryName(name: string): KeyAddress | null {
  const colon = name.indexOf(':');
  const provider = name.slice(0, colon);
  const account = name.slice(colon + 1);
  if (colon < 0 || account === '' || !(PROVIDERS as readonly string[]).includes(provider)) return null;
  return { provider: provider as Provider, account };
}

/** A short, key-free reason: the first line of the underlying error. */
function reasonOf(err: unknown, secret: string | undefined): string {
  let text = (err instanceof Error ? err.message : String(err)).split('\n')[0] ?? '';
  // keytar's messages come from the OS and should never hold the key; make sure.
  if (secret) text = text.replaceAll(secret, '[key]');
  return text.length > 200 ? `${text.slice(0, 200)}…` : text || 'unknown error';
}

/** What each platform needs for the keychain to work, for the error message. */
const SETUP_HELP: Partial<Record<NodeJS.Platform, string>> = {
  linux:
    'On Linux Paymon needs a Secret Service provider running in your session over D-Bus, such as ' +
    'gnome-keyring or KeePassXC (with Secret Service integration on), with its keyring unlocked, ' +
    'and libsecret (package libsecret-1-0; libsecret-1-dev to build Paymon from source).',
  darwin:
    'On macOS Paymon uses your login Keychain: unlock it in Keychain Access and allow Paymon when macOS asks.',
  win32: 'On Windows Paymon uses the Credential Manager: make sure the Credential Manager service is running.',
};

/**
 * How to get keytar's native module built, per platform. keytar is an optional dependency
 * (issue 10): where its prebuilt binary cannot be downloaded it builds from source, and on Linux
 * that needs libsecret's headers; a failed build leaves `npm install` green and keytar absent.
 */
const REBUILD_HELP: Partial<Record<NodeJS.Platform, string>> = {
  linux:
    'install libsecret (Debian/Ubuntu: sudo apt-get install libsecret-1-dev; Fedora: libsecret-devel) ' +
    'and rebuild with `npm rebuild keytar`',
  darwin: 'rebuild it with `npm rebuild keytar` (building needs the Xcode Command Line Tools: xcode-select --install)',
  win32: 'rebuild it with `npm rebuild keytar` (building needs the Visual Studio Build Tools with the C++ workload)',
};

/** The `keychain_unavailable` error for a keytar that could not be loaded: the load error in one line, and the fix. */
export function keytarLoadFailed(loadError: string, platform: NodeJS.Platform = process.platform): PaymonError {
  const help = REBUILD_HELP[platform] ?? 'rebuild it with `npm rebuild keytar`';
  return new PaymonError(
    'keychain_unavailable',
    `The OS keychain is unavailable: keytar could not be built/loaded: ${loadError}; ${help}. Paymon keeps ` +
      `API keys only in the keychain, never in a plain file; meanwhile, set ${ENV_KEYS.card2crypto} or ` +
      `${ENV_KEYS.paycrypt} in the environment.`,
  );
}

/** The `keychain_unavailable` error: what failed, what the platform needs, and the environment alternative. */
export function keychainUnavailable(reason: string, platform: NodeJS.Platform = process.platform): PaymonError {
  const help = SETUP_HELP[platform] ?? 'Paymon needs an OS keychain that keytar supports.';
  return new PaymonError(
    'keychain_unavailable',
    `The OS keychain is unavailable (${reason}). Paymon keeps API keys only in the keychain, never in a ` +
      `plain file. ${help} Alternatively, set ${ENV_KEYS.card2crypto} or ${ENV_KEYS.paycrypt} in the environment.`,
  );
}
