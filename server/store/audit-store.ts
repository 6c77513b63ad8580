import type { AuditEntry, AuditOutcome } from '../../contracts/audit.ts';
import type { Db } from './db.ts';

/** The row shape is the contract's (contracts/audit.ts): what GET /api/audit answers. */
export type { AuditEntry, AuditOutcome } from '../../contracts/audit.ts';

export type NewAuditEntry = Omit<AuditEntry, 'id' | 'stderrExcerpt' | 'details' | 'count' | 'lastAt'> & { stderr?: string | null; details?: unknown };

export interface AuditFilter {
  limit?: number;
  beforeId?: number;
  poolUuid?: string;
  /** Exact actor (`admin`, `token:monitoring`, `anonymous`). */
  actor?: string;
  /** Action or action prefix: `auth` matches `auth.login`, `auth.setup` … */
  action?: string;
  outcome?: AuditOutcome;
  /** ISO instants, inclusive. */
  since?: string;
  until?: string;
}

/**
 * Every free-text field of an entry is cut to this many characters: a request can be 64 KB (a
 * 15 KB path, a body), and the audit log must not become the way to fill the disk. Long stderr
 * stays whole in the job; the audit log keeps its start.
 */
export const AUDIT_FIELD_MAX = 1024;
/** argv is poolwatch's own (validated operands); still bounded, element count included. */
const MAX_ARGV_ITEMS = 64;

/** `text` cut to `max` characters, saying how much was cut. */
export function clip(text: string, max = AUDIT_FIELD_MAX): string {
  if (text.length <= max) return text;
  const note = `… [${text.length - max} more characters cut]`;
  return text.slice(0, Math.max(0, max - note.length)) + note;
}

/** Strings inside `value` clipped, long arrays shortened; the result's JSON is at most ~AUDIT_FIELD_MAX. */
export function clipDetails(value: unknown): unknown {
  const walk = (v: unknown, depth: number): unknown => {
    if (typeof v === 'string') return clip(v, 256);
    if (v === null || typeof v !== 'object') return v;
    if (depth > 4) return '[nested too deep]';
    if (Array.isArray(v)) return v.slice(0, 20).map((x) => walk(x, depth + 1));
    return Object.fromEntries(Object.entries(v).slice(0, 30).map(([k, x]) => [clip(k, 64), walk(x, depth + 1)]));
  };
  const clipped = walk(value, 0);
  const json = JSON.stringify(clipped) ?? 'null';
  return json.length <= AUDIT_FIELD_MAX ? clipped : { truncated: true, excerpt: clip(json) };
}

function nullableClip(text: string | null | undefined, max = AUDIT_FIELD_MAX): string | null {
  return text === null || text === undefined ? null : clip(text, max);
}

/** What poolwatch did and was refused, with bounded fields and a retention (see prune()). */
export class AuditStore {
  constructor(private readonly db: Db) {}

  record(e: NewAuditEntry): number {
    const r = this.db.prepare(`
      INSERT INTO audit_log (at, actor, action, pool_uuid, target, argv, exit_code, outcome, stderr_excerpt, details)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(
      e.at, clip(e.actor, 128), clip(e.action, 128), nullableClip(e.poolUuid, 64), nullableClip(e.target),
      e.argv ? JSON.stringify(e.argv.slice(0, MAX_ARGV_ITEMS).map((a) => clip(a))) : null, e.exitCode, e.outcome,
      nullableClip(e.stderr), e.details === undefined ? null : JSON.stringify(clipDetails(e.details)),
    );
    return Number(r.lastInsertRowid);
  }

  /** An aggregated row happened again: its count and last time (services/audit-refusals.ts). */
  setCount(id: number, count: number, lastAt: string): void {
    this.db.prepare('UPDATE audit_log SET count = ?, last_at = ? WHERE id = ?').run(count, lastAt, id);
  }

  list(f: AuditFilter = {}): AuditEntry[] {
    const rows = this.db.prepare(`
      SELECT * FROM audit_log
      WHERE (@beforeId IS NULL OR id < @beforeId) AND (@poolUuid IS NULL OR pool_uuid = @poolUuid)
        AND (@actor IS NULL OR actor = @actor)
        AND (@action IS NULL OR action = @action OR substr(action, 1, length(@action) + 1) = @action || '.')
        AND (@outcome IS NULL OR outcome = @outcome)
        AND (@since IS NULL OR coalesce(last_at, at) >= @since) AND (@until IS NULL OR at <= @until)
      ORDER BY id DESC LIMIT @limit`).all({
      beforeId: f.beforeId ?? null, poolUuid: f.poolUuid ?? null, actor: f.actor ?? null, action: f.action ?? null,
      outcome: f.outcome ?? null, since: f.since ?? null, until: f.until ?? null, limit: f.limit ?? 100,
    }) as Record<string, unknown>[];
    return rows.map((r) => ({
      id: Number(r.id), at: String(r.at), actor: String(r.actor), action: String(r.action),
      poolUuid: (r.pool_uuid as string | null) ?? null, target: (r.target as string | null) ?? null,
      argv: r.argv ? (JSON.parse(String(r.argv)) as string[]) : null,
      exitCode: r.exit_code === null ? null : Number(r.exit_code), outcome: r.outcome as AuditOutcome,
      stderrExcerpt: (r.stderr_excerpt as string | null) ?? null, details: r.details ? JSON.parse(String(r.details)) : null,
      count: Number(r.count ?? 1), lastAt: (r.last_at as string | null) ?? null,
    }));
  }

  /** The actors that appear in the log (for the filter's choices), most recent first. */
  actors(limit = 100): string[] {
    return (this.db.prepare('SELECT actor FROM audit_log GROUP BY actor ORDER BY max(id) DESC LIMIT ?').all(limit) as { actor: string }[]).map((r) => r.actor);
  }

  /**
   * Retention: entries older than `olderThan` go, then the oldest beyond `maxRows`. Returns how many
   * were deleted.
   */
  prune(olderThan: string, maxRows: number): number {
    return this.db.transaction(() => {
      let n = this.db.prepare('DELETE FROM audit_log WHERE at < ?').run(olderThan).changes;
      const total = (this.db.prepare('SELECT count(*) AS n FROM audit_log').get() as { n: number }).n;
      if (total > maxRows) {
        n += this.db.prepare('DELETE FROM audit_log WHERE id IN (SELECT id FROM audit_log ORDER BY id LIMIT ?)').run(total - maxRows).changes;
      }
      return n;
    })();
  }

  /** Rows and the bytes their fields hold (UTF-8, plus 16 per row for the numbers): tests of the flood bound. */
  size(): { rows: number; bytes: number } {
    const cols = ['at', 'actor', 'action', 'pool_uuid', 'target', 'argv', 'stderr_excerpt', 'details', 'last_at'];
    const sum = cols.map((c) => `coalesce(length(CAST(${c} AS BLOB)), 0)`).join(' + ');
    const r = this.db.prepare(`SELECT count(*) AS rows, coalesce(sum(${sum} + 16), 0) AS bytes FROM audit_log`).get() as { rows: number; bytes: number };
    return { rows: r.rows, bytes: r.bytes };
  }
}
