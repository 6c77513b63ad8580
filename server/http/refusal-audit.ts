import type { ErrorRequestHandler, Request } from 'express';
import {
  ConflictError, CsrfError, ForbiddenError, MisdirectedError, NotFoundError, UnauthorizedError, UnsupportedMediaTypeError, ValidationError, isAudited,
} from '../errors.ts';
import type { AuditRefusals } from '../services/audit-refusals.ts';
import { clip } from '../store/audit-store.ts';
import { actorOf, clientIp, MUTATING_METHODS } from './auth.ts';

/** Login and setup audit their own outcomes (auth-service), without echoing what was typed. */
const SELF_AUDITED_PATHS = new Set(['/api/login', '/api/setup', '/api/logout']);

/** The reason code a refusal is aggregated under, or null when this error is not audited here. */
function reasonOf(err: unknown, req: Request): string | null {
  const mutating = MUTATING_METHODS.has(req.method);
  if (err instanceof UnauthorizedError) return err.reason;
  if (err instanceof ForbiddenError) return 'forbidden';
  if (err instanceof CsrfError) return 'csrf';
  if (err instanceof MisdirectedError) return 'misdirected';
  if (err instanceof UnsupportedMediaTypeError) return 'unsupported-media-type';
  if (!mutating) return null;
  if (err instanceof ValidationError) return 'bad-request';
  if (err instanceof NotFoundError) return 'not-found';
  if (err instanceof ConflictError) return 'conflict';
  return null;
}

/**
 * Every refused change, every anonymous 401, bad token, wrong role, missing CSRF token, wrong Host
 * or non-JSON body lands in the audit log — aggregated per principal and reason per minute
 * (services/audit-refusals.ts), with the method and path of the first one clipped — unless the
 * code that refused it already wrote a richer entry. Runs just before the error handler and passes
 * the error on unchanged.
 */
export function refusalAudit(refusals: AuditRefusals): ErrorRequestHandler {
  return (err, req, _res, next) => {
    const path = req.originalUrl.split('?')[0] ?? req.path;
    const reason = reasonOf(err, req);
    if (reason !== null && !SELF_AUDITED_PATHS.has(path) && !isAudited(err)) {
      const actor = actorOf(req);
      const poolUuid = /^\/api\/pools\/([0-9a-f-]{36})\b/i.exec(path)?.[1]?.toLowerCase() ?? null;
      try {
        refusals.record({
          actor, ip: actor === 'anonymous' ? clientIp(req) : null, action: 'http.refused', reason, poolUuid,
          target: null, details: { request: clip(`${req.method} ${path}`, 200), message: (err as Error).message },
        });
      } catch (auditErr) {
        console.error('poolwatch: could not write the audit log:', auditErr);
      }
    }
    next(err);
  };
}
