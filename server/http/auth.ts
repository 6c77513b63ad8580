/**
 * Who is asking, and may they? Mounted by createApp in front of every feature router, so a new
 * router is protected without doing anything: every /api route needs a user (except the few in
 * PUBLIC_ROUTES), every change needs the admin role and, from a browser session, the CSRF token.
 * Routers use actorOf(req) for the audit log and requireRole() for reads that only admins may see.
 */
import type { Request, RequestHandler, Response } from 'express';
import { CSRF_HEADER, type Role } from '../../contracts/auth.ts';
import { actorName, SESSION_MAX_MS, type AuthService, type NewSession, type Principal } from '../auth/auth-service.ts';
import { constantTimeEqual } from '../auth/secrets.ts';
import { CsrfError, ForbiddenError, UnauthorizedError } from '../errors.ts';
import { localRoleOf } from './local-access.ts';

export const SESSION_COOKIE = 'pw_session';
export const MUTATING_METHODS: ReadonlySet<string> = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Who the Cockpit page says is logged in (cockpit.user()). Only a name for the audit log: the
 * socket the request came through decides the role, never this header (ADR 016).
 */
export const COCKPIT_USER_HEADER = 'x-poolwatch-user';
/** A Cockpit request whose user name is missing or not a plausible login name. */
const UNKNOWN_COCKPIT_USER = 'unknown';

/** `METHOD /path` below /api that answer without a user. */
const PUBLIC_ROUTES: ReadonlySet<string> = new Set(['GET /health', 'GET /session', 'POST /login', 'POST /setup']);
/** Changes any logged-in user may make (still CSRF-checked). */
const ANY_ROLE_CHANGES: ReadonlySet<string> = new Set(['POST /logout', 'POST /password']);

const principals = new WeakMap<Request, Principal>();

/** The user or token behind this request, or null when anonymous. */
export function principalOf(req: Request): Principal | null {
  return principals.get(req) ?? null;
}

/** The client address the rate limiter and the audit log name (the socket's, unless Express trusts a proxy). */
export function clientIp(req: Request): string {
  return req.ip ?? req.socket.remoteAddress ?? 'unix-socket';
}

/** For the audit log: the username, `token:<name>`, or `anonymous`. */
export function actorOf(req: Request): string {
  return actorName(principalOf(req));
}

function readCookie(req: Request, name: string): string | null {
  const header = req.headers.cookie;
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() !== name) continue;
    try {
      return decodeURIComponent(part.slice(eq + 1).trim());
    } catch {
      return null;
    }
  }
  return null;
}

/**
 * Resolves the principal from `Authorization: Bearer pw_…` or the session cookie. A bearer header
 * that does not name a live token is refused outright (no fallback to the cookie), so a script
 * with a revoked token learns it at once.
 */
export function authenticate(auth: AuthService): RequestHandler {
  return (req, _res, next) => {
    // Through a Unix socket (Cockpit): the socket's mode already checked who connected.
    const local = localRoleOf(req.socket);
    if (local) {
      const claimed = req.get(COCKPIT_USER_HEADER) ?? '';
      const name = /^[a-z_][a-z0-9_.-]{0,31}\$?$/i.test(claimed) ? claimed : UNKNOWN_COCKPIT_USER;
      principals.set(req, { kind: 'cockpit', name, role: local });
      return next();
    }
    const authz = req.headers.authorization;
    if (authz !== undefined) {
      const m = /^Bearer\s+(\S+)\s*$/i.exec(authz);
      const p = m ? auth.resolveToken(m[1]!) : null;
      if (!p) return next(m ? new UnauthorizedError('the API token is unknown or revoked', 'bad-token') : new UnauthorizedError('Authorization must be "Bearer pw_…"', 'bad-header'));
      principals.set(req, p);
      return next();
    }
    const cookie = readCookie(req, SESSION_COOKIE);
    const p = cookie ? auth.resolveSession(cookie) : null;
    if (p) principals.set(req, p);
    next();
  };
}

/** The policy for every /api route; see the module comment. */
export const apiGuard: RequestHandler = (req, _res, next) => {
  const route = `${req.method} ${req.path.replace(/\/+$/, '') || '/'}`;
  if (PUBLIC_ROUTES.has(route)) return next();
  const p = principalOf(req);
  if (!p) return next(new UnauthorizedError('log in first (or send Authorization: Bearer <API token>)'));
  if (!MUTATING_METHODS.has(req.method)) return next();
  if (p.kind === 'session') {
    const sent = req.get(CSRF_HEADER);
    if (!sent || !constantTimeEqual(sent, p.csrfToken)) return next(new CsrfError(`missing or wrong ${CSRF_HEADER} header; reload the page`));
  }
  if (ANY_ROLE_CHANGES.has(route)) return next();
  if (p.role !== 'admin') {
    return next(new ForbiddenError(
      p.kind === 'cockpit'
        ? 'read-only in Cockpit: turn on administrative access (top bar) to change anything'
        : `${p.role === 'viewer' ? 'a viewer' : p.role} may not change anything; ask an admin`,
    ));
  }
  next();
};

/** For routes whose reads are admin-only (tokens, users); changes are already admin-only. */
export function requireRole(role: Role): RequestHandler {
  return (req, _res, next) => {
    const p = principalOf(req);
    if (!p) return next(new UnauthorizedError('log in first'));
    if (role === 'admin' && p.role !== 'admin') return next(new ForbiddenError('only an admin may see this'));
    next();
  };
}

/** HttpOnly (no script reads it), SameSite=Strict (no other site sends it), Secure when served over https. */
export function setSessionCookie(req: Request, res: Response, session: NewSession): void {
  res.cookie(SESSION_COOKIE, session.id, { httpOnly: true, sameSite: 'strict', path: '/', secure: req.secure, maxAge: SESSION_MAX_MS });
}

export function clearSessionCookie(req: Request, res: Response): void {
  res.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'strict', path: '/', secure: req.secure });
}
