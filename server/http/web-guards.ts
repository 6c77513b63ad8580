/**
 * What every request passes before any route (createApp mounts these first):
 * - the Host allowlist: a page on another site that rebinds its DNS name to the NAS's address
 *   reaches the port with its own name in `Host`; anything not on the list gets 421;
 * - security headers: a strict CSP without inline script, no framing, nosniff, same-origin
 *   referrers (a route with rules of its own, such as the embeddable banner, replaces them);
 * - JSON only for changes: a mutating /api request whose body is not `application/json` (a form,
 *   text/plain, no type at all) gets 415 before it is parsed, so nothing it asked for runs.
 */
import type { Request, RequestHandler } from 'express';
import { MisdirectedError, UnsupportedMediaTypeError } from '../errors.ts';

/** `[::1]` → `::1`, `NAS.lan.` → `nas.lan` (as server/host/machine-names.ts writes the machine's own). */
const normalizeHost = (host: string) => host.trim().toLowerCase().replace(/^\[|\]$/g, '').replace(/\.$/, '');

/**
 * The strict policy the built UI runs under (checked in Chromium by e2e/security.spec.ts): only
 * its own scripts, styles and API; no inline script or style element, no eval, no plugin, no
 * framing. `data:` images for the inline favicon.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Frame-Options': 'DENY',
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'same-origin',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=()',
};

export const securityHeaders: RequestHandler = (_req, res, next) => {
  res.set(SECURITY_HEADERS);
  next();
};

export interface HostAllowlist {
  /** What is allowed, for the 421 message and the log at start. */
  readonly hosts: readonly string[];
  allows(host: string | undefined): boolean;
}

/** `hosts` from POOLWATCH_ALLOWED_HOSTS, or this machine's names and addresses (server/host/machine-names.ts). */
export function hostAllowlist(hosts: readonly string[]): HostAllowlist {
  const any = hosts.includes('*');
  const set = new Set(hosts.map(normalizeHost));
  return { hosts, allows: (host) => any || (host !== undefined && set.has(normalizeHost(host))) };
}

/** The host a request named (Express's req.hostname: `Host`, or X-Forwarded-Host from a trusted proxy). */
function requestHost(req: Request): string | undefined {
  return req.hostname || undefined;
}

/**
 * 421 unless the request names an allowed host. Requests over a Unix socket (the Cockpit bridge,
 * POOLWATCH_SOCKET) are not subject: no web page can open one. GET /api/health answers any name
 * (monitoring probes by address; it tells nothing).
 */
export function checkHost(allowlist: HostAllowlist): RequestHandler {
  return (req, _res, next) => {
    if (req.socket.remoteAddress === undefined && req.socket.localPort === undefined) return next();
    if (req.method === 'GET' && req.path === '/api/health') return next();
    const host = requestHost(req);
    if (allowlist.allows(host)) return next();
    next(new MisdirectedError(`this poolwatch does not answer to the host name "${host ?? ''}": add it to POOLWATCH_ALLOWED_HOSTS (comma-separated) if it is this machine's`));
  };
}

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * 415 for a change whose body is not JSON. A change without a body (no Content-Type, no length)
 * passes: cancelling a job or logging out sends none. Runs before the JSON parser, so a form or a
 * text/plain body never becomes `{}` with its options (dryRun) silently dropped.
 */
export const requireJsonBody: RequestHandler = (req, _res, next) => {
  if (!MUTATING.has(req.method)) return next();
  const type = req.headers['content-type'];
  const length = req.headers['content-length'];
  const hasBody = req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
  if (type === undefined && !hasBody) return next();
  if (type !== undefined && req.is('application/json') === 'application/json') return next();
  next(new UnsupportedMediaTypeError(`a change must send its body as JSON (Content-Type: application/json); got ${type === undefined ? 'a body without a Content-Type' : JSON.stringify(type.slice(0, 100))}; nothing was done`));
};
