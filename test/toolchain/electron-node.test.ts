// Two Nodes (issue 10): tests run on the bundled `node` package, the app on Electron's own Node.
// If the bundled Node were newer, an API that exists only there could pass every test and crash
// the app. The rule checked here:
// - electron and node are pinned to exact versions in package.json, so neither can drift;
// - the installed electron has a row in ELECTRON_NODE, and `node` is pinned to that row's version;
// - the bundled node's `--version` has the same major.minor as Electron's Node (Node adds APIs only
//   in minor releases), and is exactly the pinned version;
// - where an Electron binary exists, `ELECTRON_RUN_AS_NODE=1 electron -p process.versions.node`
//   equals the row exactly.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ELECTRON_NODE } from './electron-node.ts';

const root = path.resolve(import.meta.dirname, '../..');
const readJson = <T>(file: string): T => JSON.parse(fs.readFileSync(path.join(root, file), 'utf8')) as T;
const manifest = readJson<{ devDependencies: Record<string, string> }>('package.json');
const electronVersion = readJson<{ version: string }>('node_modules/electron/package.json').version;
const row = ELECTRON_NODE[electronVersion];
const EXACT = /^\d+\.\d+\.\d+$/;
const majorMinor = (v: string) => v.replace(/^v/, '').split('.').slice(0, 2).join('.');

/** The Electron executable the `electron` package would run, without triggering its download. */
function electronBinary(): string | { missing: string } {
  const pkg = path.join(root, 'node_modules', 'electron');
  const pathFile = path.join(pkg, 'path.txt');
  if (!fs.existsSync(pathFile)) return { missing: 'node_modules/electron/path.txt is absent (the binary was never fetched)' };
  const rel = fs.readFileSync(pathFile, 'utf8').trim();
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  const binary = override ? path.join(override, rel) : path.join(pkg, 'dist', rel);
  return fs.existsSync(binary) ? binary : { missing: `${binary} does not exist` };
}

describe('the bundled Node matches the Node inside Electron', () => {
  it('pins electron and node to exact versions in package.json', () => {
    expect(manifest.devDependencies.electron).toMatch(EXACT);
    expect(manifest.devDependencies.node).toMatch(EXACT);
    expect(manifest.devDependencies.electron).toBe(electronVersion);
  });

  it('knows the installed Electron, and pins node to its Node', () => {
    expect(row, `add Electron ${electronVersion} and its Node to test/toolchain/electron-node.ts`).toBeDefined();
    expect(manifest.devDependencies.node).toBe(row!.node);
  });

  it("runs the tests on a Node with Electron's major.minor (exactly the pinned one)", () => {
    const bundled = spawnSync(path.join(root, 'node_modules', '.bin', 'node'), ['--version'], { encoding: 'utf8' });
    expect(bundled.status, String(bundled.error ?? bundled.stderr)).toBe(0);
    const version = bundled.stdout.trim().replace(/^v/, '');
    expect(majorMinor(version)).toBe(majorMinor(row!.node));
    expect(version).toBe(row!.node);
  });

  it("equals the Node an Electron binary reports, where one exists", (ctx) => {
    const binary = electronBinary();
    if (typeof binary !== 'string') ctx.skip(`no Electron binary here to ask: ${binary.missing}`);
    const asNode = spawnSync(binary as string, ['-p', 'process.versions.node'], {
      encoding: 'utf8',
      env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
      timeout: 60_000,
    });
    expect(asNode.status, String(asNode.error ?? asNode.stderr)).toBe(0);
    expect(asNode.stdout.trim()).toBe(row!.node);
  });
});
