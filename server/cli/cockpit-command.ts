/**
 * `poolwatch cockpit install|uninstall`: puts the Cockpit page (dist/cockpit, `npm run build`)
 * where Cockpit finds it, and tells it where poolwatch's sockets are (config.json beside it).
 *   poolwatch cockpit install [--dir <dir>] [--socket <path>] [--group <name>]
 *   poolwatch cockpit uninstall [--dir <dir>]
 * The default folder is /usr/share/cockpit/poolwatch (every Cockpit user); Cockpit also reads
 * ~/.local/share/cockpit/<name> for one user. The socket defaults to POOLWATCH_SOCKET, else the
 * systemd unit's /run/poolwatch/poolwatch.sock; its admin twin is derived the same way the server
 * derives it.
 */
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { adminSocketPath } from '../config.ts';
import type { Io } from './main.ts';

export const COCKPIT_USAGE = 'usage: poolwatch cockpit install [--dir <dir>] [--socket <path>] [--group <name>] | poolwatch cockpit uninstall [--dir <dir>]';
export const DEFAULT_COCKPIT_DIR = '/usr/share/cockpit/poolwatch';
export const DEFAULT_SOCKET = '/run/poolwatch/poolwatch.sock';

/** dist/cockpit beside the running code: dist/server/cli.mjs compiled, server/cli/*.ts in a checkout. */
export function builtCockpitDir(here = import.meta.dirname): string {
  const dist = basename(here) === 'server' && basename(dirname(here)) === 'dist' ? dirname(here) : join(here, '..', '..', 'dist');
  return join(dist, 'cockpit');
}

/**
 * Why `dir` may not be replaced or removed, or null: only an empty folder or poolwatch's own page
 * (its manifest names it) is ours — `--dir /usr/share/cockpit` or `--dir /` must never be wiped.
 */
function notOurs(dir: string): string | null {
  if (!existsSync(dir)) return null;
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return `${dir} is not a folder`;
  }
  if (entries.length === 0) return null;
  try {
    if ((JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { name?: unknown }).name === 'poolwatch') return null;
  } catch {
    // No manifest, or not JSON: not a Cockpit page of ours.
  }
  return `${dir} holds something other than poolwatch's Cockpit page (its manifest.json does not name poolwatch); nothing was changed. Give the package's own folder, e.g. ${DEFAULT_COCKPIT_DIR}`;
}

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

export async function cockpitCommand(args: string[], io: Io, env: Record<string, string | undefined> = process.env, source = builtCockpitDir()): Promise<number> {
  const say = (text: string) => io.stdout.write(`${text}\n`);
  const fail = (text: string) => {
    io.stderr.write(`poolwatch cockpit: ${text}\n`);
    return 2;
  };
  const [sub, ...rest] = args;
  const dir = option(rest, '--dir') ?? DEFAULT_COCKPIT_DIR;
  if (!dir.startsWith('/')) return fail(`--dir must be an absolute path (got ${dir})`);
  const foreign = notOurs(dir);
  if ((sub === 'install' || sub === 'uninstall') && foreign) return fail(foreign);
  if (sub === 'uninstall') {
    rmSync(dir, { recursive: true, force: true });
    say(`removed ${dir}`);
    return 0;
  }
  if (sub !== 'install') return fail(COCKPIT_USAGE);
  const socket = option(rest, '--socket') ?? env.POOLWATCH_SOCKET ?? DEFAULT_SOCKET;
  if (!socket.startsWith('/')) return fail(`--socket must be an absolute path (got ${socket})`);
  const group = option(rest, '--group') ?? env.POOLWATCH_SOCKET_GROUP ?? 'poolwatch';
  if (!existsSync(join(source, 'manifest.json'))) return fail(`no built Cockpit page in ${source} (run npm run build)`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dirname(dir), { recursive: true });
  cpSync(source, dir, { recursive: true });
  writeFileSync(join(dir, 'config.json'), `${JSON.stringify({ socket, adminSocket: adminSocketPath(socket), group }, null, 2)}\n`);
  say(`installed the Cockpit page in ${dir} (sockets ${socket} and ${adminSocketPath(socket)}); reload Cockpit and open Storage › Pool health`);
  return 0;
}
