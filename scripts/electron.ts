/**
 * `npm start` / `npm run dev`: make sure the Electron binary is there (fetching it with
 * Electron's own installer on first use), then run `electron-vite <preview|dev> [args…]` pointed
 * at it through ELECTRON_EXEC_PATH. Usage: node scripts/electron.ts <preview|dev> [args…]
 * Why: see scripts/electron-binary.ts and issue 10.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import {
  downloadFailureMessage,
  installedBinary,
  installFailureCause,
  resolveElectronPackage,
  runElectronInstall,
  saveInstallLog,
} from './electron-binary.ts';

const ROOT = resolve(import.meta.dirname, '..');

/** The electron-vite CLI script, resolved from the project root like electron itself. */
function electronViteBin(): string {
  const pkgJson = createRequire(join(ROOT, 'package.json')).resolve('electron-vite/package.json');
  const { bin } = JSON.parse(readFileSync(pkgJson, 'utf8')) as { bin: Record<string, string> };
  return join(dirname(pkgJson), bin['electron-vite'] ?? 'bin/electron-vite.js');
}

async function main(args: string[]): Promise<number> {
  const pkg = resolveElectronPackage(ROOT);
  const chosen = process.env['ELECTRON_EXEC_PATH'];
  if (chosen && !existsSync(chosen)) {
    process.stderr.write(`ELECTRON_EXEC_PATH is set to ${chosen}, which does not exist. Point it at an Electron executable, or unset it to use (and fetch if needed) Electron v${pkg.version}.\n`);
    return 1;
  }
  let binary = installedBinary(pkg);
  if (!binary) {
    process.stderr.write(`Electron v${pkg.version} is not downloaded yet; fetching it (once)…\n`);
    const result = await runElectronInstall(pkg);
    binary = installedBinary(pkg);
    if (result.code !== 0 || !binary) {
      const cause = result.code !== 0 ? installFailureCause(result) : "electron's installer finished but left no executable in node_modules/electron/dist";
      process.stderr.write(downloadFailureMessage(pkg.version, cause, saveInstallLog(result.output)) + '\n');
      return 1;
    }
    process.stderr.write(`Electron v${pkg.version} is ready.\n`);
  }

  const child = spawn(process.execPath, [electronViteBin(), ...args], {
    cwd: ROOT,
    env: { ...process.env, ELECTRON_EXEC_PATH: binary },
    stdio: 'inherit',
  });
  // Ctrl+C reaches the whole process group; forward other signals so electron-vite can stop Electron.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    });
  }
  return new Promise((done) => {
    child.on('error', (err) => {
      process.stderr.write(`Could not start electron-vite: ${err.message}\n`);
      done(1);
    });
    child.on('close', (code, signal) => done(code ?? (signal ? 1 : 0)));
  });
}

process.exitCode = await main(process.argv.slice(2));
