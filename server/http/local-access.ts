/**
 * Requests that arrive on poolwatch's Unix sockets (for Cockpit, ADR 016) carry no login: the
 * socket they came through says who may do what. The listener marks each connection once; the
 * auth middleware reads the mark. TCP connections are never marked.
 */
import type { Socket } from 'node:net';
import type { Role } from '../../contracts/auth.ts';

const marks = new WeakMap<Socket, Role>();

export function markLocalConnection(socket: Socket, role: Role): void {
  marks.set(socket, role);
}

/** The role a Unix-socket connection grants, or null for a TCP connection. */
export function localRoleOf(socket: Socket): Role | null {
  return marks.get(socket) ?? null;
}
