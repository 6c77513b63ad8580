/**
 * How the Cockpit page reaches poolwatch, decided once at load (Cockpit reloads the page when
 * administrative access is switched): with administrative access on, through Cockpit's privileged
 * bridge (root) to the admin socket; without it, through the user's own bridge to the read-only
 * socket. Logged in as root, the user's bridge is root already. Nothing here grants a role: the
 * socket's mode does (docs/decisions/016-cockpit-identity.md).
 */
import { z } from 'zod';
import type { Cockpit, CockpitPromise } from './cockpit-api.ts';

/** `config.json` beside index.html: where the sockets are (written by `poolwatch cockpit install`). */
export const CockpitConfig = z.object({
  socket: z.string().startsWith('/'),
  adminSocket: z.string().startsWith('/'),
  /** The read-only socket's group, to tell a refused user what to ask for. */
  group: z.string().nullable().default(null),
});
export type CockpitConfig = z.infer<typeof CockpitConfig>;

export interface Connection {
  user: string;
  admin: boolean;
  socket: string;
  /** Open channels through Cockpit's privileged bridge. */
  superuser: boolean;
}

export function settle<T>(p: CockpitPromise<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    p.then(resolve, reject);
  });
}

/** Whether Cockpit's administrative access is on: the permission object answers once it knows. */
function superuserAllowed(cockpit: Cockpit): Promise<boolean> {
  const permission = cockpit.permission({ admin: true });
  return new Promise((resolve) => {
    if (permission.allowed !== null) resolve(permission.allowed);
    else permission.addEventListener('changed', () => resolve(permission.allowed === true));
  });
}

export async function connect(cockpit: Cockpit, config: CockpitConfig): Promise<Connection> {
  const user = await settle(cockpit.user());
  if (user.id === 0) return { user: user.name, admin: true, socket: config.adminSocket, superuser: false };
  return (await superuserAllowed(cockpit))
    ? { user: user.name, admin: true, socket: config.adminSocket, superuser: true }
    : { user: user.name, admin: false, socket: config.socket, superuser: false };
}
