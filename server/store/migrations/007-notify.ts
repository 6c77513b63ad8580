/**
 * Channels (secrets kept in the data folder, which only root reads), the outbox with its
 * delivery attempts, and the memory of the last evaluation (open problems, baselines).
 * Named `monitor-001-notify` before the list was ordered (see index.ts).
 */
export const sql = `
  CREATE TABLE notify_channels (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    type TEXT NOT NULL,
    source TEXT NOT NULL,
    enabled INTEGER NOT NULL,
    min_severity TEXT NOT NULL,
    job_succeeded INTEGER NOT NULL,
    config TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  );
  CREATE TABLE notify_outbox (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    message_id TEXT NOT NULL UNIQUE,
    channel_id TEXT NOT NULL,
    created_at TEXT NOT NULL,
    message TEXT NOT NULL,
    severity TEXT NOT NULL,
    title TEXT NOT NULL,
    kinds TEXT NOT NULL,
    pool_uuid TEXT,
    state TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT,
    sent_at TEXT,
    last_error TEXT
  );
  CREATE INDEX notify_outbox_due ON notify_outbox(state, next_attempt_at);
  CREATE TABLE notify_attempts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    outbox_id INTEGER NOT NULL REFERENCES notify_outbox(id) ON DELETE CASCADE,
    at TEXT NOT NULL,
    ok INTEGER NOT NULL,
    answer TEXT
  );
  CREATE INDEX notify_attempts_outbox ON notify_attempts(outbox_id);
  CREATE TABLE monitor_state (
    name TEXT PRIMARY KEY,
    value TEXT NOT NULL,
    updated_at TEXT NOT NULL
  );
  CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL
  );
    `;
