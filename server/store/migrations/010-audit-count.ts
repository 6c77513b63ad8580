/**
 * Refusals are aggregated: one row per principal and reason per minute, with a count and the time
 * of the last one (docs/decisions/019-storage-and-audit-flood.md). Filters read by actor.
 */
export const sql = `
  ALTER TABLE audit_log ADD COLUMN count INTEGER NOT NULL DEFAULT 1;
  ALTER TABLE audit_log ADD COLUMN last_at TEXT;
  CREATE INDEX audit_log_actor ON audit_log(actor);
`;
