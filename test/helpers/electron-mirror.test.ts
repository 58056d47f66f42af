/**
 * The stand-in Electron mirror works with the real downloader and extractor that Electron's
 * install.js uses: the zip downloads, passes remote checksums, extracts with its modes, and the
 * extracted `electron` records its launch.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { downloadArtifact } from '@electron/get';
import { extract } from '@electron-internal/extract-zip';
import { ELECTRON_VERSION, readLaunches, startElectronMirror, type ElectronMirror } from './electron-mirror.ts';

const scratch = mkdtempSync(join(tmpdir(), 'paymon-mirror-test-'));
const mirrors: ElectronMirror[] = [];
afterAll(async () => {
  await Promise.all(mirrors.map((m) => m.close()));
  rmSync(scratch, { recursive: true, force: true });
});

describe.skipIf(process.platform === 'win32')('electron mirror helper', () => {
  it('serves a release that @electron/get downloads with remote checksums and that extracts runnable', async () => {
    const mirror = await startElectronMirror({ recordFile: join(scratch, 'launches.txt') });
    mirrors.push(mirror);
    const zipPath = await downloadArtifact({
      version: ELECTRON_VERSION,
      artifactName: 'electron',
      cacheRoot: join(scratch, 'cache'),
      mirrorOptions: { mirror: mirror.url },
      platform: process.platform,
      arch: process.arch,
    });
    expect(readFileSync(zipPath)).toEqual(mirror.zip);
    const paths = mirror.requests.map((r) => r.url);
    expect(paths).toContain(`/v${ELECTRON_VERSION}/${mirror.zipName}`);
    expect(paths).toContain(`/v${ELECTRON_VERSION}/SHASUMS256.txt`);

    const dist = join(scratch, 'dist');
    await extract(zipPath, { dir: dist });
    expect(statSync(join(dist, 'electron')).mode & 0o777).toBe(0o755);
    expect(readFileSync(join(dist, 'version'), 'utf8')).toBe(ELECTRON_VERSION);
    expect(statSync(join(dist, 'resources', 'default_app.asar')).size).toBe(64);

    const run = spawnSync(join(dist, 'electron'), ['.', "it's a [test]"], {
      cwd: scratch,
      env: { PATH: process.env['PATH'] ?? '', NODE_ENV_ELECTRON_VITE: 'production' },
    });
    expect(run.status).toBe(0);
    expect(readLaunches(mirror.recordFile)).toEqual([
      { cwd: scratch, argv: ['.', "it's a [test]"], env: { NODE_ENV_ELECTRON_VITE: 'production' } },
    ]);
  });
});
