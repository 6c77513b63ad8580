// `npm run build`: everything production runs, compiled into dist/.
//   dist/ui/          the web UI (Vite), and ui/embed/banner.js: <poolwatch-banner> for other NAS UIs
//   dist/cockpit/     the Cockpit page (Vite, relative URLs) with its manifest.json and config.json
//   dist/server/      the server and the CLI, bundled by esbuild into plain ESM that `node` runs
//                     (no tsx at run time); better-sqlite3 stays external (a native module)
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

/** The Cockpit menu entry: under Cockpit's Storage (order 30), found by its storage words. */
const COCKPIT_MANIFEST = {
  version: 0,
  name: 'poolwatch',
  requires: { cockpit: '239' },
  menu: {
    index: {
      label: 'Pool health',
      order: 31,
      keywords: [{ matches: ['btrfs', 'pool', 'raid', 'disk', 'storage', 'degraded', 'smart', 'poolwatch'] }],
    },
  },
};
/** Where the sockets are until `poolwatch cockpit install --socket` says otherwise (the systemd unit's). */
const COCKPIT_DEFAULT_CONFIG = { socket: '/run/poolwatch/poolwatch.sock', adminSocket: '/run/poolwatch/poolwatch-admin.sock', group: 'poolwatch' };

export async function buildUi() {
  await vite({ configFile: join(ROOT, 'vite.config.ts'), logLevel: 'warn' });
  // <poolwatch-banner>: one small ES module other pages load from poolwatch (no React, no zod).
  await esbuild({
    absWorkingDir: ROOT,
    entryPoints: ['src/embed/banner.ts'],
    outfile: join(ROOT, 'dist', 'ui', 'embed', 'banner.js'),
    bundle: true,
    format: 'esm',
    target: 'es2022',
    minify: true,
    legalComments: 'none',
    logLevel: 'warning',
  });
}

export async function buildCockpit() {
  await vite({ configFile: join(ROOT, 'vite.cockpit.config.ts'), logLevel: 'warn' });
  const out = join(ROOT, 'dist', 'cockpit');
  writeFileSync(join(out, 'manifest.json'), `${JSON.stringify(COCKPIT_MANIFEST, null, 2)}\n`);
  writeFileSync(join(out, 'config.json'), `${JSON.stringify(COCKPIT_DEFAULT_CONFIG, null, 2)}\n`);
}

export async function buildAll() {
  rmSync(BUILD_STAMP, { force: true });
  await buildUi();
  await buildCockpit();
  await buildServer();
  writeFileSync(BUILD_STAMP, `${new Date().toISOString()}\n`);
}

// `--if-stale`: only when a source is newer than the last complete build (Playwright's web server uses it).
if (import.meta.url === `file://${process.argv[1]}` && !(process.argv.includes('--if-stale') && isBuilt())) {
  const started = Date.now();
  await buildAll();
  console.log(`poolwatch: built dist/ in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
