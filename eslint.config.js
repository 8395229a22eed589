// ESLint (typescript-eslint, type-aware) with the layer rules of the README:
// renderer/ may not reach Node, Electron or db/; shared/ stays pure; db/ knows no Electron.
import js from '@eslint/js';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

const nodeBuiltins = ['node:*', 'fs', 'path', 'os', 'crypto', 'child_process', 'http', 'net', 'url', 'util', 'worker_threads'];
const layer = (patterns, message) => ['error', { patterns: [{ group: patterns, message }] }];

export default tseslint.config(
  { ignores: ['dist/**', 'release/**', 'node_modules/**', 'test-results/**', 'bench/results.json'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: { allowDefaultProject: ['*.js', '*.mjs', 'scripts/*.mjs', 'bin/*.cjs'] }, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.node },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      'no-restricted-syntax': ['error', { selector: "CallExpression[callee.property.name='only']", message: 'No focused tests.' }],
    },
  },
  {
    files: ['**/*.cjs', '**/*.mjs', '**/*.js'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    files: ['bin/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { ...globals.node } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    ...reactHooks.configs.flat.recommended,
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    // A missing effect dependency is a bug here, not a style point: fail on it like any other rule.
    rules: { 'react-hooks/exhaustive-deps': 'error' },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: { 'no-restricted-imports': layer([...nodeBuiltins, 'electron', 'better-sqlite3-multiple-ciphers', '**/db/**', '**/electron/**'], 'The renderer talks only to the Api: no Node, Electron or db/.') },
  },
  {
    files: ['shared/**/*.ts'],
    rules: { 'no-restricted-imports': layer([...nodeBuiltins, 'electron', 'better-sqlite3-multiple-ciphers', 'react', '**/db/**', '**/electron/**', '**/renderer/**'], 'shared/ is pure TypeScript: no I/O, no UI.') },
  },
  {
    files: ['db/**/*.ts'],
    rules: { 'no-restricted-imports': layer(['electron', '**/electron/**', '**/renderer/**'], 'db/ knows nothing of Electron or the UI.') },
  },
);
