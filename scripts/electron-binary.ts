/**
 * Finding and fetching the Electron binary for `npm start` and `npm run dev` (issue 10).
 *
 * Since Electron 42 the `electron` package has no install script: the binary is fetched on first
 * use by its install.js (`npx install-electron`), which honours Electron's own download settings
 * (ELECTRON_MIRROR, ELECTRON_CUSTOM_DIR, electron_config_cache, electron_use_remote_checksums,
 * force_no_cache). electron-vite only reads node_modules/electron/path.txt and throws
 * "Electron uninstall" when it is missing, so we fetch first and hand it ELECTRON_EXEC_PATH.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** The `electron` package the project depends on. */
export interface ElectronPackage {
  dir: string;
  version: string;
}

/** Resolve `electron` from the project root (not from electron-vite's own location). */
export function resolveElectronPackage(root: string): ElectronPackage {
  const require = createRequire(join(root, 'package.json'));
  const dir = dirname(require.resolve('electron/package.json'));
  const { version } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string };
  return { dir, version };
}

/** The executable's path inside a release, as electron's install.js writes it to path.txt. */
export function platformExecutable(env: NodeJS.ProcessEnv = process.env): string {
  const platform = env['ELECTRON_INSTALL_PLATFORM'] || env['npm_config_platform'] || process.platform;
  if (platform === 'darwin' || platform === 'mas') return 'Electron.app/Contents/MacOS/Electron';
  return platform === 'win32' ? 'electron.exe' : 'electron';
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/**
 * The Electron executable to launch if it is already there: ELECTRON_EXEC_PATH (electron-vite's
 * own override) or ELECTRON_OVERRIDE_DIST_PATH (electron's) as given, else the installed dist/
 * when its version is the package's (after an upgrade, install.js must fetch the new one).
 */
export function installedBinary(pkg: ElectronPackage, env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env['ELECTRON_EXEC_PATH']) return env['ELECTRON_EXEC_PATH'];
  const rel = readText(join(pkg.dir, 'path.txt'));
  if (env['ELECTRON_OVERRIDE_DIST_PATH']) return join(env['ELECTRON_OVERRIDE_DIST_PATH'], rel || platformExecutable(env));
  if (!rel || readText(join(pkg.dir, 'dist', 'version'))?.replace(/^v/, '').trim() !== pkg.version) return undefined;
  const binary = join(pkg.dir, 'dist', rel);
  return existsSync(binary) ? binary : undefined;
}

/** How a run of electron's install.js ended; `output` is everything it printed. */
export interface InstallResult {
  code: number;
  output: string;
}

/**
 * Run electron's own install.js in a child Node with the caller's environment, so every one of
 * Electron's download settings applies. Its output is captured, not shown: on failure the caller
 * prints one line of it, not a stack trace.
 */
export function runElectronInstall(pkg: ElectronPackage, env: NodeJS.ProcessEnv = process.env): Promise<InstallResult> {
  const hook = pathToFileURL(join(import.meta.dirname, 'fetch-cause.ts')).href;
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', hook, join(pkg.dir, 'install.js')], {
      cwd: pkg.dir,
      env: { ...env, ELECTRON_GET_NO_PROGRESS: env['ELECTRON_GET_NO_PROGRESS'] ?? '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', (err) => resolve({ code: 1, output: `${output}${err.stack ?? err.message}\n` }));
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 1 : 0), output }));
  });
}

/** One line for an error's reason, following `cause` and AggregateError (e.g. IPv4 and IPv6 refused). */
export function describeCause(cause: unknown): string {
  if (cause instanceof AggregateError && cause.errors.length > 0) {
    return [...new Set(cause.errors.map(describeCause))].join('; ');
  }
  if (cause instanceof Error) {
    if (!cause.message && cause.cause !== undefined) return describeCause(cause.cause);
    const code = (cause as { code?: unknown }).code;
    return cause.message || (typeof code === 'string' ? code : cause.name);
  }
  return String(cause);
}

/** Hide credentials in URLs (`https://user:pass@host/` → `https://***@host/`). */
function redactUrls(line: string): string {
  return line.replace(/(\b[a-z][a-z0-9+.-]*:\/\/)[^/\s@]+@/gi, '$1***@');
}

/**
 * The one line that says why install.js failed: the first line of the error it printed
 * ("HTTPError: Response code 404 (Not Found) for http://…", "TypeError: fetch failed: getaddrinfo
 * ENOTFOUND …"), else the last thing it said, else its exit code.
 */
export function installFailureCause(result: InstallResult): string {
  const lines = result.output.split(/\r?\n/).map((l) => l.trim()).filter((l) => l && !l.startsWith('at '));
  const errorLine = lines.find((l) => /^[A-Za-z_$][\w$]*(Error|Exception)\b.*:/.test(l) || /^Error\b/.test(l));
  return redactUrls(errorLine ?? lines.at(-1) ?? `electron's install.js exited with code ${result.code}`);
}

/** What `npm start` prints when the binary could not be fetched: what, why, and what to do. */
export function downloadFailureMessage(version: string, cause: string, logFile?: string): string {
  return [
    `The Electron binary (v${version}) could not be downloaded, so the app cannot start.`,
    `  Cause: ${cause}`,
    '  To fix it, do one of these and run the command again:',
    "    - set ELECTRON_MIRROR to a mirror of Electron's releases (ending in /), e.g. ELECTRON_MIRROR=https://npmmirror.com/mirrors/electron/",
    `    - set electron_config_cache to a folder that already holds Electron's download cache for v${version} (copied from a machine that has it)`,
    '    - run `npx install-electron` once while online',
    ...(logFile ? [`  The installer's full output is in ${logFile}`] : []),
  ].join('\n');
}

/** Keep install.js's full output (stack trace included) in a temp file for whoever wants it. */
export function saveInstallLog(output: string): string | undefined {
  try {
    const file = join(mkdtempSync(join(tmpdir(), 'paymon-electron-install-')), 'install.log');
    writeFileSync(file, output);
    return file;
  } catch {
    return undefined;
  }
}
