/**
 * Where poolwatch listens besides HOST:PORT. With POOLWATCH_SOCKET set, two Unix sockets for
 * Cockpit (docs/decisions/016-cockpit-identity.md):
 *   POOLWATCH_SOCKET          mode 0660, group POOLWATCH_SOCKET_GROUP → read-only (viewer)
 *   <same name>-admin.sock    mode 0600, root only                     → admin
 * The kernel checks the mode when a process connects, so a connection on the admin socket comes
 * from root (in Cockpit: the privileged bridge of a user with administrative access), one on the
 * other from root or a member of the group. That check is the credential; no login on top.
 */
import { chmodSync, chownSync, existsSync, lstatSync, readFileSync, unlinkSync } from 'node:fs';
import { createServer, type RequestListener, type Server } from 'node:http';
import { connect } from 'node:net';
import type { Role } from '../contracts/auth.ts';
import { markLocalConnection } from './http/local-access.ts';

export const SOCKET_MODE: Record<Role, number> = { viewer: 0o660, admin: 0o600 };

export class ListenError extends Error {
  override readonly name = 'ListenError';
}

/** The socket group does not exist (yet): the admin has not run groupadd. */
export class MissingGroupError extends ListenError {}

/** A group name (or number) → its gid, from /etc/group. */
export function groupId(group: string, groupFile = '/etc/group'): number {
  if (/^\d+$/.test(group)) return Number(group);
  const text = existsSync(groupFile) ? readFileSync(groupFile, 'utf8') : '';
  for (const line of text.split('\n')) {
    const [name, , gid] = line.split(':');
    if (name === group && gid !== undefined && /^\d+$/.test(gid)) return Number(gid);
  }
  throw new MissingGroupError(`the group "${group}" (POOLWATCH_SOCKET_GROUP) does not exist: create it (groupadd --system ${group}) or name another one`);
}

/** True when something answers on the socket (another poolwatch), false for a stale file. */
function inUse(path: string): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = connect(path);
    probe.once('connect', () => {
      probe.destroy();
      resolve(true);
    });
    probe.once('error', () => resolve(false));
  });
}

/**
 * Listens on a Unix socket with exactly this mode and owner. The umask is narrowed around bind(),
 * so the socket never exists with a wider mode, not even for a moment; chown sets the group.
 * Every connection it accepts is marked with `role` (server/http/local-access.ts).
 */
export async function listenUnix(app: RequestListener, path: string, role: Role, gid: number): Promise<Server> {
  if (existsSync(path)) {
    if (!lstatSync(path).isSocket()) throw new ListenError(`${path} exists and is not a socket: remove it or choose another POOLWATCH_SOCKET`);
    if (await inUse(path)) throw new ListenError(`another process is listening on ${path} (is poolwatch running twice?)`);
    unlinkSync(path);
  }
  const mode = SOCKET_MODE[role];
  const server = createServer(app);
  server.on('connection', (socket) => markLocalConnection(socket, role));
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err) => reject(new ListenError(`cannot listen on ${path}: ${err.message}`)));
    const before = process.umask(0o777 & ~mode);
    try {
      server.listen(path, () => resolve());
    } finally {
      process.umask(before);
    }
  });
  chownSync(path, process.getuid?.() ?? 0, role === 'admin' ? (process.getgid?.() ?? 0) : gid);
  chmodSync(path, mode);
  return server;
}

/**
 * Both Cockpit sockets: the read-only one for the group, the admin one for root. With the default
 * group missing (an install that skipped `groupadd`), the read-only socket is root's group only —
 * readable by no one but root — and `warn` says how to open it; a group named explicitly must exist.
 */
export async function listenCockpitSockets(
  app: RequestListener,
  socket: { viewer: string; admin: string; group: string },
  opts: { groupIsDefault: boolean; warn: (message: string) => void },
): Promise<Server[]> {
  let gid: number;
  try {
    gid = groupId(socket.group);
  } catch (err) {
    if (!(err instanceof MissingGroupError) || !opts.groupIsDefault) throw err;
    opts.warn(`${err.message}; until then only root (Cockpit with administrative access) can use poolwatch in Cockpit`);
    gid = 0;
  }
  return [await listenUnix(app, socket.viewer, 'viewer', gid), await listenUnix(app, socket.admin, 'admin', gid)];
}
