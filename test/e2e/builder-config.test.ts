/**
 * The packaged app CI tests (test/e2e/electron-builder.e2e.yml) must be the shipped one with only
 * the inspect fuse turned on: checked here with electron-builder's own config loader, so the
 * `extends` merge is the one `electron-builder --config` performs, against today's electron-builder.yml.
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
type Config = Record<string, unknown> & { directories?: Record<string, unknown>; electronFuses?: Record<string, unknown> };
type GetConfig = (projectDir: string, configPath: string | null, configFromOptions: null) => Promise<Config>;

/** electron-builder's loader (app-builder-lib, its implementation); null where that layout changed. */
function loader(): GetConfig | null {
  try {
    const mod = createRequire(import.meta.url)('app-builder-lib/out/util/config/config.js') as { getConfig?: GetConfig };
    return typeof mod.getConfig === 'function' ? mod.getConfig : null;
  } catch {
    return null;
  }
}

const getConfig = loader();
const skip = getConfig ? null : "app-builder-lib's config loader is not where this test expects it (an electron-builder upgrade?)";

describe.skipIf(skip !== null)(`the E2E build's electron-builder config${skip ? ` (skipped: ${skip})` : ''}`, () => {
  it('is electron-builder.yml with the inspect fuse on and its own output folder, nothing else changed', async () => {
    const shipped = await getConfig!(ROOT, join(ROOT, 'electron-builder.yml'), null);
    const e2e = await getConfig!(ROOT, join(ROOT, 'test', 'e2e', 'electron-builder.e2e.yml'), null);
    expect(e2e.electronFuses?.['enableNodeCliInspectArguments']).toBe(true);
    expect(e2e.directories?.['output']).toBe('dist/e2e');
    const { extends: _extends, directories, electronFuses, ...rest } = e2e;
    const { directories: shippedDirs, electronFuses: shippedFuses, ...shippedRest } = shipped;
    expect(rest).toEqual(shippedRest);
    expect({ ...directories, output: shippedDirs?.['output'] }).toEqual(shippedDirs);
    expect({ ...electronFuses, enableNodeCliInspectArguments: shippedFuses?.['enableNodeCliInspectArguments'] }).toEqual(shippedFuses ?? { enableNodeCliInspectArguments: undefined });
  });
});
