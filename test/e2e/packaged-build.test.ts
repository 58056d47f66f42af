/**
 * The CI step that packages the app for the E2E suite, run for real on Linux: electron-builder
 * with test/e2e/electron-builder.e2e.yml in a fresh copy of the project, Electron fetched from a
 * stand-in release on a loopback mirror (test/helpers/electron-mirror.ts, as the packaging tests
 * do). The result must sit where the workflow looks (dist/e2e/linux-unpacked/paymon) with the
 * inspect fuse on and the shipped build's other fuses; the shipped build (inspect off) is refused
 * by planLaunch with the advice to use this one.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeFreshCopy, startElectronMirror, type ElectronMirror, type FreshCopy } from '../helpers/electron-mirror.ts';
import { builderEnv, runTool, standInReleaseWithFuses, type RunResult } from '../packaging/linux-package.ts';
import { FUSE_SENTINEL, INSPECT_FUSE, planLaunch, readFuse, type FsLike } from './launch.ts';

const skipReason = process.platform !== 'linux' ? 'electron-builder --dir against the stand-in release is tested on Linux' : null;

const realFs: FsLike = { exists: existsSync, read: (p) => readFileSync(p, 'utf8'), bytes: (p) => readFileSync(p) };

/** The fuse wire of a binary as '0'/'1'/'r' characters. */
function fuseWire(binary: Buffer): string {
  const at = binary.indexOf(FUSE_SENTINEL, 0, 'latin1') + FUSE_SENTINEL.length;
  return binary.subarray(at + 2, at + 2 + (binary[at + 1] ?? 0)).toString('latin1');
}

describe.skipIf(skipReason !== null)(`the E2E build of the packaged app${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  let copy: FreshCopy;
  let mirror: ElectronMirror;
  let shipped: RunResult;
  let e2e: RunResult;

  beforeAll(async () => {
    copy = makeFreshCopy({ prefix: 'paymon e2e build ' });
    mirror = await startElectronMirror({ files: standInReleaseWithFuses(join(copy.dir, '..', `${copy.dir.split('/').pop() ?? 'x'}-launches.txt`)) });
    // Stand-ins for `npm run build`: electron-builder only packs out/, it does not run it.
    for (const file of ['out/main/index.js', 'out/preload/index.cjs', 'out/renderer/index.html']) {
      mkdirSync(join(copy.dir, file, '..'), { recursive: true });
      writeFileSync(join(copy.dir, file), '// built app stand-in\n');
    }
    const env = builderEnv(mirror.url, join(copy.dir, '.test-cache'));
    const builder = join(copy.dir, 'node_modules', '.bin', 'electron-builder');
    shipped = await runTool(builder, ['--dir', '--publish', 'never'], copy.dir, env);
    e2e = await runTool(builder, ['--dir', '--config', 'test/e2e/electron-builder.e2e.yml', '--publish', 'never'], copy.dir, env);
  }, 300_000);

  afterAll(async () => {
    await mirror?.close();
    copy?.remove();
  });

  it('puts the app where the workflow looks, with only the inspect fuse differing from the shipped build', () => {
    expect(shipped.code, shipped.output).toBe(0);
    expect(e2e.code, e2e.output).toBe(0);
    const shippedBinary = readFileSync(join(copy.dir, 'dist', 'linux-unpacked', 'paymon'));
    const e2eBinary = readFileSync(join(copy.dir, 'dist', 'e2e', 'linux-unpacked', 'paymon'));
    expect(readFuse(e2eBinary, INSPECT_FUSE)).toBe('enabled');
    const [a, b] = [fuseWire(shippedBinary), fuseWire(e2eBinary)];
    expect(b.length).toBe(a.length);
    const differing = [...a].flatMap((state, i) => (state === b[i] ? [] : [i]));
    expect(differing).toEqual(readFuse(shippedBinary, INSPECT_FUSE) === 'enabled' ? [] : [INSPECT_FUSE]);
    // The same app archive in both.
    expect(readFileSync(join(copy.dir, 'dist', 'e2e', 'linux-unpacked', 'resources', 'app.asar'))).toEqual(
      readFileSync(join(copy.dir, 'dist', 'linux-unpacked', 'resources', 'app.asar')),
    );
  });

  it('is what planLaunch accepts; a shipped build with the inspect fuse off is refused with the way out', () => {
    expect(planLaunch(copy.dir, { PAYMON_E2E_APP: 'dist/e2e/linux-unpacked/paymon' }, realFs)).toEqual({
      app: { kind: 'packaged', executablePath: join(copy.dir, 'dist', 'e2e', 'linux-unpacked', 'paymon'), args: [] },
    });
    const plan = planLaunch(copy.dir, { PAYMON_E2E_APP: 'dist/linux-unpacked/paymon' }, realFs);
    if (readFuse(readFileSync(join(copy.dir, 'dist', 'linux-unpacked', 'paymon')), INSPECT_FUSE) === 'disabled') {
      expect(plan).toEqual({ fail: expect.stringContaining('electron-builder.e2e.yml') });
    } else {
      expect(plan).toMatchObject({ app: { kind: 'packaged' } });
    }
  });
});
