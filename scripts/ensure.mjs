// Installs what poolwatch needs on a fresh clone. Node built-ins only: this runs before npm deps exist.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const SBIN_PATH = `${process.env.PATH ?? ''}:/usr/sbin:/sbin`;

/** A command on PATH (with sbin), or an absolute path that exists (a package's file off PATH). */
function have(command) {
  if (command.startsWith('/')) return existsSync(command);
  return spawnSync('sh', ['-c', `command -v ${command}`], { env: { ...process.env, PATH: SBIN_PATH } }).status === 0;
}

function run(file, args, opts = {}) {
  const r = spawnSync(file, args, { stdio: 'inherit', cwd: ROOT, ...opts });
  if (r.status !== 0) throw new Error(`\`${[file, ...args].join(' ')}\` failed with status ${r.status ?? r.signal}`);
}

/** Debian packages by the command that proves they are there. */
export function ensureSystemPackages(wanted) {
  const missing = Object.entries(wanted).filter(([cmd]) => !have(cmd)).map(([, pkg]) => pkg);
  if (missing.length === 0) return;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot || !have('apt-get')) {
    console.warn(`poolwatch: missing system packages: ${missing.join(' ')} (install them as root: apt-get install -y ${missing.join(' ')})`);
    return;
  }
  console.log(`poolwatch: installing ${missing.join(' ')} from Debian`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  run('apt-get', ['update', '-q'], { env });
  run('apt-get', ['install', '-y', '-q', '--no-install-recommends', ...missing], { env });
}

/** npm dependencies: `npm ci` when node_modules is missing or older than the lock file. */
export function ensureNodeModules() {
  const lock = join(ROOT, 'package-lock.json');
  const marker = join(ROOT, 'node_modules', '.package-lock.json');
  if (existsSync(marker) && statSync(marker).mtimeMs >= statSync(lock).mtimeMs) return;
  console.log('poolwatch: installing npm dependencies (npm ci)');
  run('npm', ['ci', '--no-audit', '--no-fund']);
}

/** Written by scripts/build.mjs after a complete build. */
export const BUILD_STAMP = join(ROOT, 'dist', '.build-stamp');
/** What the build reads: a change to any of these makes dist/ stale. */
const BUILD_INPUTS = ['server', 'src', 'contracts', 'vite.config.ts', 'vite.cockpit.config.ts', 'package-lock.json', 'scripts/build.mjs'];

function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

/** True when dist/ holds a complete build newer than every source file. */
export function isBuilt() {
  if (!existsSync(BUILD_STAMP)) return false;
  const built = statSync(BUILD_STAMP).mtimeMs;
  return BUILD_INPUTS.every((p) => newestMtime(join(ROOT, p)) <= built);
}

/** Builds dist/ (`npm run build`) unless it is complete and newer than the sources. */
export function ensureBuilt() {
  if (isBuilt()) return;
  console.log('poolwatch: building dist/ (npm run build)');
  run(process.execPath, [join(ROOT, 'scripts', 'build.mjs')]);
}
