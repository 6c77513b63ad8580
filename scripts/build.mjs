// `npm run build`: everything production runs, compiled into dist/.
//   dist/ui/          the web UI (Vite), and ui/embed/banner.js: <poolwatch-banner> for other NAS UIs
//   dist/cockpit/     the Cockpit page (Vite, relative URLs) with its manifest.json and config.json
//   dist/server/      the server and the CLI, bundled by esbuild into plain ESM that `node` runs
//                     (no tsx at run time); better-sqlite3 stays external (a native module)
// A stamp file lets `ensureBuilt()` (scripts/ensure.mjs) skip a build when nothing changed.
import { build as esbuild } from 'esbuild';
import { copyFileSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib';
import { build as vite } from 'vite';
import { BUILD_STAMP, ROOT, isBuilt } from './ensure.mjs';

// What production runs, whoever calls the build: a NODE_ENV inherited from a test runner (vitest sets
// `test`) would make Vite bundle React's development build (jsx-dev-runtime, ~45 KB more).
process.env.NODE_ENV = 'production';

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

/**
 * The most JavaScript the first page may load, gzip-compressed (issue 13: ≤ 150 KB, aim ≤ 100):
 * the entry script of index.html and every chunk it preloads. The build fails above it.
 */
export const FIRST_PAGE_JS_BUDGET_BYTES = 150 * 1024;

/** Files the server sends precompressed (server/http/static-ui.ts). */
const COMPRESSIBLE = /\.(js|css|html|svg|json)$/;

/** Writes a `.br` and a `.gz` twin of every text file under `dir` (max compression: it runs once per build). */
export function precompress(dir) {
  for (const name of readdirSync(dir, { recursive: true })) {
    const file = join(dir, name);
    if (!COMPRESSIBLE.test(file) || !statSync(file).isFile()) continue;
    const body = readFileSync(file);
    writeFileSync(`${file}.br`, brotliCompressSync(body, { params: { [zlib.BROTLI_PARAM_QUALITY]: 11, [zlib.BROTLI_PARAM_SIZE_HINT]: body.length } }));
    writeFileSync(`${file}.gz`, gzipSync(body, { level: 9 }));
  }
}

/** The scripts index.html loads before the first page shows (entry + modulepreload), with their gzip sizes. */
export function firstPageScripts(uiDir) {
  const html = readFileSync(join(uiDir, 'index.html'), 'utf8');
  const srcs = [...html.matchAll(/<script[^>]*type="module"[^>]*src="([^"]+)"/g), ...html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g)]
    .map((m) => m[1]);
  return srcs.map((src) => {
    const file = join(uiDir, src.replace(/^\//, ''));
    return { file: relative(uiDir, file), gzipBytes: gzipSync(readFileSync(file), { level: 9 }).length };
  });
}

/** Fails the build when the first page's JavaScript is over the budget; prints what it weighs. */
export function checkBudget(uiDir, budget = FIRST_PAGE_JS_BUDGET_BYTES) {
  const scripts = firstPageScripts(uiDir);
  const total = scripts.reduce((n, s) => n + s.gzipBytes, 0);
  const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
  const list = scripts.map((s) => `${s.file} ${kb(s.gzipBytes)}`).join(', ');
  if (total > budget) {
    throw new Error(`poolwatch: the first page loads ${kb(total)} of JavaScript (gzip), over the budget of ${kb(budget)}: ${list}. Split it (React.lazy) or trim it.`);
  }
  return { total, scripts };
}

export async function buildUi() {
  await vite({ configFile: join(ROOT, 'vite.config.ts'), logLevel: 'warn' });
  const { total } = checkBudget(join(ROOT, 'dist', 'ui'));
  console.log(`poolwatch: first page JavaScript ${(total / 1024).toFixed(1)} KB gzip (budget ${FIRST_PAGE_JS_BUDGET_BYTES / 1024} KB)`);
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
  precompress(join(ROOT, 'dist', 'ui'));
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
