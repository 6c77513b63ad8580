import type { Db } from './db.ts';

export type AuditOutcome = 'ok' | 'failed' | 'refused' | 'started' | 'cancelled';

export interface AuditEntry {
  id: number;
  at: string;
  /** Username, `token:<name>`, or `system`. */
  actor: string;
  /** What was asked for, e.g. `pool.replace`, `auth.login`, `counters.reset`. */
  action: string;
  poolUuid: string | null;
  /** What it was done to (devid, device path, job id …). */
  target: string | null;
  argv: string[] | null;
  exitCode: number | null;
  outcome: AuditOutcome;
  stderrExcerpt: string | null;
  details: unknown;
}

/** Long stderr is kept in the job; the audit log keeps the start of it. */
const STDERR_EXCERPT_CHARS = 2000;

/** Append-only record of what was done: nothing the admin did is lost. */
export class AuditStore {
  constructor(private readonly db: Db) {}

  record(e: Omit<AuditEntry, 'id' | 'stderrExcerpt' | 'details'> & { stderr?: string | null; details?: unknown }): number {
    const r = this.db.prepare(`
      INSERT INTO audit_log (at, actor, action, pool_uuid, target, argv, exit_code, outcome, stderr_excerpt, details)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(
      e.at, e.actor, e.action, e.poolUuid, e.target, e.argv ? JSON.stringify(e.argv) : null, e.exitCode, e.outcome,
      e.stderr ? e.stderr.slice(0, STDERR_EXCERPT_CHARS) : null, e.details === undefined ? null : JSON.stringify(e.details),
    );
    return Number(r.lastInsertRowid);
  }

  list(opts: { limit?: number; beforeId?: number; poolUuid?: string } = {}): AuditEntry[] {
    const rows = this.db.prepare(`
      SELECT * FROM audit_log
      WHERE (@beforeId IS NULL OR id < @beforeId) AND (@poolUuid IS NULL OR pool_uuid = @poolUuid)
      ORDER BY id DESC LIMIT @limit`).all({ beforeId: opts.beforeId ?? null, poolUuid: opts.poolUuid ?? null, limit: opts.limit ?? 100 }) as Record<string, unknown>[];
    return rows.map((r) => ({
      id: Number(r.id), at: String(r.at), actor: String(r.actor), action: String(r.action),
      poolUuid: (r.pool_uuid as string | null) ?? null, target: (r.target as string | null) ?? null,
      argv: r.argv ? (JSON.parse(String(r.argv)) as string[]) : null,
      exitCode: r.exit_code === null ? null : Number(r.exit_code), outcome: r.outcome as AuditOutcome,
      stderrExcerpt: (r.stderr_excerpt as string | null) ?? null, details: r.details ? JSON.parse(String(r.details)) : null,
    }));
  }
}
