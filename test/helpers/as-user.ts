/**
 * Runs an ES module as an unprivileged user, for the tests that need permission bits to hold:
 * as root (which ignores them) the module runs as `nobody`, otherwise as ourselves.
 *
 * `nobody` must be able to reach the node binary and every source file the module imports. A
 * checkout under /root or in any 0700 folder (the usual container setup, and `mktemp -d`) is out
 * of its reach, so as root the module runs from a private copy in the temp folder: the bundled
 * node binary, src/ and the packages src imports, all world-readable. Where even that cannot run
 * (say, a temp folder nobody cannot enter), the test is skipped with the reason. Issue 10.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, type TestContext } from 'vitest';

/** The uid and gid of `nobody` on Linux and the BSDs. */
export const NOBODY = 65534;

/** Whether permission bits are ignored (root), so the read-only tests must run as `nobody`. */
export const isRoot = process.getuid?.() === 0;

const checkout = path.resolve(import.meta.dirname, '../..');

/** The packages src/ imports at run time (the rest of node_modules is build and test tooling). */
const RUNTIME_PACKAGES = ['zod'];

/** Gives `dir` and everything directly in it to the user the modules run as (a no-op unless root). */
export function chownTree(dir: string): void {
  if (!isRoot) return;
  fs.chownSync(dir, NOBODY, NOBODY);
  for (const name of fs.readdirSync(dir)) fs.chownSync(path.join(dir, name), NOBODY, NOBODY);
}

/** Runs modules as the unprivileged user; `src(file)` is the URL to import `src/<file>` by. */
export interface UserRunner {
  src(file: string): string;
  /** Runs `source` (an ES module) with `args` and parses the JSON it prints last; skips the test if impossible here. */
  run(ctx: TestContext, source: string | ((src: (file: string) => string) => string), args: string[]): unknown;
}

/** A copy of what a module needs, readable by anyone. */
interface Copy {
  root: string;
  node: string;
}

/** World-readable (and, for folders and the binary, world-enterable) all the way down. */
function openUp(target: string): void {
  const stat = fs.lstatSync(target);
  if (stat.isSymbolicLink()) return;
  if (stat.isDirectory()) {
    fs.chmodSync(target, 0o755);
    for (const name of fs.readdirSync(target)) openUp(path.join(target, name));
  } else {
    fs.chmodSync(target, stat.mode & 0o111 ? 0o755 : 0o644);
  }
}

function makeCopy(): Copy {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'paymon-as-nobody-'));
  fs.cpSync(path.join(checkout, 'src'), path.join(root, 'src'), { recursive: true });
  for (const name of RUNTIME_PACKAGES) {
    fs.cpSync(path.join(checkout, 'node_modules', name), path.join(root, 'node_modules', name), { recursive: true, dereference: true });
  }
  fs.writeFileSync(path.join(root, 'package.json'), JSON.stringify({ type: 'module', private: true }));
  const node = path.join(root, 'node');
  fs.copyFileSync(process.execPath, node, fs.constants.COPYFILE_FICLONE);
  openUp(root);
  return { root, node };
}

/** Why nobody cannot run a module from `copy`, or null when it can. */
function probe(copy: Copy): string | null {
  const errors = pathToFileURL(path.join(copy.root, 'src', 'shared', 'errors.ts')).href;
  const child = spawnSync(copy.node, ['--input-type=module', '-e', `await import(${JSON.stringify(errors)}); console.log('ok')`], {
    encoding: 'utf8',
    uid: NOBODY,
    gid: NOBODY,
    cwd: os.tmpdir(),
  });
  if (child.status === 0 && child.stdout.trim() === 'ok') return null;
  const why = child.error ? String(child.error) : (child.stderr ?? '').trim().split('\n')[0];
  return `nobody cannot run node from a copy in ${os.tmpdir()}: ${why || `exit ${child.status}`}`;
}

/**
 * The runner for one test file; call it at the top of the file (it registers the clean-up).
 * The private copy is made on first use, once per file.
 */
export function userRunner(): UserRunner {
  let prepared: { copy: Copy | null; skip: string | null } | undefined;
  afterAll(() => {
    if (prepared?.copy) fs.rmSync(prepared.copy.root, { recursive: true, force: true });
  });
  const prepare = () => {
    if (prepared) return prepared;
    if (!isRoot) return (prepared = { copy: null, skip: null });
    const copy = makeCopy();
    return (prepared = { copy, skip: probe(copy) });
  };
  const src = (file: string) => {
    const base = isRoot ? prepare().copy?.root ?? checkout : checkout;
    return pathToFileURL(path.join(base, 'src', file)).href;
  };
  return {
    src,
    run(ctx, source, args) {
      const { copy, skip } = prepare();
      if (skip) ctx.skip(skip);
      const text = typeof source === 'string' ? source : source(src);
      const script = path.join(copy?.root ?? fs.mkdtempSync(path.join(os.tmpdir(), 'paymon-as-user-')), `script-${process.hrtime.bigint()}.mjs`);
      fs.writeFileSync(script, text, { mode: 0o644 });
      try {
        const child = spawnSync(copy?.node ?? process.execPath, [script, ...args], {
          encoding: 'utf8',
          cwd: os.tmpdir(),
          ...(isRoot ? { uid: NOBODY, gid: NOBODY } : {}),
        });
        if (child.status !== 0) {
          const why = child.error ? String(child.error) : (child.stderr ?? '').trim();
          throw new Error(`the module run as ${isRoot ? 'nobody' : 'this user'} failed: ${why || `exit ${child.status}`}`);
        }
        const lines = child.stdout.trim().split('\n');
        return JSON.parse(lines[lines.length - 1] ?? 'null') as unknown;
      } finally {
        fs.rmSync(script, { force: true });
        if (!copy) fs.rmSync(path.dirname(script), { recursive: true, force: true });
      }
    },
  };
}
