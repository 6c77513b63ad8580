/**
 * The audit log: who did what, when, with which argv and outcome. GET /api/audit for any
 * logged-in user. Depends on zod only.
 */
import { z } from 'zod';
import { PoolUuidParam } from './api.ts';

export const AUDIT_OUTCOMES = ['ok', 'failed', 'refused', 'started', 'cancelled'] as const;
export const AuditOutcome = z.enum(AUDIT_OUTCOMES);
export type AuditOutcome = z.infer<typeof AuditOutcome>;

export const AuditEntry = z.object({
  id: z.number().int().positive(),
  at: z.string(),
  /** Username, `token:<name>`, `cli`, `system`, or `anonymous` (a refused login). */
  actor: z.string(),
  /** `auth.login`, `token.create`, `pool.replace` … */
  action: z.string(),
  poolUuid: z.string().nullable(),
  target: z.string().nullable(),
  argv: z.array(z.string()).nullable(),
  exitCode: z.number().int().nullable(),
  outcome: AuditOutcome,
  stderrExcerpt: z.string().nullable(),
  details: z.unknown(),
  /** Refusals are aggregated: one row per principal and reason per minute, counting them all. */
  count: z.number().int().positive().default(1),
  /** The last of `count` (null for one). */
  lastAt: z.string().nullable().default(null),
});
export type AuditEntry = z.infer<typeof AuditEntry>;

/** Enough for a page of the log; more comes with `before`. */
export const MAX_AUDIT_PAGE = 500;

/**
 * GET /api/audit?limit=&before=&pool=&actor=&action=&outcome=&since=&until= — `before` is an entry
 * id (the page holds older entries); `action` matches the action or its prefix (`auth` → `auth.login` …);
 * `since`/`until` are ISO instants.
 */
export const AuditQuery = z.object({
  limit: z.coerce.number().int().min(1).max(MAX_AUDIT_PAGE).default(100),
  before: z.coerce.number().int().positive().optional(),
  pool: PoolUuidParam.optional(),
  actor: z.string().min(1).max(128).optional(),
  action: z.string().regex(/^[a-z0-9._ /:-]{1,128}$/i, 'an action name or prefix such as auth or pool.replace').optional(),
  outcome: AuditOutcome.optional(),
  since: z.iso.datetime({ offset: true }).optional(),
  until: z.iso.datetime({ offset: true }).optional(),
});
export type AuditQuery = z.infer<typeof AuditQuery>;

export const AuditResponse = z.object({
  entries: z.array(AuditEntry),
  /** Pass as `before` for the next (older) page; null when this page is the last. */
  nextBefore: z.number().int().nullable(),
});
export type AuditResponse = z.infer<typeof AuditResponse>;

/** GET /api/audit/actors: who appears in the log (the filter's choices), most recent first. */
export const AuditActorsResponse = z.object({ actors: z.array(z.string()) });
export type AuditActorsResponse = z.infer<typeof AuditActorsResponse>;
