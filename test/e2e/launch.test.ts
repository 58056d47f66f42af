/**
 * The end-to-end suite's choice of what to launch (launch.ts), checked here where no Electron
 * binary exists: packaged app by PAYMON_E2E_APP, else the dev build, else a skip with the reason,
 * or a failure where CI requires a launch; the sandbox switch; the packaged app's inspect fuse.
 */
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { appEnv, electronBinary, FUSE_SENTINEL, fuseHolder, INSPECT_FUSE, needsNoSandbox, planLaunch, readFuse, type FsLike } from './launch.ts';

const ROOT = resolve('/checkout/paymon');
const ELECTRON = join(ROOT, 'node_modules', 'electron');
const BUILT = ['out/main/index.js', 'out/preload/index.cjs', 'out/renderer/index.html'].map((f) => join(ROOT, f));

/** A file system holding `files` (path → contents). */
function fakeFs(files: Record<string, string>): FsLike {
  return {
    exists: (p) => p in files,
    read: (p) => {
      const text = files[p];
      if (text === undefined) throw new Error(`ENOENT ${p}`);
      return text;
    },
  };
}

const linuxElectron = { [join(ELECTRON, 'path.txt')]: 'electron', [join(ELECTRON, 'dist', 'electron')]: '' };
const built = Object.fromEntries(BUILT.map((f) => [f, '']));

describe('electronBinary', () => {
  it('reads path.txt and finds the binary in dist/, per platform layout', () => {
    expect(electronBinary(ROOT, fakeFs(linuxElectron))).toBe(join(ELECTRON, 'dist', 'electron'));
    const mac = 'Electron.app/Contents/MacOS/Electron';
    expect(electronBinary(ROOT, fakeFs({ [join(ELECTRON, 'path.txt')]: `${mac}\n`, [join(ELECTRON, 'dist', mac)]: '' }))).toBe(join(ELECTRON, 'dist', mac));
  });

  it('is null without path.txt, with an empty one, or when dist/ lacks the binary (electron 42+ before install-electron)', () => {
    expect(electronBinary(ROOT, fakeFs({}))).toBeNull();
    expect(electronBinary(ROOT, fakeFs({ [join(ELECTRON, 'path.txt')]: ' \n' }))).toBeNull();
    expect(electronBinary(ROOT, fakeFs({ [join(ELECTRON, 'path.txt')]: 'electron' }))).toBeNull();
  });
});

describe('planLaunch', () => {
  it('launches the dev build with the project folder as the entry', () => {
    expect(planLaunch(ROOT, {}, fakeFs({ ...linuxElectron, ...built }))).toEqual({
      app: { kind: 'dev', executablePath: join(ELECTRON, 'dist', 'electron'), args: [ROOT] },
    });
  });

  it('launches the packaged app named by PAYMON_E2E_APP, relative to the checkout, with no entry argument', () => {
    const exe = join(ROOT, 'dist', 'linux-unpacked', 'paymon');
    // Neither the Electron binary nor out/ is needed for a packaged app.
    expect(planLaunch(ROOT, { PAYMON_E2E_APP: 'dist/linux-unpacked/paymon' }, fakeFs({ [exe]: '' }))).toEqual({
      app: { kind: 'packaged', executablePath: exe, args: [] },
    });
    expect(planLaunch(ROOT, { PAYMON_E2E_APP: exe }, fakeFs({ [exe]: '' }))).toMatchObject({ app: { kind: 'packaged', executablePath: exe } });
  });

  it('fails, never skips, when PAYMON_E2E_APP names a missing file', () => {
    const plan = planLaunch(ROOT, { PAYMON_E2E_APP: 'dist/win-unpacked/Paymon.exe' }, fakeFs({ ...linuxElectron, ...built }));
    expect(plan).toEqual({ fail: expect.stringContaining('does not exist: run npm run dist first') });
  });

  it('ignores a blank PAYMON_E2E_APP', () => {
    expect(planLaunch(ROOT, { PAYMON_E2E_APP: '  ' }, fakeFs({ ...linuxElectron, ...built }))).toMatchObject({ app: { kind: 'dev' } });
  });

  it('skips with the reason without an Electron binary or without a build', () => {
    expect(planLaunch(ROOT, {}, fakeFs(built))).toEqual({ skip: expect.stringContaining('npx install-electron') });
    const partly = fakeFs({ ...linuxElectron, [BUILT[0]!]: '' });
    expect(planLaunch(ROOT, {}, partly)).toEqual({ skip: expect.stringMatching(/not built \(out\/preload\/index\.cjs, out\/renderer\/index\.html missing\): run npm run build/) });
  });

  it('fails instead of skipping where PAYMON_E2E_REQUIRED=1 (CI), so a missing binary cannot pass green', () => {
    expect(planLaunch(ROOT, { PAYMON_E2E_REQUIRED: '1' }, fakeFs(built))).toEqual({ fail: expect.stringContaining('PAYMON_E2E_REQUIRED=1') });
    expect(planLaunch(ROOT, { PAYMON_E2E_REQUIRED: '1' }, fakeFs(linuxElectron))).toEqual({ fail: expect.stringContaining('not built') });
  });
});

describe('needsNoSandbox', () => {
  it('turns the sandbox off only on Linux as root, or when asked to', () => {
    expect(needsNoSandbox('linux', 0, {})).toBe(true);
    expect(needsNoSandbox('linux', 1000, {})).toBe(false);
    expect(needsNoSandbox('linux', 1000, { PAYMON_E2E_NO_SANDBOX: '1' })).toBe(true);
    expect(needsNoSandbox('darwin', 0, { PAYMON_E2E_NO_SANDBOX: '1' })).toBe(false);
    expect(needsNoSandbox('win32', null, {})).toBe(false);
  });
});

describe('appEnv', () => {
  it('passes the environment through, drops what would change how Electron starts, and adds the extras', () => {
    const env = appEnv(
      { PATH: '/usr/bin', DISPLAY: ':99', ELECTRON_RUN_AS_NODE: '1', ELECTRON_RENDERER_URL: 'http://localhost:5173', NODE_OPTIONS: '--inspect', UNSET: undefined, PAYCRYPT_API_KEY: 'sk_live_x' },
      { PAYMON_DATA_DIR: '/tmp/d', PAYCRYPT_API_KEY: '' },
    );
    expect(env).toEqual({ PATH: '/usr/bin', DISPLAY: ':99', PAYMON_DATA_DIR: '/tmp/d', PAYCRYPT_API_KEY: '' });
  });
});

/** A stand-in binary: some bytes, the fuse wire (version 1, `fuses` as '0'/'1'/'r'), some more bytes. */
function binaryWithFuses(fuses: string): Uint8Array {
  return new Uint8Array(Buffer.concat([Buffer.from('\x7fELF padding'), Buffer.from(FUSE_SENTINEL, 'latin1'), Buffer.from([1, fuses.length]), Buffer.from(fuses, 'latin1'), Buffer.from('tail')]));
}

describe('fuses', () => {
  it('reads the inspect fuse from the wire after the sentinel', () => {
    expect(readFuse(binaryWithFuses('10111101'), INSPECT_FUSE)).toBe('enabled');
    expect(readFuse(binaryWithFuses('00101101'), INSPECT_FUSE)).toBe('disabled');
    expect(readFuse(binaryWithFuses('001r1101'), INSPECT_FUSE)).toBe('removed');
    // No sentinel, a wire too short for the fuse, or an unknown wire version: nothing to say.
    expect(readFuse(new Uint8Array(Buffer.from('no wire here')), INSPECT_FUSE)).toBe('unknown');
    expect(readFuse(binaryWithFuses('01'), INSPECT_FUSE)).toBe('unknown');
    const v2 = binaryWithFuses('00101101');
    v2[Buffer.from(v2).indexOf(FUSE_SENTINEL) + FUSE_SENTINEL.length] = 2;
    expect(readFuse(v2, INSPECT_FUSE)).toBe('unknown');
  });

  it('looks for the wire in the Electron Framework on macOS, in the executable elsewhere', () => {
    const mac = join(ROOT, 'dist', 'mac-arm64', 'Paymon.app', 'Contents', 'MacOS', 'Paymon');
    expect(fuseHolder(mac)).toBe(join(ROOT, 'dist', 'mac-arm64', 'Paymon.app', 'Contents', 'Frameworks', 'Electron Framework.framework', 'Electron Framework'));
    expect(fuseHolder(join(ROOT, 'dist', 'linux-unpacked', 'paymon'))).toBe(join(ROOT, 'dist', 'linux-unpacked', 'paymon'));
  });

  it('fails early, saying which build to test, when the packaged app has the inspect fuse off', () => {
    const exe = join(ROOT, 'dist', 'linux-unpacked', 'paymon');
    const withWire = (fuses: string): FsLike => ({ ...fakeFs({ [exe]: '' }), bytes: () => binaryWithFuses(fuses) });
    expect(planLaunch(ROOT, { PAYMON_E2E_APP: exe }, withWire('00101101'))).toEqual({ fail: expect.stringContaining('test/e2e/electron-builder.e2e.yml') });
    expect(planLaunch(ROOT, { PAYMON_E2E_APP: exe }, withWire('00111101'))).toMatchObject({ app: { kind: 'packaged' } });
  });
});
