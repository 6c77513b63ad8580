import { Router } from 'express';
import { parseInput } from '../../validation.ts';
import { AuditQuery, type AuditActorsResponse, type AuditResponse } from '../../../contracts/audit.ts';
import type { AuditStore } from '../../store/audit-store.ts';

/** GET /api/audit (filtered, newest first) and /api/audit/actors, for any logged-in user (the guard sees to that). */
export function auditRoutes(audit: AuditStore): Router {
  const r = Router();

  r.get('/audit', (req, res) => {
    const q = parseInput(AuditQuery, req.query, 'bad audit query', '(query)');
    // One extra row says whether an older page exists.
    const since = q.since ? new Date(q.since).toISOString() : undefined;
    const until = q.until ? new Date(q.until).toISOString() : undefined;
    const rows = audit.list({
      limit: q.limit + 1, beforeId: q.before, poolUuid: q.pool?.toLowerCase(),
      actor: q.actor, action: q.action, outcome: q.outcome, since, until,
    });
    const entries = rows.slice(0, q.limit);
    const body: AuditResponse = { entries, nextBefore: rows.length > q.limit ? (entries.at(-1)?.id ?? null) : null };
    res.json(body);
  });

  r.get('/audit/actors', (_req, res) => {
    const body: AuditActorsResponse = { actors: audit.actors() };
    res.json(body);
  });
  return r;
}
