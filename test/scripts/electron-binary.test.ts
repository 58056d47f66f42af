/** The pieces of `npm start`'s Electron check: when the binary counts as installed, and the one-line cause. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { describeCause, downloadFailureMessage, installedBinary, installFailureCause } from '../../scripts/electron-binary.ts';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

function electronPackage(files: Record<string, string>): { dir: string; version: string } {
  const dir = mkdtempSync(join(tmpdir(), 'paymon-electron-pkg-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return { dir, version: '45.4.1' };
}

describe('installedBinary', () => {
  it('is missing without path.txt, or when dist/ holds another version (an upgraded package must fetch its own)', () => {
    expect(installedBinary(electronPackage({}), {})).toBeUndefined();
    const older = electronPackage({ 'path.txt': 'electron', 'dist/version': '44.0.0', 'dist/electron': '' });
    expect(installedBinary(older, {})).toBeUndefined();
    const noExe = electronPackage({ 'path.txt': 'electron', 'dist/version': '45.4.1' });
    expect(installedBinary(noExe, {})).toBeUndefined();
  });

  it('is dist/<path.txt> when the versions match, and an explicit ELECTRON_EXEC_PATH wins', () => {
    const pkg = electronPackage({ 'path.txt': 'electron', 'dist/version': 'v45.4.1', 'dist/electron': '' });
    expect(installedBinary(pkg, {})).toBe(join(pkg.dir, 'dist', 'electron'));
    expect(installedBinary(pkg, { ELECTRON_EXEC_PATH: '/opt/electron/electron' })).toBe('/opt/electron/electron');
  });
});

describe('installFailureCause', () => {
  it("takes the error's first line, not its stack, and hides credentials in URLs", () => {
    const output = [
      'HTTPError: Response code 401 (Unauthorized) for https://me:s3cret@mirror.example/v45.4.1/electron-v45.4.1-linux-x64.zip',
      '    at FetchDownloader.download (file:///x/node_modules/@electron/get/dist/FetchDownloader.js:48:23)',
      '    at async downloadArtifact (file:///x/index.js:1:1)',
    ].join('\n');
    expect(installFailureCause({ code: 1, output })).toBe(
      'HTTPError: Response code 401 (Unauthorized) for https://***@mirror.example/v45.4.1/electron-v45.4.1-linux-x64.zip',
    );
  });

  it('falls back to the exit code when the installer said nothing', () => {
    expect(installFailureCause({ code: 7, output: '' })).toContain('exited with code 7');
  });
});

describe('describeCause', () => {
  it('lists the distinct reasons of an AggregateError (IPv4 and IPv6 both refused)', () => {
    const err = new AggregateError([new Error('connect ECONNREFUSED ::1:80'), new Error('connect ECONNREFUSED 127.0.0.1:80')], '');
    expect(describeCause(err)).toBe('connect ECONNREFUSED ::1:80; connect ECONNREFUSED 127.0.0.1:80');
  });
});

describe('downloadFailureMessage', () => {
  it('says what, why and the three ways out', () => {
    const text = downloadFailureMessage('45.4.1', 'TypeError: fetch failed: getaddrinfo ENOTFOUND github.com (https://github.com/…)');
    expect(text.split('\n')[0]).toBe('The Electron binary (v45.4.1) could not be downloaded, so the app cannot start.');
    expect(text).toContain('Cause: TypeError: fetch failed: getaddrinfo ENOTFOUND github.com');
    for (const remedy of ['ELECTRON_MIRROR', 'electron_config_cache', 'npx install-electron']) expect(text).toContain(remedy);
  });
});
