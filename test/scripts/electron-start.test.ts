/**
 * `npm start` on a fresh clone (issue 10): in a copy of the project whose node_modules/electron
 * has no binary, with ELECTRON_MIRROR pointing at a loopback stand-in release, `npm start` fetches
 * the binary through Electron's own installer and launches it with the app; where the mirror
 * answers 404 or refuses connections, it explains itself instead of "Electron uninstall".
 * The steps share one copy and run in order: failures first (no binary yet), then the download,
 * then a second start that must not download again, then `npm run dev`.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ELECTRON_VERSION, PROJECT_ROOT, makeFreshCopy, readLaunches, startElectronMirror, type ElectronMirror, type FreshCopy } from '../helpers/electron-mirror.ts';
import { closedPortUrl, startServer, type TestServer } from '../helpers/http-server.ts';

const npmFound = spawnSync('npm', ['--version'], { stdio: 'ignore' }).status === 0;
const skipReason =
  process.platform === 'win32' ? 'the stand-in electron is a shell script (Linux/macOS only)' : !npmFound ? 'npm is not on PATH' : '';

interface Run {
  code: number | null;
  output: string;
}

/** Environment for the child: this one without any Electron/npm/vitest settings of the caller's. */
function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (/^(electron|npm_|vitest|node_env$|node_options$|force_no_cache$)/i.test(k)) continue;
    env[k] = v;
  }
  return { ...env, ELECTRON_GET_NO_PROGRESS: '1', ...extra };
}

/** Run `npm <args>` in `cwd` (async: the mirror lives in this process and must keep answering). */
function npm(cwd: string, args: string[], env: Record<string, string>): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', args, { cwd, env: cleanEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

describe.skipIf(skipReason !== '')(`npm start on a fresh copy${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  let copy: FreshCopy;
  let scratch: string;
  let mirror: ElectronMirror;
  let notFound: TestServer;
  let downloadEnv: Record<string, string>;

  const realElectronInstalled = existsSync(join(PROJECT_ROOT, 'node_modules', 'electron', 'path.txt'));

  beforeAll(async () => {
    copy = makeFreshCopy();
    scratch = mkdtempSync(join(tmpdir(), 'paymon-start-test-'));
    mirror = await startElectronMirror({ recordFile: join(scratch, 'launches.txt') });
    notFound = await startServer((_req, res) => {
      res.writeHead(404);
      res.end('Not Found');
    });
    // TMPDIR: the installer's log from the failure cases lands in scratch and goes with it.
    downloadEnv = { electron_use_remote_checksums: '1', electron_config_cache: join(scratch, 'electron-cache'), TMPDIR: scratch };
  }, 60_000);

  afterAll(async () => {
    await mirror?.close();
    await notFound?.close();
    copy?.remove();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  function expectExplainedFailure(run: Run, cause: RegExp): void {
    expect(run.code).not.toBe(0);
    expect(run.output).not.toContain('Electron uninstall');
    expect(run.output).toContain(`The Electron binary (v${ELECTRON_VERSION}) could not be downloaded`);
    const causeLine = run.output.split('\n').find((l) => l.trim().startsWith('Cause:'));
    expect(causeLine).toMatch(cause);
    expect(run.output).toContain('ELECTRON_MIRROR');
    expect(run.output).toContain('electron_config_cache');
    expect(run.output).toContain('npx install-electron');
    // Electron's raw stack trace stays in the log file, out of the user's face.
    expect(run.output).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
    expect(existsSync(join(copy.electronDir, 'path.txt'))).toBe(false);
    const log = /full output is in (.+)$/m.exec(run.output)?.[1];
    expect(log && readFileSync(log, 'utf8')).toMatch(/^\s+at /m);
  }

  it('explains a mirror that answers 404: what failed, the one-line cause, and what to do', async () => {
    const run = await npm(copy.dir, ['start'], { ...downloadEnv, ELECTRON_MIRROR: `${notFound.url}/` });
    expectExplainedFailure(run, new RegExp(`HTTPError: Response code 404 \\(Not Found\\) for ${notFound.url}/v${ELECTRON_VERSION}/`));
    expect(notFound.requests.length).toBeGreaterThan(0);
  }, 180_000);

  it('explains a mirror that refuses connections, naming the refused address', async () => {
    const closed = await closedPortUrl();
    const run = await npm(copy.dir, ['start'], { ...downloadEnv, ELECTRON_MIRROR: `${closed}/` });
    expectExplainedFailure(run, new RegExp(`ECONNREFUSED.*${closed.replace('http://', '')}`));
  }, 180_000);

  it('says so when ELECTRON_EXEC_PATH points at nothing, instead of a spawn error', async () => {
    const missing = join(scratch, 'no-such-electron');
    const run = await npm(copy.dir, ['start'], { ...downloadEnv, ELECTRON_MIRROR: mirror.url, ELECTRON_EXEC_PATH: missing });
    expect(run.code).not.toBe(0);
    expect(run.output).toContain(`ELECTRON_EXEC_PATH is set to ${missing}, which does not exist`);
    expect(mirror.requests).toHaveLength(0);
  }, 180_000);

  it('downloads the binary from the mirror, checks it against the remote SHASUMS256.txt, and launches it with the built app', async () => {
    const run = await npm(copy.dir, ['start'], { ...downloadEnv, ELECTRON_MIRROR: mirror.url });
    expect(run.output).not.toContain('Electron uninstall');
    expect(run.code, run.output).toBe(0);
    const paths = mirror.requests.map((r) => r.url);
    expect(paths).toContain(`/v${ELECTRON_VERSION}/${mirror.zipName}`);
    expect(paths).toContain(`/v${ELECTRON_VERSION}/SHASUMS256.txt`);
    expect(readFileSync(join(copy.electronDir, 'path.txt'), 'utf8')).toBe('electron');
    // Electron's own settings applied: the download went through electron_config_cache.
    expect(readdirSync(join(scratch, 'electron-cache'), { recursive: true })).toContainEqual(expect.stringContaining(mirror.zipName));
    // electron was resolved from the project, not from electron-vite's (real) location.
    expect(existsSync(join(PROJECT_ROOT, 'node_modules', 'electron', 'path.txt'))).toBe(realElectronInstalled);
    expect(existsSync(join(copy.dir, 'out', 'main', 'index.js'))).toBe(true);
    const launches = readLaunches(mirror.recordFile);
    expect(launches).toHaveLength(1);
    // electron-vite runs `electron .` in the project, whose package.json "main" is out/main/index.js.
    expect(launches[0]?.argv[0]).toBe('.');
    expect(launches[0]?.cwd).toBe(copy.dir);
    expect(launches[0]?.env['NODE_ENV_ELECTRON_VITE']).toBe('production');
  }, 180_000);

  it('does not download again on the second start', async () => {
    const served = mirror.requests.length;
    const run = await npm(copy.dir, ['start'], { ...downloadEnv, ELECTRON_MIRROR: mirror.url });
    expect(run.code, run.output).toBe(0);
    expect(mirror.requests.length).toBe(served);
    expect(run.output).not.toContain('not downloaded yet');
    expect(readLaunches(mirror.recordFile)).toHaveLength(2);
  }, 180_000);

  it('npm run dev launches the same binary against the dev server', async () => {
    const served = mirror.requests.length;
    const run = await npm(copy.dir, ['run', 'dev'], { ...downloadEnv, ELECTRON_MIRROR: mirror.url });
    expect(run.output).not.toContain('Electron uninstall');
    expect(run.code, run.output).toBe(0);
    expect(mirror.requests.length).toBe(served);
    const last = readLaunches(mirror.recordFile).at(-1);
    expect(last?.env['NODE_ENV_ELECTRON_VITE']).toBe('development');
    expect(last?.env['ELECTRON_RENDERER_URL']).toMatch(/^http:\/\/(localhost|127\.0\.0\.1|\[::1\]):\d+/);
  }, 180_000);
});
