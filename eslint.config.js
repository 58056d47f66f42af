// Lint guard rails that protect the architecture (see ../shared/STYLE.md).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const noElectron = {
  name: 'electron',
  message: 'The core, CLI, simulator and renderer must not import electron; only src/main and src/preload do.',
};
const noKeytar = {
  name: 'keytar',
  message: 'keytar is loaded only by src/core/secrets/keytar-store.ts.',
};

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': ['error', { paths: [noKeytar] }],
    },
  },
  {
    files: ['src/core/**', 'src/cli/**', 'src/simulator/**', 'src/shared/**', 'src/renderer/**'],
    rules: { 'no-restricted-imports': ['error', { paths: [noElectron, noKeytar] }] },
  },
  {
    files: ['src/core/secrets/keytar-store.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [noElectron] }] },
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}', 'test/renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
);
