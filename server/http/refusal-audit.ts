import type { ErrorRequestHandler } from 'express';
import { ConflictError, CsrfError, ForbiddenError, NotFoundError, ValidationError, isAudited } from '../errors.ts';
import type { Clock } from '../clock.ts';
import type { AuditStore } from '../store/audit-store.ts';
import { actorOf } from './auth.ts';

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** Login and setup audit their own outcomes (auth-service), without echoing what was typed. */
const SELF_AUDITED_PATHS = new Set(['/api/login', '/api/setup', '/api/logout']);

/**
 * Every refused change lands in the audit log — bad input, unknown pool, wrong role, missing
 * CSRF token, a conflict — unless the code that refused it already wrote a richer entry. Runs just
 * before the error handler and passes the error on unchanged.
 */
export function refusalAudit(audit: AuditStore, clock: Clock): ErrorRequestHandler {
  return (err, req, _res, next) => {
    const refused = err instanceof ValidationError || err instanceof NotFoundError || err instanceof ConflictError || err instanceof ForbiddenError || err instanceof CsrfError;
    const path = req.originalUrl.split('?')[0] ?? req.path;
    if (refused && MUTATING.has(req.method) && !SELF_AUDITED_PATHS.has(path) && !isAudited(err)) {
      const poolUuid = /^\/api\/pools\/([0-9a-f-]{36})\b/i.exec(path)?.[1]?.toLowerCase() ?? null;
      try {
        audit.record({
          at: clock.now().toISOString(), actor: actorOf(req), action: `http.${req.method.toLowerCase()} ${path}`,
          poolUuid, target: null, argv: null, exitCode: null, outcome: 'refused',
          details: { reason: (err as Error).message },
        });
      } catch (auditErr) {
        console.error('poolwatch: could not write the audit log:', auditErr);
      }
    }
    next(err);
  };
}
