/**
 * Builds the Linux package the way `npm run dist` does (electron-vite build, then electron-builder
 * with the project's electron-builder.yml) in a fresh copy of the project, against a stand-in
 * Electron release on a loopback mirror (test/helpers/electron-mirror.ts). The stand-in `electron`
 * is a shell script that records its launches and carries a real fuse wire, so electron-builder's
 * electronFuses step can flip it and the test can read it back.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { standInElectronFiles, type ZipEntry } from '../helpers/electron-mirror.ts';

/** The marker @electron/fuses looks for; the wire follows it (see @electron/fuses dist/constants). */
export const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';

/**
 * Fuse states as Electron 45 ships them, in FuseV1Options order: RunAsNode, EnableCookieEncryption,
 * EnableNodeOptionsEnvironmentVariable, EnableNodeCliInspectArguments,
 * EnableEmbeddedAsarIntegrityValidation, OnlyLoadAppFromAsar, LoadBrowserProcessSpecificV8Snapshot,
 * GrantFileProtocolExtraPrivileges ('1' on, '0' off).
 */
export const ELECTRON_DEFAULT_FUSES = '10110001';

/** A fuse wire as in an Electron binary: sentinel, wire version 1, length, one '0'/'1' per fuse. */
export function fuseWire(states: string = ELECTRON_DEFAULT_FUSES): Buffer {
  return Buffer.concat([Buffer.from(FUSE_SENTINEL, 'latin1'), Buffer.from([1, states.length]), Buffer.from(states, 'latin1')]);
}

/**
 * The stand-in release's files, its `electron` carrying a fuse wire in a shell comment, plus the
 * `chrome-sandbox` helper whose mode the deb's post-install script sets.
 */
export function standInReleaseWithFuses(recordFile: string): ZipEntry[] {
  const files = standInElectronFiles({ recordFile }).map((entry) => {
    if (entry.name !== 'electron') return entry;
    const script = Buffer.from(entry.data ?? '');
    const firstLineEnd = script.indexOf('\n') + 1;
    return {
      ...entry,
      data: Buffer.concat([script.subarray(0, firstLineEnd), Buffer.from('# fuses: '), fuseWire(), Buffer.from('\n'), script.subarray(firstLineEnd)]),
    };
  });
  return [...files, { name: 'chrome-sandbox', data: '#!/bin/sh\nexit 1\n', mode: 0o755 }];
}

/** Output of one command run. */
export interface RunResult {
  code: number | null;
  /** stdout and stderr interleaved as they came. */
  output: string;
  stdout: string;
  stderr: string;
}

/** Runs `command` in `cwd` (with `input` on stdin), collecting stdout and stderr, also together. */
export function runTool(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv, input = ''): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ['pipe', 'pipe', 'pipe'] });
    let output = '';
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      output += d.toString();
      stdout += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      output += d.toString();
      stderr += d.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output, stdout, stderr }));
    child.stdin.end(input);
  });
}

/**
 * Environment for electron-builder against `mirrorUrl`, with every cache under `cacheDir` (never
 * the user's ~/.cache). ELECTRON_MIRROR is what @electron/get reads for users too; checksums come
 * from the mirror's SHASUMS256.txt, as from Electron's own releases.
 */
export function builderEnv(mirrorUrl: string, cacheDir: string): NodeJS.ProcessEnv {
  mkdirSync(cacheDir, { recursive: true });
  return {
    PATH: process.env['PATH'] ?? '/usr/bin:/bin',
    HOME: cacheDir,
    ELECTRON_MIRROR: mirrorUrl,
    electron_config_cache: join(cacheDir, 'electron'),
    ELECTRON_BUILDER_CACHE: join(cacheDir, 'electron-builder'),
    XDG_CACHE_HOME: cacheDir,
    // No code signing, publishing or update checks here.
    CSC_IDENTITY_AUTO_DISCOVERY: 'false',
    CI: 'true',
  };
}

/** Size of the stand-in AppImage runtime: the squashfs image starts at this offset. */
export const RUNTIME_SIZE = 4096;

/**
 * A stand-in AppImage runtime (the real one comes from GitHub releases): a shell script padded to
 * RUNTIME_SIZE bytes that unpacks the squashfs appended after it with unsquashfs and runs AppRun,
 * like the real runtime's --appimage-extract-and-run, so a built AppImage can be run here.
 */
export function standInAppImageRuntime(): Buffer {
  const script = [
    '#!/bin/sh',
    '# Stand-in AppImage runtime for tests: extract-and-run with unsquashfs.',
    'self=$(readlink -f "$0")',
    'dir=$(mktemp -d)',
    `unsquashfs -q -n -o ${RUNTIME_SIZE} -d "$dir/root" "$self" >/dev/null || exit 127`,
    'APPIMAGE=$self APPDIR=$dir/root "$dir/root/AppRun" "$@"',
    'code=$?',
    'rm -rf "$dir"',
    'exit $code',
    '',
  ].join('\n');
  const padding = RUNTIME_SIZE - Buffer.byteLength(script) - 1;
  return Buffer.concat([Buffer.from(script), Buffer.from('#'.repeat(padding)), Buffer.from('\n')]);
}

/**
 * A folder for APPIMAGE_TOOLS_PATH in electron-builder's default (FUSE2) toolset layout:
 * linux-x64/mksquashfs and desktop-file-validate from Debian's squashfs-tools and
 * desktop-file-utils, runtime-x64 the stand-in runtime, lib/x64 empty. Or why it cannot be
 * made here (tools not installed).
 */
export function appImageTools(dir: string): { path: string } | { skip: string } {
  const which = (tool: string): string | null => {
    const found = spawnSync('sh', ['-c', 'command -v "$1"', 'sh', tool], { encoding: 'utf8' });
    return found.status === 0 ? found.stdout.trim() : null;
  };
  const mksquashfs = which('mksquashfs');
  const unsquashfs = which('unsquashfs');
  const validate = which('desktop-file-validate');
  if (!mksquashfs || !unsquashfs || !validate) {
    return { skip: 'mksquashfs, unsquashfs or desktop-file-validate is missing (Debian: apt-get install squashfs-tools desktop-file-utils)' };
  }
  if (process.arch !== 'x64') return { skip: `the stand-in AppImage toolset is laid out for x64, not ${process.arch}` };
  mkdirSync(join(dir, 'linux-x64'), { recursive: true });
  mkdirSync(join(dir, 'lib', 'x64'), { recursive: true });
  symlinkSync(mksquashfs, join(dir, 'linux-x64', 'mksquashfs'));
  symlinkSync(validate, join(dir, 'linux-x64', 'desktop-file-validate'));
  writeFileSync(join(dir, 'runtime-x64'), standInAppImageRuntime(), { mode: 0o755 });
  return { path: dir };
}
