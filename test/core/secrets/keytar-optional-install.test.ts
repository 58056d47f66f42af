// `npm install` must stay green on a machine without libsecret's headers (issue 10). keytar falls
// back to building from source where its prebuilt binary cannot be downloaded, and that build
// needs libsecret-1 through pkg-config. A temp project declares keytar exactly as our package.json
// does, with pkg-config pointed at an empty folder and the prebuilt download turned off: the
// install must exit 0, keytar must be absent or unloadable, and KeytarStore must say why and what
// to do. On the old package.json (keytar in `dependencies`) the install fails, and so does this.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { KeytarStore, type KeytarApi } from '../../../src/core/secrets/keytar-store.ts';

interface Manifest {
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

const root = path.resolve(import.meta.dirname, '../../..');
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as Manifest;
const lock = JSON.parse(fs.readFileSync(path.join(root, 'package-lock.json'), 'utf8')) as {
  packages: Record<string, { version?: string } | undefined>;
};
const keytarVersion = lock.packages['node_modules/keytar']?.version;
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'paymon-keytar-install-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

/** Node's headers shipped in the bundled `node` package, so node-gyp gets as far as pkg-config offline. */
function nodeHeaders(): string | undefined {
  const candidates = [path.resolve(process.execPath, '../..')];
  const nested = path.join(root, 'node_modules', 'node', 'node_modules');
  if (fs.existsSync(nested)) candidates.push(...fs.readdirSync(nested).map((name) => path.join(nested, name)));
  return candidates.find((dir) => fs.existsSync(path.join(dir, 'include', 'node', 'node_api.h')));
}

/**
 * Our environment without what a parent `npm test` exports (npm_config_*, npm_package_*,
 * npm_lifecycle_*): the child npm reads the same npmrc files itself, and must behave the same
 * whether the tests were started by npm or by npx.
 */
function ownEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^npm_(config|package|lifecycle)_/.test(name)));
}

/** The part of npm's output a failure message should show. */
const tail = (text: string) => text.split('\n').slice(-15).join('\n');

const NETWORK = /ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENETUNREACH|network|offline|request to .* failed/i;

describe.skipIf(process.platform !== 'linux')('npm install without libsecret', () => {
  it('exits 0 with keytar left out, and the store names the cause and the fix', { timeout: 120_000 }, (ctx) => {
    if (!keytarVersion) throw new Error('package-lock.json has no node_modules/keytar entry');
    const npm = spawnSync('npm', ['--version'], { encoding: 'utf8' });
    if (npm.status !== 0) ctx.skip(`npm is not on PATH: ${String(npm.error ?? npm.stderr)}`);

    // The locked keytar, from npm's cache or the registry.
    const packed = spawnSync(
      'npm',
      ['pack', `keytar@${keytarVersion}`, '--prefer-offline', '--silent', '--pack-destination', work],
      { encoding: 'utf8', timeout: 45_000, env: ownEnv() },
    );
    if (packed.status !== 0) ctx.skip(`npm's registry and cache cannot supply keytar@${keytarVersion}: ${tail(packed.stderr ?? String(packed.error)).trim()}`);
    const tarball = packed.stdout.trim().split('\n').pop() ?? '';

    // keytar declared the way our package.json declares it.
    const group = (['dependencies', 'optionalDependencies', 'devDependencies'] as const).find((g) => manifest[g]?.keytar);
    expect(group, 'keytar is declared in package.json').toBeDefined();
    const project = path.join(work, 'project');
    fs.mkdirSync(project);
    fs.writeFileSync(
      path.join(project, 'package.json'),
      JSON.stringify({ name: 'keytar-install-probe', version: '1.0.0', private: true, [group!]: { keytar: `file:../${tarball}` } }),
    );
    const noPkgConfig = path.join(work, 'no-pkgconfig');
    fs.mkdirSync(noPkgConfig);
    const headers = nodeHeaders();
    const env: NodeJS.ProcessEnv = {
      ...ownEnv(),
      PKG_CONFIG_LIBDIR: noPkgConfig, // pkg-config finds no libsecret-1.pc
      PKG_CONFIG_PATH: '',
      npm_config_build_from_source: 'true', // prebuild-install must not download a binary
      npm_config_audit: 'false',
      npm_config_fund: 'false',
      npm_config_update_notifier: 'false',
      ...(headers ? { npm_config_nodedir: headers } : {}),
    };
    const install = spawnSync('npm', ['install', '--prefer-offline', '--foreground-scripts'], {
      cwd: project,
      env,
      encoding: 'utf8',
      timeout: 90_000,
    });
    const output = `${install.stdout ?? ''}\n${install.stderr ?? ''}`;
    if (install.status !== 0 && NETWORK.test(output)) ctx.skip(`npm could not reach its registry: ${tail(output).trim()}`);
    expect(install.status, `npm install failed:\n${tail(output)}`).toBe(0);
    // The build was tried and failed for the reason under test (where node-gyp had headers offline).
    if (headers) expect(output).toMatch(/libsecret-1/);

    const requireHere = createRequire(path.join(project, 'package.json'));
    const load = async () => requireHere('keytar') as KeytarApi;
    let loaded = true;
    try {
      requireHere('keytar');
    } catch {
      loaded = false;
    }
    expect(loaded, 'keytar must be absent or unloadable after its build failed').toBe(false);

    return new KeytarStore({ load, platform: 'linux' }).get({ provider: 'card2crypto', account: 'default' }).then(
      () => expect.unreachable('the store must not work without keytar'),
      (err: unknown) => {
        expect((err as Error).message).toMatch(
          /keytar could not be built\/loaded: Cannot find module 'keytar'[^;]*; install libsecret \(Debian\/Ubuntu: sudo apt-get install libsecret-1-dev; Fedora: libsecret-devel\) and rebuild with `npm rebuild keytar`/,
        );
      },
    );
  });
});
