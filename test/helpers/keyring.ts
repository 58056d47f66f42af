/**
 * A private, throwaway Secret Service for the keychain tests: its own D-Bus session bus and
 * gnome-keyring-daemon, with HOME and the XDG dirs in a temp dir, so the user's real keyring
 * is never touched. Linux only; reports a skip reason when the daemons are not installed.
 *
 * Why keytar runs in child processes (runKeytarChild) and not in the vitest worker:
 * - libsecret reads DBUS_SESSION_BUS_ADDRESS once, on its first connection, and keeps that
 *   connection for the life of the process. A child per batch of calls gets exactly the bus we
 *   give it, and the "no Secret Service" tests can use a different bus in the same test file.
 * - The child gets only the private environment, not `process.env`: the worker inherits the
 *   developer's own session bus, and setting `process.env` inside a worker thread (pool
 *   'threads') does not reach native code, so libsecret would silently use the real keyring.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants, existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { KeytarOpResult, KeytarProgram } from './keytar-child.ts';

/** A running test keyring: `env` is the whole environment a keytar child must get. */
export interface TestKeyring {
  env: Record<string, string>;
  /** The temp HOME; the keyring file is `${home}/.local/share/keyrings/login.keyring`. */
  home: string;
  /** Kills both daemons and deletes the temp dir. Safe to call twice. */
  stop(): Promise<void>;
}

/** Unlocks (and on first start, creates) the throwaway login keyring. */
const PASSWORD = 'paymon-test-keyring';
const STARTUP_MS = 10_000;

function findBinary(name: string): string | null {
  const dirs = [...(process.env.PATH ?? '').split(delimiter), '/usr/bin', '/usr/sbin', '/bin'];
  for (const dir of dirs.filter(Boolean)) {
    try {
      accessSync(join(dir, name), constants.X_OK);
      return join(dir, name);
    } catch {
      // not in this dir
    }
  }
  return null;
}

/**
 * Start a private bus and (unless `secretService: false`, for "bus but no keyring" tests)
 * gnome-keyring with an unlocked login keyring. Returns `{ skipped }` when that is impossible here.
 */
export async function startTestKeyring(
  opts: { secretService?: boolean } = {},
): Promise<TestKeyring | { skipped: string }> {
  if (process.platform !== 'linux') return { skipped: 'the test keyring uses gnome-keyring (Linux only)' };
  const wantKeyring = opts.secretService !== false;
  const bins = { bus: findBinary('dbus-daemon'), send: findBinary('dbus-send'), gkd: findBinary('gnome-keyring-daemon') };
  const missing = Object.entries({ 'dbus-daemon': bins.bus, 'dbus-send': bins.send, 'gnome-keyring-daemon': bins.gkd })
    .filter(([name, path]) => path === null && (wantKeyring || name !== 'gnome-keyring-daemon'))
    .map(([name]) => name);
  if (missing.length > 0) return { skipped: `not installed: ${missing.join(', ')} (apt install dbus gnome-keyring)` };

  const home = await mkdtemp(join(tmpdir(), 'paymon-keyring-'));
  const runtime = join(home, 'run');
  await mkdir(runtime, { mode: 0o700 });
  const children: ChildProcess[] = [];
  const stop = async (): Promise<void> => {
    // Keyring first, so it does not log the bus vanishing; then the bus.
    for (const child of children.splice(0).reverse()) await kill(child);
    await rm(home, { recursive: true, force: true });
  };
  try {
    // Our own config, not the system session.conf: no service dirs, so the bus can never
    // auto-start the user's gnome-keyring or a password prompter (which would outlive the test).
    const config = join(home, 'bus.conf');
    await writeFile(
      config,
      `<busconfig><type>session</type><listen>unix:dir=${xml(runtime)}</listen><auth>EXTERNAL</auth>` +
        '<policy context="default"><allow send_destination="*" eavesdrop="true"/><allow eavesdrop="true"/>' +
        '<allow own="*"/></policy></busconfig>',
    );
    const base = {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: home,
      XDG_DATA_HOME: join(home, '.local', 'share'),
      XDG_CONFIG_HOME: join(home, '.config'),
      XDG_CACHE_HOME: join(home, '.cache'),
      XDG_RUNTIME_DIR: runtime,
    };
    const bus = spawn(bins.bus!, [`--config-file=${config}`, '--nofork', '--print-address=1'], {
      env: base,
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    children.push(bus);
    const address = (await firstLine(bus)).trim();
    const env = { ...base, DBUS_SESSION_BUS_ADDRESS: address };

    if (wantKeyring) {
      // --foreground keeps it our child (killable by pid); --unlock reads the password on stdin
      // and creates the 'login' keyring, the default collection, so writes never need a prompt.
      const keyring = spawn(
        bins.gkd!,
        ['--foreground', '--components=secrets', '--unlock', `--control-directory=${join(runtime, 'keyring')}`],
        { env, stdio: ['pipe', 'ignore', 'ignore'] },
      );
      children.push(keyring);
      keyring.stdin?.end(PASSWORD);
      await waitFor(async () => (await nameHasOwner(env)) && existsSync(keyringFile(home)), keyring);
    }
    return { env, home, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** The encrypted keyring file gnome-keyring writes the test keys to. */
export function keyringFile(home: string): string {
  return join(home, '.local', 'share', 'keyrings', 'login.keyring');
}

/** Lock the login keyring, as after a screen lock or a login that did not unlock it. Unlocking needs a prompt, so use a keyring of its own. */
export async function lockTestKeyring(keyring: TestKeyring): Promise<void> {
  const reply = await dbusSend(keyring.env, 'org.freedesktop.secrets', '/org/freedesktop/secrets',
    'org.freedesktop.Secret.Service.Lock', 'array:objpath:/org/freedesktop/secrets/collection/login');
  if (!reply.includes('/collection/login')) throw new Error(`could not lock the test keyring: ${reply}`);
}

const CHILD = fileURLToPath(new URL('./keytar-child.ts', import.meta.url));

/** Run KeytarStore operations in a fresh Node process that sees only `env` (see the header). */
export async function runKeytarChild(env: Record<string, string>, program: KeytarProgram): Promise<KeytarOpResult[]> {
  // process.execPath is the Node 24 running vitest, the one keytar's native module is built for.
  const child = spawn(process.execPath, ['--disable-warning=ExperimentalWarning', CHILD], {
    env,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString('utf8')));
  child.stderr.on('data', (d: Buffer) => (err += d.toString('utf8')));
  child.stdin.end(JSON.stringify(program));
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  clearTimeout(timer);
  if (code !== 0) throw new Error(`keytar child exited with ${code}: ${err.trim()}`);
  return JSON.parse(out) as KeytarOpResult[];
}

async function nameHasOwner(env: Record<string, string>): Promise<boolean> {
  const reply = await dbusSend(env, 'org.freedesktop.DBus', '/org/freedesktop/DBus',
    'org.freedesktop.DBus.NameHasOwner', 'string:org.freedesktop.secrets');
  return /boolean true/.test(reply);
}

/** One D-Bus method call on the test bus; resolves with the printed reply ('' on error). */
async function dbusSend(env: Record<string, string>, dest: string, path: string, method: string, ...args: string[]): Promise<string> {
  const child = spawn(findBinary('dbus-send') ?? 'dbus-send', ['--session', '--print-reply', `--dest=${dest}`, path, method, ...args], {
    env,
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString('utf8')));
  await new Promise((resolve) => child.on('close', resolve));
  return out;
}

async function waitFor(ready: () => Promise<boolean>, daemon: ChildProcess): Promise<void> {
  const deadline = Date.now() + STARTUP_MS;
  while (!(await ready())) {
    if (daemon.exitCode !== null) throw new Error(`gnome-keyring-daemon exited with ${daemon.exitCode}`);
    if (Date.now() > deadline) throw new Error('gnome-keyring-daemon did not come up on the test bus');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function firstLine(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let buf = '';
    const timer = setTimeout(() => reject(new Error('dbus-daemon printed no address')), STARTUP_MS);
    child.stdout?.on('data', (d: Buffer) => {
      buf += d.toString('utf8');
      if (buf.includes('\n')) {
        clearTimeout(timer);
        resolve(buf.slice(0, buf.indexOf('\n')));
      }
    });
    child.on('exit', (code) => reject(new Error(`dbus-daemon exited with ${code}`)));
  });
}

/** SIGTERM, then SIGKILL if it lingers; resolves once the process is gone. */
async function kill(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const gone = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 3_000);
  await gone;
  clearTimeout(timer);
}

function xml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
