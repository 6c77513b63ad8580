/**
 * The jobs journal: poolwatch's memory of what it started. The kernel stays the truth about
 * a running operation; `kernel_op` says which one to ask after a restart.
 * Named `jobs-001-journal` before the list was ordered (see index.ts).
 */
export const sql = `
  CREATE TABLE jobs (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    pool_uuid TEXT,
    state TEXT NOT NULL,
    created_at TEXT NOT NULL,
    job TEXT NOT NULL,
    kernel_op TEXT
  );
  CREATE INDEX jobs_state ON jobs(state);
  CREATE INDEX jobs_pool ON jobs(pool_uuid, created_at);
    `;
