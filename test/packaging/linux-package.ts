/**
 * Builds the Linux package the way `npm run dist` does (electron-vite build, then electron-builder
 * with the project's electron-builder.yml) in a fresh copy of the project, against a stand-in
 * Electron release on a loopback mirror (test/helpers/electron-mirror.ts). The stand-in `electron`
 * is a shell script that records its launches and carries a real fuse wire, so electron-builder's
 * electronFuses step can flip it and the test can read it back.
 */
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
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
