import { Router } from 'express';
import { AuditQuery, type AuditActorsResponse, type AuditResponse } from '../../../contracts/audit.ts';
import { ValidationError } from '../../errors.ts';
import type { AuditStore } from '../../store/audit-store.ts';

/** GET /api/audit (filtered, newest first) and /api/audit/actors, for any logged-in user (the guard sees to that). */
export function auditRoutes(audit: AuditStore): Router {
  const r = Router();

  r.get('/audit', (req, res) => {
    const q = AuditQuery.safeParse(req.query);
    if (!q.success) throw new ValidationError(`bad audit query: ${q.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`, q.error.issues);
    // One extra row says whether an older page exists.
    const since = q.data.since ? new Date(q.data.since).toISOString() : undefined;
    const until = q.data.until ? new Date(q.data.until).toISOString() : undefined;
    const rows = audit.list({
      limit: q.data.limit + 1, beforeId: q.data.before, poolUuid: q.data.pool?.toLowerCase(),
      actor: q.data.actor, action: q.data.action, outcome: q.data.outcome, since, until,
    });
    const entries = rows.slice(0, q.data.limit);
    const body: AuditResponse = { entries, nextBefore: rows.length > q.data.limit ? (entries.at(-1)?.id ?? null) : null };
    res.json(body);
  });

  r.get('/audit/actors', (_req, res) => {
    const body: AuditActorsResponse = { actors: audit.actors() };
    res.json(body);
  });
  return r;
}
