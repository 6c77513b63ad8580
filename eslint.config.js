// Import boundaries follow docs/decisions/001-layering.md: data flows host → parsers → health →
// services → http → UI, and each layer may only import the layers it is allowed to.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import { uiTextRule } from './eslint/ui-text-rule.js';
import { readdirSync } from 'node:fs';

const IO_MODULES = ['execa', 'node:fs', 'fs', 'node:fs/promises', 'fs/promises', 'node:child_process', 'child_process', 'express', 'better-sqlite3'];
const SPAWN_MODULES = ['execa', 'node:child_process', 'child_process'];
const FS_MODULES = ['node:fs', 'fs', 'node:fs/promises', 'fs/promises'];
const FEATURES = readdirSync(new URL('./src/features/', import.meta.url)).filter((f) => !f.includes('.'));

// Import specifiers are matched as written (`../host/real-host.ts`), so rooms are regular expressions.
const SERVER_ROOMS = ['host', 'parsers', 'health', 'store', 'inventory', 'jobs', 'smart', 'auth', 'notify', 'metrics', 'schedules', 'services', 'watch', 'http', 'cli'];
const room = (name) => new RegExp(`(^|/)${name}/`);
const except = (...names) => SERVER_ROOMS.filter((r) => !names.includes(r)).map(room);
const SERVER = room('server');
const SRC = room('src');
const LAB = room('lab');
/** Test support and the UI's test folder: only tests, lab/ and bench/ import them. */
const TEST_SUPPORT = [room('test-support'), /(^|\/)src\/test\//, /^(\.\.\/)+test\//];
/** The composition root and the server's entry point (up from a server room): only tests and tools import them. */
const ROOTS = [/^(\.\.\/)+(compose|main)\.ts$/];

/**
 * One `no-restricted-imports` per file: in a flat config the last matching block wins, so each
 * room below lists everything it may not import (its own rules, plus test support and the roots).
 */
const restrict = (patterns, paths = IO_MODULES) => ({
  'no-restricted-imports': ['error', {
    paths: paths.map((name) => ({ name, message: 'This room may not use this module (see docs/architecture.md).' })),
    patterns: patterns.map((p) => ({ ...(p instanceof RegExp ? { regex: p.source } : { group: [p] }), message: 'Import crosses a room boundary (see docs/architecture.md).' })),
  }],
});
const TESTS = ['**/*.test.ts', '**/*.test.tsx', '**/*.int.test.ts'];
/** Production files of a room: its own restrictions plus test support and the composition root. */
const production = (files, patterns, paths) => ({ files, ignores: [...TESTS, 'server/test-support/**'], rules: restrict([...patterns, ...TEST_SUPPORT, ...ROOTS], paths) });

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
  // Production code anywhere in server/: no test support, no entry points.
  production(['server/**/*.ts'], [SRC, LAB], []),
  // contracts: zod only.
  production(['contracts/**/*.ts'], [SERVER, SRC, LAB, /^\.\.\//]),
  // host: the only room that spawns or reads the machine; knows no service.
  production(['server/host/**/*.ts'], [...except('host', 'parsers'), SRC, LAB], []),
  // parsers: pure functions over text.
  production(['server/parsers/**/*.ts'], [...except('parsers'), SRC, LAB]),
  // health: pure rules over snapshots (parsers allowed: they are pure too).
  production(['server/health/**/*.ts'], [...except('health', 'parsers'), SRC, LAB]),
  // store: SQLite only; no host, no services.
  production(['server/store/**/*.ts'], [...except('store', 'health', 'parsers'), SRC, LAB], SPAWN_MODULES),
  // services: what poolwatch does; never HTTP, never a process of their own (server/host does that).
  production(['server/{inventory,jobs,smart,auth,notify,metrics,schedules,services,watch,bundle}/**/*.ts'], [room('http'), room('cli'), SRC, LAB], SPAWN_MODULES),
  // http: routes call services; of host, only its error types (the error handler maps them).
  production(['server/http/**/*.ts'], [/(^|\/)host\/(?!(host-error|argv)\.ts$)/, room('cli'), SRC, LAB], [...SPAWN_MODULES, ...FS_MODULES]),
  // Where the graph is used whole: createApp gets it, the CLI composes it (their rooms' rules, minus the root).
  { files: ['server/http/app.ts'], rules: restrict([/(^|\/)host\//, room('cli'), SRC, LAB, ...TEST_SUPPORT], [...SPAWN_MODULES, ...FS_MODULES]) },
  { files: ['server/cli/**/*.ts'], ignores: TESTS, rules: restrict([SRC, LAB, ...TEST_SUPPORT], []) },
  // Server tests exercise the server: the UI is tested in src/ and across the line in acceptance/.
  { files: ['server/**/*.test.ts'], rules: restrict([SRC], []) },
  // UI: browser code that talks only to the API, through contracts/.
  {
    files: ['src/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: { ...reactHooks.configs.recommended.rules, ...restrict([SERVER, LAB, ...TEST_SUPPORT]) },
  },
  // A feature never imports another feature: shared pieces live in src/shared, src/app joins features.
  ...FEATURES.map((f) => ({
    files: [`src/features/${f}/**/*.{ts,tsx}`],
    ignores: TESTS,
    rules: restrict([SERVER, LAB, ...TEST_SUPPORT, new RegExp(`(^|/)features/(?!${f}/)`), /^\.\.\/(?!\.\.\/)[^/]+\//]),
  })),
  // UI tests and src/test may use src/test and the one pool builder (it imports only contracts/), nothing else of the server.
  {
    files: ['src/**/*.test.{ts,tsx}', 'src/test/**/*.{ts,tsx}'],
    rules: restrict([/(^|\/)server\/(?!test-support\/pools\.ts$)/, LAB]),
  },
  // UI words live in src/text/ (docs/ui-text.md), so wording is reviewed, fixed and translated in one place.
  {
    files: ['src/**/*.tsx'],
    ignores: ['src/text/**', '**/*.test.tsx'],
    plugins: { poolwatch: { rules: { 'ui-text-in-one-place': uiTextRule } } },
    rules: { 'poolwatch/ui-text-in-one-place': 'error' },
  },
);
