/**
 * Everything an admin or the system did, kept for good (issue: "nothing the admin did is lost").
 * Named `audit-001-log` before the list was ordered (see index.ts).
 */
export const sql = `
  CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    pool_uuid TEXT,
    target TEXT,
    argv TEXT,
    exit_code INTEGER,
    outcome TEXT NOT NULL,
    stderr_excerpt TEXT,
    details TEXT
  );
  CREATE INDEX audit_log_at ON audit_log(at);
    `;
