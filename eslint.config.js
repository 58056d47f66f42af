// Lint guard rails that protect the architecture (see ../shared/STYLE.md).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const noElectron = {
  name: 'electron',
  message: 'The core, CLI, simulator, shared code and renderer must not import electron; only src/main and src/preload do.',
};
const noKeytar = {
  name: 'keytar',
  message: 'keytar is loaded only by src/core/secrets/keytar-store.ts.',
};

/** An import of one of src's folders, by any relative path (`../../simulator/x.ts`, `../main/ipc.ts`). */
const folder = (name, message, extra = {}) => ({ regex: `(^|/)${name}(/|$)`, message, ...extra });
const noNode = (where) => ({ regex: '^node:', message: `${where} runs without Node: no node: built-ins.` });

// Who may import whom (issue 12; docs/architecture.md). Tests and bench are not restricted.
const coreOrCli = 'The core and the CLI run without Electron or a window';
const boundaries = {
  core: [
    folder('main', `${coreOrCli}: never import src/main.`),
    folder('renderer', `${coreOrCli}: never import src/renderer.`),
    folder('preload', `${coreOrCli}: never import src/preload.`),
    folder('simulator', 'The core never imports the simulator (a test fixture): the app injects demo mode\'s backend (AppServiceOptions.demoBackend).'),
    folder('cli', 'The core never imports the CLI; the CLI imports the core.'),
  ],
  cli: [
    folder('main', `${coreOrCli}: never import src/main.`),
    folder('renderer', `${coreOrCli}: never import src/renderer.`),
    folder('preload', `${coreOrCli}: never import src/preload.`),
    folder('simulator', 'The CLI never imports the simulator (a test fixture).'),
  ],
  shared: [
    ...['core', 'cli', 'main', 'preload', 'renderer', 'simulator'].map((name) =>
      folder(name, `src/shared is pure (main, preload, renderer and CLI all import it): never import src/${name}.`),
    ),
    noNode('src/shared'),
  ],
  renderer: [
    ...['core', 'cli', 'main', 'preload', 'simulator'].map((name) =>
      folder(name, `The renderer imports only src/shared and itself (it reaches main through window.paymon): never src/${name}.`),
    ),
    noNode('The renderer'),
  ],
  preload: [
    ...['core', 'cli', 'main', 'renderer', 'simulator'].map((name) =>
      folder(name, `The sandboxed preload imports only electron and src/shared: never src/${name}.`),
    ),
    noNode('The sandboxed preload'),
  ],
  simulator: [
    ...['cli', 'main', 'preload', 'renderer'].map((name) => folder(name, `The simulator never imports src/${name}.`)),
    // The demo backend implements the core's DemoBackend type; nothing of the core runs in the simulator.
    folder('core', 'The simulator may import only types from the core.', { allowTypeImports: true }),
  ],
};

/** One no-restricted-imports entry (ESLint does not merge a rule's options across config objects). */
const restrict = (paths, patterns = []) => ['error', { paths, patterns }];

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': restrict([noKeytar]),
    },
  },
  { files: ['src/main/**'], rules: { 'no-restricted-imports': restrict([noKeytar]) } },
  { files: ['src/preload/**'], rules: { 'no-restricted-imports': restrict([noKeytar], boundaries.preload) } },
  { files: ['src/core/**'], rules: { 'no-restricted-imports': restrict([noElectron, noKeytar], boundaries.core) } },
  { files: ['src/core/secrets/keytar-store.ts'], rules: { 'no-restricted-imports': restrict([noElectron], boundaries.core) } },
  { files: ['src/cli/**'], rules: { 'no-restricted-imports': restrict([noElectron, noKeytar], boundaries.cli) } },
  { files: ['src/shared/**'], rules: { 'no-restricted-imports': restrict([noElectron, noKeytar], boundaries.shared) } },
  { files: ['src/renderer/**'], rules: { 'no-restricted-imports': restrict([noElectron, noKeytar], boundaries.renderer) } },
  { files: ['src/simulator/**'], rules: { 'no-restricted-imports': restrict([noElectron, noKeytar], boundaries.simulator) } },
  {
    files: ['src/renderer/**/*.{ts,tsx}', 'test/renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
);
