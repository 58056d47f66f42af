// Boundaries the linter keeps (issue 12): each folder of src may import only what its place in the
// architecture allows. ESLint's own Node API lints small sources as if they sat in each folder, so
// a rule that stops firing (a typo in a glob, a later config object overriding it) fails here.
import path from 'node:path';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
let eslint: ESLint;

beforeAll(() => {
  eslint = new ESLint({ cwd: root });
});

/** The no-restricted-imports messages ESLint gives `code` placed at `file` (relative to the checkout). */
async function restricted(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  const messages = result?.messages ?? [];
  const fatal = messages.filter((m) => m.fatal);
  if (fatal.length > 0) throw new Error(fatal.map((m) => m.message).join('; '));
  return messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('lint boundaries between the folders of src', () => {
  it.each([
    ['the core imports the simulator (what demo.ts used to do)', 'src/core/app/probe.ts', "import { startSimulator } from '../../simulator/server.ts';\nvoid startSimulator;\n"],
    ['the core imports main', 'src/core/app/probe.ts', "import { setupIpc } from '../../main/ipc.ts';\nvoid setupIpc;\n"],
    ['the core imports the renderer', 'src/core/probe.ts', "import { useWatchStore } from '../renderer/src/store/watch-store.ts';\nvoid useWatchStore;\n"],
    ['the core imports electron', 'src/core/probe.ts', "import { app } from 'electron';\nvoid app;\n"],
    ['the core imports keytar outside keytar-store.ts', 'src/core/secrets/probe.ts', "import keytar from 'keytar';\nvoid keytar;\n"],
    ['the CLI imports the simulator', 'src/cli/probe.ts', "import { SimWorld } from '../simulator/world.ts';\nvoid SimWorld;\n"],
    ['the CLI imports main', 'src/cli/probe.ts', "import { runCliMode } from '../main/cli-mode.ts';\nvoid runCliMode;\n"],
    ['the CLI imports the renderer', 'src/cli/probe.ts', "import { App } from '../renderer/src/App.tsx';\nvoid App;\n"],
    ['the renderer imports the core', 'src/renderer/src/lib/probe.ts', "import { Engine } from '../../../core/monitor/engine.ts';\nvoid Engine;\n"],
    ['the renderer imports the core only for a type', 'src/renderer/src/lib/probe.ts', "import type { Engine } from '../../../core/monitor/engine.ts';\nexport type E = Engine;\n"],
    ['the renderer imports the preload', 'src/renderer/src/probe.ts', "import { createPaymonApi } from '../../preload/api.ts';\nvoid createPaymonApi;\n"],
    ['the renderer imports a Node built-in', 'src/renderer/src/probe.ts', "import { readFileSync } from 'node:fs';\nvoid readFileSync;\n"],
    ['the renderer imports electron', 'src/renderer/src/probe.ts', "import { ipcRenderer } from 'electron';\nvoid ipcRenderer;\n"],
    ['shared code imports the core', 'src/shared/probe.ts', "import { maskKey } from '../core/secrets/key-hygiene.ts';\nvoid maskKey;\n"],
    ['shared code imports a Node built-in', 'src/shared/probe.ts', "import { createHash } from 'node:crypto';\nvoid createHash;\n"],
    ['the preload imports the core', 'src/preload/probe.ts', "import { AppService } from '../core/app/index.ts';\nvoid AppService;\n"],
    ['main imports keytar', 'src/main/probe.ts', "import keytar from 'keytar';\nvoid keytar;\n"],
    ['the simulator runs code of the core', 'src/simulator/probe.ts', "import { Engine } from '../core/monitor/engine.ts';\nvoid Engine;\n"],
  ])('refuses: %s', async (_what, file, code) => {
    expect(await restricted(file, code)).toHaveLength(1);
  });

  it.each([
    ['main wires the simulator in (demo mode)', 'src/main/probe.ts', "import { startDemoBackend } from '../simulator/demo-backend.ts';\nvoid startDemoBackend;\n"],
    ['the core imports shared code and Node', 'src/core/app/probe.ts', "import { PROVIDERS } from '../../shared/payment.ts';\nimport { join } from 'node:path';\nvoid PROVIDERS;\nvoid join;\n"],
    ['keytar in its one file', 'src/core/secrets/keytar-store.ts', "import keytar from 'keytar';\nvoid keytar;\n"],
    ['the renderer imports shared code and itself', 'src/renderer/src/lib/probe.ts', "import { PROVIDERS } from '../../../shared/payment.ts';\nimport { statusText } from './status.ts';\nvoid PROVIDERS;\nvoid statusText;\n"],
    ['the simulator implements a type of the core', 'src/simulator/probe.ts', "import type { DemoBackend } from '../core/app/demo.ts';\nexport type B = DemoBackend;\n"],
    ['the preload imports electron and the contract', 'src/preload/probe.ts', "import { ipcRenderer } from 'electron';\nimport { EVENT_CHANNELS } from '../shared/ipc.ts';\nvoid ipcRenderer;\nvoid EVENT_CHANNELS;\n"],
    ['a test imports anything', 'test/core/probe.test.ts', "import { SimWorld } from '../../src/simulator/world.ts';\nimport { Engine } from '../../src/core/monitor/engine.ts';\nvoid SimWorld;\nvoid Engine;\n"],
  ])('allows: %s', async (_what, file, code) => {
    expect(await restricted(file, code)).toEqual([]);
  });
});
