// `npm run build`: everything production runs, compiled into dist/.
//   dist/ui/        the web UI (Vite)
//   dist/server/    the server and the CLI, bundled by esbuild into plain ESM that `node` runs
//                   (no tsx at run time); better-sqlite3 stays external (a native module)
// A stamp file lets `ensureBuilt()` (scripts/ensure.mjs) skip a build when nothing changed.
import { build as esbuild } from 'esbuild';
import { copyFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build as vite } from 'vite';
import { BUILD_STAMP, ROOT, isBuilt } from './ensure.mjs';

const SERVER_OUT = join(ROOT, 'dist', 'server');

/**
 * CommonJS dependencies bundled into an ES module call `require` for Node's built-ins; this gives
 * them one. Native modules (better-sqlite3) are loaded from node_modules at run time.
 */
const REQUIRE_SHIM = "import { createRequire as __pwCreateRequire } from 'node:module'; const require = __pwCreateRequire(import.meta.url);";

export async function buildServer() {
  rmSync(SERVER_OUT, { recursive: true, force: true });
  mkdirSync(SERVER_OUT, { recursive: true });
  await esbuild({
    absWorkingDir: ROOT,
    entryPoints: { main: 'server/main.ts', cli: 'server/cli/main.ts' },
    outdir: SERVER_OUT,
    outExtension: { '.js': '.mjs' },
    // One self-contained file per entry (no shared chunks): code that finds files beside itself
    // (import.meta.dirname) then always sits in dist/server/.
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: ['better-sqlite3'],
    banner: { js: REQUIRE_SHIM },
    sourcemap: 'linked',
    legalComments: 'none',
    logLevel: 'warning',
  });
  // smartd runs this script itself (server/smart/smartd.ts finds it beside the bundle).
  copyFileSync(join(ROOT, 'server', 'smart', 'smartd-notify.mjs'), join(SERVER_OUT, 'smartd-notify.mjs'));
  // The common-password list server/auth/password-policy.ts reads beside itself.
  copyFileSync(join(ROOT, 'server', 'auth', 'common-passwords.txt'), join(SERVER_OUT, 'common-passwords.txt'));
}

export async function buildUi() {
  await vite({ configFile: join(ROOT, 'vite.config.ts'), logLevel: 'warn' });
}

export async function buildAll() {
  rmSync(BUILD_STAMP, { force: true });
  await buildUi();
  await buildServer();
  writeFileSync(BUILD_STAMP, `${new Date().toISOString()}\n`);
}

// `--if-stale`: only when a source is newer than the last complete build (Playwright's web server uses it).
if (import.meta.url === `file://${process.argv[1]}` && !(process.argv.includes('--if-stale') && isBuilt())) {
  const started = Date.now();
  await buildAll();
  console.log(`poolwatch: built dist/ in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
