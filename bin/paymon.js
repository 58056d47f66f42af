#!/usr/bin/env node
// Entry point of the `paymon` command. Paymon runs on Node 24 (Electron 45's Node),
// which the project brings as the npm `node` package; an older Node re-runs this
// file with that one, so `./bin/paymon.js` works whatever `node` is on the PATH.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const major = Number(process.versions.node.split('.')[0]);
if (major < 24) {
  const root = join(dirname(fileURLToPath(import.meta.url)), '..');
  const node24 = join(root, 'node_modules', 'node', 'bin', 'node');
  if (!existsSync(node24)) {
    process.stderr.write(`paymon needs Node 24 or newer (this is ${process.version}); run "npm install" in ${root}\n`);
    process.exit(2);
  }
  const child = spawnSync(node24, [fileURLToPath(import.meta.url), ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exit(child.status ?? 1);
}

const { main } = await import('../src/cli/main.ts');
const code = await main(process.argv.slice(2), {
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
});
process.exitCode = code;
// A keychain call abandoned after its timeout would keep the process alive: leave
// once output has had a moment to drain (the timer itself does not hold the process).
setTimeout(() => process.exit(code), 200).unref();
