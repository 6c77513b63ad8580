// Import boundaries follow docs/decisions/001-layering.md: data flows host → parsers → health →
// services → http → UI, and each layer may only import the layers it is allowed to.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import { uiTextRule } from './eslint/ui-text-rule.js';

const IO_MODULES = ['execa', 'node:fs', 'fs', 'node:fs/promises', 'fs/promises', 'node:child_process', 'child_process', 'express', 'better-sqlite3'];
const restrict = (patterns, paths = IO_MODULES) => ({
  'no-restricted-imports': ['error', {
    paths: paths.map((name) => ({ name, message: 'This layer must stay pure: no I/O modules here (see docs/decisions/001-layering.md).' })),
    patterns: patterns.map((p) => ({ ...(p instanceof RegExp ? { regex: p.source } : { group: [p] }), message: 'Import crosses a layer boundary (see docs/decisions/001-layering.md).' })),
  }],
});

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'fixtures/**', '.lab/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
    },
  },
  // contracts: zod only.
  { files: ['contracts/**/*.ts'], rules: restrict(['**/server/**', '**/src/**', '**/lab/**']) },
  // parsers and health rules: pure functions over text and snapshots.
  // (Tests beside pure code may read fixture files; the boundary is for the code itself.)
  { files: ['server/parsers/**/*.ts'], ignores: ['**/*.test.ts', '**/fixture-cases.ts'], rules: restrict(['**/host/**', '**/http/**', '**/store/**', '**/inventory/**', '**/jobs/**', '**/health/**']) },
  { files: ['server/health/**/*.ts'], ignores: ['**/*.test.ts'], rules: restrict(['**/host/**', '**/http/**', '**/store/**', '**/inventory/**', '**/jobs/**']) },
  // http: no direct process spawning or file reads — go through services.
  { files: ['server/http/**/*.ts'], ignores: ['**/*.test.ts'], rules: restrict(['**/host/exec*', '**/host/sysfs*'], ['execa', 'node:child_process', 'child_process', 'node:fs', 'fs', 'node:fs/promises', 'fs/promises']) },
  // services and store may not spawn processes themselves: only server/host does.
  { files: ['server/inventory/**/*.ts', 'server/store/**/*.ts', 'server/jobs/**/*.ts'], ignores: ['**/*.test.ts', '**/*.int.test.ts'], rules: restrict(['**/http/**'], ['execa', 'node:child_process', 'child_process']) },
  // UI: browser code that talks only to the API, through contracts/.
  {
    files: ['src/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: { ...reactHooks.configs.recommended.rules, ...restrict(['**/server/**', '**/lab/**']) },
  },
  // UI tests and src/test may use the one pool builder (it imports only contracts/), nothing else of the server.
  { files: ['src/**/*.test.{ts,tsx}', 'src/test/**/*.{ts,tsx}'], rules: restrict([/(^|\/)server\/(?!test-support\/pools\.ts$)/, '**/lab/**']) },
  // UI words live in src/text/ (docs/ui-text.md), so wording is reviewed, fixed and translated in one place.
  {
    files: ['src/**/*.tsx'],
    ignores: ['src/text/**', '**/*.test.tsx'],
    plugins: { poolwatch: { rules: { 'ui-text-in-one-place': uiTextRule } } },
    rules: { 'poolwatch/ui-text-in-one-place': 'error' },
  },
);
