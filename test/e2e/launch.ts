/**
 * Which Paymon the end-to-end suite launches, and how (issue 10, "The real window"). Two kinds:
 * - packaged: the app electron-builder unpacked (dist/linux-unpacked/paymon,
 *   dist/mac-arm64/Paymon.app/Contents/MacOS/Paymon, dist/win-unpacked/Paymon.exe), named by
 *   PAYMON_E2E_APP; launched with no entry argument, so the app inside its asar runs, as users get it;
 * - dev: the Electron binary from node_modules with the project folder as the entry (what
 *   `npm start` runs), once `npm run build` has written out/.
 * Pure functions over an injected file system and environment, so the choice is unit-tested here,
 * where no Electron binary exists.
 */
import { join, resolve } from 'node:path';

/** The app the suite drives. */
export interface AppUnderTest {
  kind: 'packaged' | 'dev';
  /** The executable Playwright starts. */
  executablePath: string;
  /** Arguments after Electron's own: the entry folder for dev, nothing for a packaged app. */
  args: string[];
}

/** What the suite does: run against an app, skip with a reason, or fail with one (a misconfigured CI). */
export type LaunchPlan = { app: AppUnderTest } | { skip: string } | { fail: string };

/** The file-system reads the choice needs. */
export interface FsLike {
  exists(path: string): boolean;
  read(path: string): string;
  /** A whole binary; where given, a packaged app's fuses are checked before launching it. */
  bytes?(path: string): Uint8Array;
}

/** The environment variables the suite reads; every other one passes through to the app untouched. */
export const E2E_ENV = {
  /** Path of a packaged app's executable: test it instead of the dev build. */
  app: 'PAYMON_E2E_APP',
  /** Set to 1 (as CI does) to fail, not skip, when there is nothing to launch. */
  required: 'PAYMON_E2E_REQUIRED',
  /** Set to 1 to pass --no-sandbox on Linux even when not root. */
  noSandbox: 'PAYMON_E2E_NO_SANDBOX',
} as const;

/** The files `npm run build` writes that the dev launch needs. */
export const BUILD_OUTPUTS = ['out/main/index.js', 'out/preload/index.cjs', 'out/renderer/index.html'] as const;

/**
 * The Electron executable in node_modules/electron, found the way the electron package's own
 * index.js finds it (path.txt names it inside dist/), but without require('electron'): since
 * Electron 42 that require downloads the binary when it is missing.
 */
export function electronBinary(root: string, fs: FsLike): string | null {
  const dir = join(root, 'node_modules', 'electron');
  const pathFile = join(dir, 'path.txt');
  if (!fs.exists(pathFile)) return null;
  const name = fs.read(pathFile).trim();
  if (name === '') return null;
  const binary = join(dir, 'dist', name);
  return fs.exists(binary) ? binary : null;
}

/** Chooses packaged or dev, or says why there is nothing to launch. */
export function planLaunch(root: string, env: Record<string, string | undefined>, fs: FsLike): LaunchPlan {
  const required = env[E2E_ENV.required] === '1';
  const notReady = (reason: string): LaunchPlan => (required ? { fail: `${reason} (and ${E2E_ENV.required}=1)` } : { skip: reason });
  const packaged = env[E2E_ENV.app]?.trim();
  if (packaged) {
    // Asked for by name: a missing file is a broken build, never a reason to skip.
    const executablePath = resolve(root, packaged);
    if (!fs.exists(executablePath)) return { fail: `${E2E_ENV.app} names ${executablePath}, which does not exist: run npm run dist first` };
    const holder = fuseHolder(executablePath);
    if (fs.bytes && fs.exists(holder) && readFuse(fs.bytes(holder), INSPECT_FUSE) === 'disabled') {
      // Otherwise Playwright waits for a debugger that never comes and times out, saying nothing useful.
      return {
        fail:
          `${executablePath} has the EnableNodeCliInspectArguments fuse off (electron-builder.yml electronFuses), and ` +
          "Playwright drives Electron's main process through --inspect: test the build made with " +
          '`npx electron-builder --dir --config test/e2e/electron-builder.e2e.yml` (dist/e2e/), the same app with that fuse on',
      };
    }
    return { app: { kind: 'packaged', executablePath, args: [] } };
  }
  const binary = electronBinary(root, fs);
  if (!binary) {
    return notReady('the Electron binary is not installed (node_modules/electron/path.txt or dist/ missing): run `npx install-electron` where Electron releases can be downloaded');
  }
  const missing = BUILD_OUTPUTS.filter((file) => !fs.exists(join(root, file)));
  if (missing.length > 0) return notReady(`the app is not built (${missing.join(', ')} missing): run npm run build first`);
  // The project folder, not out/main/index.js: Electron then reads package.json's "main" and
  // app.getAppPath() is the project, where resources/ (icons) lives, exactly as under `npm start`.
  return { app: { kind: 'dev', executablePath: binary, args: [root] } };
}

/**
 * Whether to turn Chromium's sandbox off: only on Linux, and there only as root (Chromium refuses
 * to start sandboxed as root) or when asked to. Elsewhere the app runs sandboxed, as users run it.
 */
export function needsNoSandbox(platform: NodeJS.Platform, uid: number | null, env: Record<string, string | undefined>): boolean {
  if (platform !== 'linux') return false;
  return uid === 0 || env[E2E_ENV.noSandbox] === '1';
}

/**
 * The environment the app gets: ours, minus what would change how Electron starts, plus `extra`
 * (the data folder, empty API keys, a private keyring bus). Playwright wants only strings.
 */
export function appEnv(base: Record<string, string | undefined>, extra: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(base)) {
    if (value === undefined) continue;
    // RUN_AS_NODE would start Node instead of the app; the renderer URL would point main at a dev server.
    if (name === 'ELECTRON_RUN_AS_NODE' || name === 'ELECTRON_RENDERER_URL' || name === 'NODE_OPTIONS') continue;
    env[name] = value;
  }
  return { ...env, ...extra };
}

/** Marks Electron's fuse wire in its binary (https://www.electronjs.org/docs/latest/tutorial/fuses). */
export const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
/** Position of EnableNodeCliInspectArguments in fuse wire version 1. */
export const INSPECT_FUSE = 3;

/** A fuse as the binary holds it. */
export type FuseState = 'enabled' | 'disabled' | 'removed' | 'unknown';

/** The file holding the fuse wire: the executable, or on macOS the Electron Framework inside the .app. */
export function fuseHolder(executable: string): string {
  if (/\.app[\\/]Contents[\\/]MacOS[\\/][^\\/]+$/.test(executable)) {
    return join(executable, '..', '..', 'Frameworks', 'Electron Framework.framework', 'Electron Framework');
  }
  return executable;
}

/** Reads fuse `index` from a binary: after the sentinel come the wire's version (1), its length, then one byte per fuse. */
export function readFuse(binary: Uint8Array, index: number): FuseState {
  const at = Buffer.from(binary.buffer, binary.byteOffset, binary.byteLength).indexOf(FUSE_SENTINEL, 0, 'latin1');
  if (at < 0) return 'unknown';
  const wire = at + FUSE_SENTINEL.length;
  const version = binary[wire];
  const length = binary[wire + 1];
  if (version !== 1 || length === undefined || index >= length) return 'unknown';
  const state = binary[wire + 2 + index];
  // '1', '0' and 'r', as @electron/fuses writes them.
  return state === 0x31 ? 'enabled' : state === 0x30 ? 'disabled' : state === 0x72 ? 'removed' : 'unknown';
}
