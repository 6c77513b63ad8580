/**
 * Routine maintenance: what to run, when next, and how the last run went (the job is in the journal).
 * Named `monitor-002-schedules` before the list was ordered (see index.ts).
 */
export const sql = `
  CREATE TABLE schedules (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    pool_uuid TEXT,
    disk_key TEXT,
    target_name TEXT,
    enabled INTEGER NOT NULL,
    recurrence TEXT NOT NULL,
    speed_limit INTEGER,
    next_run_at TEXT,
    last_run_at TEXT,
    last_job_id TEXT,
    last_outcome TEXT,
    waiting TEXT,
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    updated_at TEXT NOT NULL
  );
    `;
