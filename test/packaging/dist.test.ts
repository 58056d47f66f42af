/**
 * `npm run dist` for Linux, for real: electron-vite build and electron-builder with the project's
 * electron-builder.yml, in a fresh copy of the project, fetching Electron from a stand-in release
 * on a loopback mirror (ELECTRON_MIRROR, checksums from its SHASUMS256.txt). Then what a user
 * would get is checked: the app in app.asar and nothing else, keytar unpacked and loadable, the
 * icons, the fuses flipped in the packaged binary, the `paymon` launcher, and the deb: its control
 * fields, desktop entry, and its scripts installing /usr/bin/paymon (run in a private namespace).
 * Targets: `dir` and `deb` (fpm replaced by fpm-deb.sh on dpkg-deb); AppImage needs tools only
 * GitHub releases serve (appimagetool's runtime), so it is built in the release workflow only.
 */
import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { extractFile, listPackage } from '@electron/asar';
import { FuseV1Options, getCurrentFuseWire } from '@electron/fuses';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeFreshCopy, PROJECT_ROOT, readLaunches, startElectronMirror, type ElectronMirror, type FreshCopy } from '../helpers/electron-mirror.ts';
import { startServer } from '../helpers/http-server.ts';
import { CLI_MARKER, cliModeArgs } from '../../src/main/cli-args.ts';
import { appImageTools, builderEnv, RUNTIME_SIZE, runTool, standInReleaseWithFuses, type RunResult } from './linux-package.ts';

const KEYTAR_NODE = join(PROJECT_ROOT, 'node_modules', 'keytar', 'build', 'Release', 'keytar.node');
const skipReason = process.platform !== 'linux' ? 'electron-builder --linux is tested on Linux' : null;
const FPM_STAND_IN = join(import.meta.dirname, 'fpm-deb.sh');
const DEB_INSTALL = join(import.meta.dirname, 'deb-install.sh');
const hasDpkgDeb = spawnSync('dpkg-deb', ['--version']).status === 0;
const debSkip = hasDpkgDeb ? null : 'dpkg-deb is not installed (Debian/Ubuntu have it)';
/** Whether this user may make a private user and mount namespace (to run the deb's scripts). */
const namespaceSkip =
  debSkip ?? (spawnSync('unshare', ['-rm', 'true']).status === 0 ? null : 'unshare -rm is not permitted here (no unprivileged user namespaces)');
const skipped = (reason: string | null): string => (reason ? ` (skipped: ${reason})` : '');
const pkg = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as {
  version: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
};
/**
 * A stand-in `electron` module for running the main bundle under Node: what CLI mode may use
 * works; everything that belongs to the window side fails loudly with "GUI: <what>".
 */
const ELECTRON_STUB = `
const gui = (what) => () => { process.stderr.write('GUI: ' + what + '\\n'); process.exit(70); };
const guiClass = (what) => class { constructor() { gui(what)(); } };
export const app = {
  isPackaged: true,
  setName() {}, setPath() {}, setAppUserModelId() {},
  getAppPath: () => process.cwd(),
  getPath: () => process.cwd(),
  exit: (code) => process.exit(code),
  quit: gui('quit'),
  requestSingleInstanceLock: gui('requestSingleInstanceLock'),
  whenReady: gui('whenReady'),
  on: gui('app.on'),
};
export const BrowserWindow = guiClass('BrowserWindow');
export const Tray = guiClass('Tray');
export const Notification = guiClass('Notification');
export const Menu = { buildFromTemplate: gui('Menu'), setApplicationMenu: gui('Menu') };
export const dialog = { showErrorBox: gui('dialog'), showMessageBox: gui('dialog') };
export const ipcMain = { handle: gui('ipcMain'), on: gui('ipcMain') };
export const nativeImage = { createFromPath: gui('nativeImage') };
export const net = { isOnline: () => true };
export const powerMonitor = { on: gui('powerMonitor') };
export const session = {};
export const shell = { openExternal: gui('shell') };
export const protocol = { registerSchemesAsPrivileged() {}, handle: gui('protocol') };
export const clipboard = { readText: gui('clipboard') };
export const globalShortcut = { register: gui('globalShortcut'), unregister: gui('globalShortcut'), unregisterAll: gui('globalShortcut') };
export default { app, BrowserWindow, Tray, Notification, Menu, dialog, ipcMain, nativeImage, net, powerMonitor, session, shell, protocol, clipboard, globalShortcut };
`;

/** Debian's name for this machine's architecture, as in the deb's file name. */
const DEB_ARCH = ({ x64: 'amd64', arm64: 'arm64', ia32: 'i386', arm: 'armv7l' } as Record<string, string>)[process.arch] ?? process.arch;
/** What the app may ship in node_modules: its run-time dependencies, never devDependencies. */
const RUNTIME_DEPS = [...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.optionalDependencies ?? {})].sort();

describe.skipIf(skipReason !== null)(`npm run dist --linux dir deb AppImage${skipped(skipReason)}`, () => {
  let copy: FreshCopy;
  let mirror: ElectronMirror;
  let vite: RunResult;
  let builder: RunResult;
  let appDir: string;
  let asar: string;
  let recordFile: string;
  let toolsDir: string;
  let appImageSkip: string | null = 'not built';

  beforeAll(async () => {
    // A space in the path: packaging tools that split paths on spaces fail here, not on users' machines.
    copy = makeFreshCopy({ prefix: 'paymon dist ' });
    recordFile = join(copy.dir, '..', `${copy.dir.split('/').pop() ?? 'x'}-launches.txt`);
    mirror = await startElectronMirror({ files: standInReleaseWithFuses(recordFile) });
    toolsDir = mkdtempSync(join(tmpdir(), 'paymon-appimage-tools-'));
    const tools = appImageTools(toolsDir);
    appImageSkip = 'skip' in tools ? tools.skip : null;
    const env = {
      ...builderEnv(mirror.url, join(copy.dir, '.test-cache')),
      CUSTOM_FPM_PATH: FPM_STAND_IN,
      ...('path' in tools ? { APPIMAGE_TOOLS_PATH: tools.path } : {}),
    };
    // The copy's node_modules entries are symlinks to the real ones: a native rebuild would rewrite
    // (and here, unable to fetch Electron's headers, delete) the checkout's own keytar build.
    if (!/^npmRebuild:\s*false\b/m.test(readFileSync(join(copy.dir, 'electron-builder.yml'), 'utf8'))) {
      throw new Error('electron-builder.yml must keep "npmRebuild: false" (see its comment); not building, to protect node_modules');
    }
    vite = await runTool(join(copy.dir, 'node_modules', '.bin', 'electron-vite'), ['build'], copy.dir, env);
    if (vite.code !== 0) return;
    const targets = ['dir', ...(hasDpkgDeb ? ['deb'] : []), ...(appImageSkip === null ? ['AppImage'] : [])];
    builder = await runTool(join(copy.dir, 'node_modules', '.bin', 'electron-builder'), ['--linux', ...targets, '--publish', 'never'], copy.dir, env);
    appDir = join(copy.dir, 'dist', 'linux-unpacked');
    asar = join(appDir, 'resources', 'app.asar');
  }, 600_000);

  afterAll(async () => {
    await mirror?.close();
    copy?.remove();
    if (toolsDir) rmSync(toolsDir, { recursive: true, force: true });
  });

  it('builds with the project config, fetching Electron and its checksums from the mirror, rebuilding nothing', () => {
    expect(vite.code, vite.output).toBe(0);
    expect(builder.code, builder.output).toBe(0);
    expect(mirror.requests.map((r) => r.url)).toEqual([`/v${mirror.version}/${mirror.zipName}`, `/v${mirror.version}/SHASUMS256.txt`]);
    // keytar is N-API: no rebuild against Electron's headers (which would need electronjs.org).
    expect(builder.output).toContain('npmRebuild is set to false');
    expect(existsSync(join(appDir, 'paymon'))).toBe(true);
  });

  it('ships the built app in app.asar: main, preload, renderer, package.json with main', () => {
    const files = listPackage(asar, { isPack: false }).map((f) => f.replaceAll('\\', '/'));
    for (const f of ['/out/main/index.js', '/out/preload/index.cjs', '/out/renderer/index.html', '/package.json']) expect(files).toContain(f);
    const shipped = JSON.parse(extractFile(asar, 'package.json').toString()) as { main: string; type: string };
    expect(shipped.main).toBe('out/main/index.js');
    expect(shipped.type).toBe('module');
    expect(files.some((f) => f.startsWith('/out/renderer/assets/') && f.endsWith('.js'))).toBe(true);
  });

  it('ships nothing else: no sources, tests, source maps, dev dependencies or build-only files', () => {
    const files = listPackage(asar, { isPack: false }).map((f) => f.replaceAll('\\', '/'));
    const modules = new Set(files.filter((f) => f.startsWith('/node_modules/')).map((f) => f.split('/')[2]));
    expect([...modules].sort()).toEqual(RUNTIME_DEPS);
    const outside = files.filter(
      (f) =>
        !/^\/(out|out\/(main|preload|renderer)(\/.*)?|node_modules(\/.*)?|resources|package\.json)$/.test(f) &&
        !/^\/resources\/(icon|tray|tray@2x|trayTemplate|trayTemplate@2x)\.png$/.test(f),
    );
    expect(outside).toEqual([]);
    expect(files.filter((f) => f.endsWith('.map') || (f.endsWith('.ts') && !f.endsWith('.d.ts')))).toEqual([]);
  });

  it('the main bundle needs only Node built-ins, electron and the shipped dependencies (the demo simulator is bundled in)', () => {
    const main = extractFile(asar, 'out/main/index.js').toString();
    const specifiers = [...main.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*)["']([^"']+)["']/g)].map((m) => m[1] ?? '');
    expect(specifiers.length).toBeGreaterThan(0);
    const allowed = (s: string): boolean =>
      s === 'electron' || s.startsWith('node:') || builtinModules.includes(s) || RUNTIME_DEPS.includes(s) || s.startsWith('./');
    expect(specifiers.filter((s) => !allowed(s))).toEqual([]);
    // Relative imports stay inside the bundle's own chunks.
    for (const s of specifiers.filter((x) => x.startsWith('./'))) expect(listPackage(asar, { isPack: false })).toContain(`/out/main/${s.slice(2)}`);
    // Demo mode runs the simulator in-process: it is part of the bundle, not a file beside it.
    expect(main).toContain('Simulator');
  });

  it.skipIf(!existsSync(KEYTAR_NODE))(
    `unpacks keytar's native module next to app.asar, and it loads (N-API)${skipped(existsSync(KEYTAR_NODE) ? null : 'keytar was not built by npm install')}`,
    () => {
      const unpacked = join(appDir, 'resources', 'app.asar.unpacked', 'node_modules', 'keytar');
      expect(existsSync(join(unpacked, 'build', 'Release', 'keytar.node'))).toBe(true);
      // Loaded from the unpacked copy with this Node 24: an N-API module loads the same in Electron.
      const require = createRequire(join(appDir, 'resources', 'app.asar.unpacked', 'x.js'));
      const keytar = require(join(unpacked, 'lib', 'keytar.js')) as Record<string, unknown>;
      expect(typeof keytar['getPassword']).toBe('function');
      expect(typeof keytar['findCredentials']).toBe('function');
    },
  );

  it('unpacks the icons the app loads by file path (window, notifications, tray)', () => {
    for (const icon of ['icon.png', 'tray.png', 'tray@2x.png', 'trayTemplate.png', 'trayTemplate@2x.png']) {
      const file = join(appDir, 'resources', 'app.asar.unpacked', 'resources', icon);
      expect(statSync(file).size, icon).toBeGreaterThan(0);
      expect(readFileSync(file).subarray(1, 4).toString(), icon).toBe('PNG');
    }
  });

  it('flips the security fuses in the packaged binary', async () => {
    const wire = await getCurrentFuseWire(join(appDir, 'paymon'));
    const on = 49; // '1'
    const off = 48; // '0'
    expect(wire[FuseV1Options.RunAsNode]).toBe(off);
    expect(wire[FuseV1Options.EnableNodeOptionsEnvironmentVariable]).toBe(off);
    expect(wire[FuseV1Options.EnableNodeCliInspectArguments]).toBe(off);
    expect(wire[FuseV1Options.EnableEmbeddedAsarIntegrityValidation]).toBe(on);
    expect(wire[FuseV1Options.OnlyLoadAppFromAsar]).toBe(on);
    expect(wire[FuseV1Options.EnableCookieEncryption]).toBe(on);
    // Fuses not configured keep Electron's defaults.
    expect(wire[FuseV1Options.LoadBrowserProcessSpecificV8Snapshot]).toBe(off);
    expect(wire[FuseV1Options.GrantFileProtocolExtraPrivileges]).toBe(on);
  });

  it('ships the paymon launcher, executable, and it starts the packaged binary in CLI mode', async () => {
    const launcher = join(appDir, 'resources', 'bin', 'paymon');
    accessSync(launcher, constants.X_OK);
    expect(existsSync(join(appDir, 'resources', 'bin', 'paymon.cmd'))).toBe(true);
    const before = readLaunches(recordFile).length;
    const run = await runTool(launcher, ['check', '--json', 'pay_abc123xyz789'], appDir, { PATH: process.env['PATH'] ?? '/usr/bin:/bin' });
    expect(run.code, run.output).toBe(0);
    const launches = readLaunches(recordFile).slice(before);
    expect(launches).toHaveLength(1);
    const argv = launches[0]?.argv ?? [];
    expect(argv).toContain(CLI_MARKER);
    expect(cliModeArgs([join(appDir, 'paymon'), ...argv])).toEqual(['check', '--json', 'pay_abc123xyz789']);
  });
  it('the built main runs the CLI in CLI mode before any window, lock or tray (Electron stubbed, under Node 24)', async () => {
    // The bundle electron-builder packed, run by Node with a stand-in `electron` module whose GUI
    // parts throw: CLI mode must finish without touching them, with the CLI's output and exit code.
    const app = mkdtempSync(join(tmpdir(), 'paymon-main-'));
    const api = await startServer((req, res) => {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: 'Payment not found' }));
    });
    try {
      mkdirSync(join(app, 'out', 'main'), { recursive: true });
      writeFileSync(join(app, 'out', 'main', 'index.js'), extractFile(asar, 'out/main/index.js'));
      writeFileSync(join(app, 'package.json'), extractFile(asar, 'package.json'));
      mkdirSync(join(app, 'node_modules', 'electron'), { recursive: true });
      writeFileSync(join(app, 'node_modules', 'electron', 'package.json'), JSON.stringify({ name: 'electron', type: 'module', main: 'index.js' }));
      writeFileSync(join(app, 'node_modules', 'electron', 'index.js'), ELECTRON_STUB);
      for (const dep of RUNTIME_DEPS) {
        const real = join(PROJECT_ROOT, 'node_modules', dep);
        if (existsSync(real)) symlinkSync(real, join(app, 'node_modules', dep));
      }
      const node = join(PROJECT_ROOT, 'node_modules', '.bin', 'node');
      const main = join(app, 'out', 'main', 'index.js');
      const env = { PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: app, PAYMON_DATA_DIR: join(app, 'data') };

      const help = await runTool(node, [main, CLI_MARKER, '--', 'help'], app, env);
      expect(help.stderr).not.toContain('GUI');
      expect(help.code, help.stderr).toBe(0);
      expect(help.stdout).toContain('Usage: paymon <command>');

      const checkEnv = { ...env, CARD2CRYPTO_API_KEY: 'c2c_test_0123456789abcdef', PAYMON_CARD2CRYPTO_URL: `${api.url}/api/v1` };
      const check = await runTool(node, [main, CLI_MARKER, '--', 'check', '--json', '-'], app, checkEnv, 'Ticket 4411: paid with pay_abc123xyz789\n');
      expect(check.stderr).not.toContain('GUI');
      expect(check.code, check.stderr).toBe(1);
      const line = JSON.parse(check.stdout.trim().split('\n')[0] ?? '{}') as { input?: string; error?: { kind?: string } };
      expect(line.input).toBe('pay_abc123xyz789');
      expect(line.error?.kind).toBe('not_found');
      expect(api.requests.some((r) => r.url.includes('pay_abc123xyz789'))).toBe(true);

      // Without the marker the same bundle starts the app: it asks for the single-instance lock.
      const gui = await runTool(node, [main], app, env);
      expect(gui.stderr).toContain('GUI: requestSingleInstanceLock');
    } finally {
      await api.close();
      rmSync(app, { recursive: true, force: true });
    }
  });

  describe.skipIf(debSkip !== null)(`the deb${skipped(debSkip)}`, () => {
    const deb = (): string => join(copy.dir, 'dist', `paymon_${pkg.version}_${DEB_ARCH}.deb`);
    const field = (name: string): string => spawnSync('dpkg-deb', ['-f', deb(), name], { encoding: 'utf8' }).stdout.trim();

    it('names the libraries the app needs at run time, a homepage and a maintainer', () => {
      expect(existsSync(deb()), builder.output).toBe(true);
      expect(field('Package')).toBe('paymon');
      expect(field('Depends').split(', ')).toEqual(expect.arrayContaining(['libsecret-1-0', 'libnotify4', 'libnss3']));
      expect(field('Homepage')).toMatch(/^https:\/\//);
      expect(field('Maintainer')).toMatch(/<.+@.+>/);
    });

    it('installs the app in /opt/Paymon with a desktop entry that starts the window, and an icon', () => {
      const list = spawnSync('dpkg-deb', ['-c', deb()], { encoding: 'utf8' }).stdout;
      expect(list).toMatch(/^-rwxr-xr-x .* \.\/opt\/Paymon\/paymon$/m);
      expect(list).toMatch(/^-rwxr-xr-x .* \.\/opt\/Paymon\/resources\/bin\/paymon$/m);
      expect(list).toContain('./opt/Paymon/resources/app.asar');
      expect(list).toMatch(/\.\/usr\/share\/icons\/hicolor\/\d+x\d+\/apps\/paymon\.png$/m);
      const desktop = spawnSync('sh', ['-c', 'dpkg-deb --fsys-tarfile "$1" | tar -xO ./usr/share/applications/paymon.desktop', 'sh', deb()], {
        encoding: 'utf8',
      }).stdout;
      expect(desktop).toContain('[Desktop Entry]');
      expect(desktop).toMatch(/^Name=Paymon$/m);
      expect(desktop).toMatch(/^Exec=\/opt\/Paymon\/paymon %U$/m);
      expect(desktop).toMatch(/^Icon=paymon$/m);
      expect(desktop).toMatch(/^Type=Application$/m);
      // paymon:// links open in the app (issue 13): the desktop entry claims the scheme.
      expect(desktop).toMatch(/^MimeType=.*x-scheme-handler\/paymon;/m);
    });

    it.skipIf(namespaceSkip !== null)(
      `its scripts put the CLI launcher on PATH as /usr/bin/paymon, which runs the app in CLI mode, and remove it again${skipped(namespaceSkip)}`,
      () => {
        const work = mkdtempSync(join(tmpdir(), 'paymon-deb-'));
        try {
          expect(spawnSync('dpkg-deb', ['-x', deb(), join(work, 'data')]).status).toBe(0);
          expect(spawnSync('dpkg-deb', ['-e', deb(), join(work, 'control')]).status).toBe(0);
          const before = readLaunches(recordFile).length;
          const run = spawnSync('unshare', ['-rm', DEB_INSTALL, join(work, 'data'), join(work, 'control'), 'check', '--json', 'pay_abc123xyz789'], {
            encoding: 'utf8',
          });
          expect(run.status, run.stderr).toBe(0);
          expect(run.stdout).toContain('installed: /opt/Paymon/resources/bin/paymon\n');
          expect(run.stdout).toMatch(/^chrome-sandbox: (755|4755)$/m);
          expect(run.stdout).toContain('exit: 0\n');
          expect(run.stdout).toContain('after remove: gone\n');
          const launches = readLaunches(recordFile).slice(before);
          expect(launches).toHaveLength(1);
          expect(cliModeArgs(['/opt/Paymon/paymon', ...(launches[0]?.argv ?? [])])).toEqual(['check', '--json', 'pay_abc123xyz789']);
        } finally {
          rmSync(work, { recursive: true, force: true });
        }
      },
    );
  });
  describe('the AppImage', () => {
    const appImage = (): string => {
      const name = readdirSync(join(copy.dir, 'dist')).find((f) => f.endsWith('.AppImage'));
      if (!name) throw new Error(`no AppImage was built:\n${builder.output}`);
      return join(copy.dir, 'dist', name);
    };
    /** A file from the AppImage's squashfs image (after the runtime). */
    const cat = (path: string): Buffer => {
      const out = spawnSync('unsquashfs', ['-o', String(RUNTIME_SIZE), '-cat', appImage(), path], { maxBuffer: 512 * 1024 * 1024 });
      if (out.status !== 0) throw new Error(`unsquashfs -cat ${path}: ${out.stderr.toString()}`);
      return out.stdout;
    };

    it('is built as an executable file', (ctx) => {
      if (appImageSkip !== null) ctx.skip(appImageSkip);
      accessSync(appImage(), constants.X_OK);
    });

    it('carries AppRun, the app, the launcher, an icon and a desktop entry that starts the window', (ctx) => {
      if (appImageSkip !== null) ctx.skip(appImageSkip);
      const list = spawnSync('unsquashfs', ['-o', String(RUNTIME_SIZE), '-l', '-n', appImage()], { encoding: 'utf8' }).stdout;
      for (const f of ['AppRun', 'paymon', 'paymon.desktop', 'resources/app.asar', 'resources/bin/paymon']) expect(list).toContain(`squashfs-root/${f}\n`);
      expect(list).toMatch(/squashfs-root\/usr\/share\/icons\/hicolor\/\d+x\d+\/apps\/paymon\.png/);
      const desktop = cat('paymon.desktop').toString();
      expect(desktop).toMatch(/^Name=Paymon$/m);
      expect(desktop).toMatch(/^Exec=AppRun( --no-sandbox)? %U$/m);
      expect(desktop).toMatch(/^Icon=paymon$/m);
      expect(desktop).toMatch(/^MimeType=.*x-scheme-handler\/paymon;/m);
    });

    it('has the fuses flipped in its binary too', async (ctx) => {
      if (appImageSkip !== null) ctx.skip(appImageSkip);
      const binary = join(toolsDir, 'paymon-from-appimage');
      writeFileSync(binary, cat('paymon'));
      const wire = await getCurrentFuseWire(binary);
      expect(wire[FuseV1Options.RunAsNode]).toBe(48);
      expect(wire[FuseV1Options.OnlyLoadAppFromAsar]).toBe(49);
    });

    it('runs, and with the CLI marker starts the app in CLI mode', async (ctx) => {
      if (appImageSkip !== null) ctx.skip(appImageSkip);
      const before = readLaunches(recordFile).length;
      const run = await runTool(appImage(), ['--ozone-platform=headless', CLI_MARKER, '--', 'check', 'pay_abc123xyz789'], toolsDir, {
        PATH: process.env['PATH'] ?? '/usr/bin:/bin',
        HOME: toolsDir,
      });
      expect(run.code, run.output).toBe(0);
      const launches = readLaunches(recordFile).slice(before);
      expect(launches).toHaveLength(1);
      expect(cliModeArgs(['paymon', ...(launches[0]?.argv ?? [])])).toEqual(['check', 'pay_abc123xyz789']);
    });
  });
});
