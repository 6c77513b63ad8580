#!/usr/bin/env node
// `poolwatch …` (or `npx poolwatch …` in a checkout).
//   poolwatch serve   the compiled server (dist/server/main.mjs) — what the systemd unit runs
//   poolwatch <other> the CLI: compiled (dist/server/cli.mjs) in an installed package; in a checkout
//                     the TypeScript source through tsx (a development dependency), never a stale build
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const here = (path) => fileURLToPath(new URL(path, import.meta.url));

if (process.argv[2] === 'serve') {
  if (!existsSync(here('../dist/server/main.mjs'))) {
    console.error('poolwatch: no compiled server in dist/server (run npm run build)');
    process.exit(2);
  }
  await import('../dist/server/main.mjs');
} else {
  let main;
  if (existsSync(here('../server/cli/main.ts'))) {
    const { register } = await import('tsx/esm/api');
    register();
    ({ main } = await import('../server/cli/main.ts'));
  } else {
    ({ main } = await import('../dist/server/cli.mjs'));
  }
  process.exitCode = await main(process.argv.slice(2), { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr });
}
