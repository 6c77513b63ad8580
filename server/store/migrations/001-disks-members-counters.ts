/**
 * Disk inventory, pool memberships, last known pool facts, counter history.
 * Named `inventory-001-disks-members-counters` before the list was ordered (see index.ts).
 */
export const sql = `
  CREATE TABLE disks (
    key TEXT PRIMARY KEY,
    serial TEXT, model TEXT, wwn TEXT,
    by_id TEXT NOT NULL DEFAULT '[]',
    last_path TEXT,
    size_bytes INTEGER,
    first_seen TEXT NOT NULL,
    last_seen TEXT NOT NULL
  );
  CREATE TABLE pool_members (
    pool_uuid TEXT NOT NULL,
    devid INTEGER NOT NULL,
    disk_key TEXT NOT NULL REFERENCES disks(key),
    size_bytes INTEGER,
    last_seen TEXT NOT NULL,
    PRIMARY KEY (pool_uuid, devid)
  );
  CREATE TABLE pools_known (
    uuid TEXT PRIMARY KEY,
    label TEXT,
    profiles TEXT,
    total_devices INTEGER,
    last_seen TEXT NOT NULL
  );
  CREATE TABLE counter_history (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    pool_uuid TEXT NOT NULL,
    devid INTEGER NOT NULL,
    at TEXT NOT NULL,
    write_errs INTEGER NOT NULL, read_errs INTEGER NOT NULL, flush_errs INTEGER NOT NULL,
    corruption_errs INTEGER NOT NULL, generation_errs INTEGER NOT NULL,
    reason TEXT NOT NULL DEFAULT 'changed'
  );
  CREATE INDEX counter_history_dev ON counter_history(pool_uuid, devid, at);
    `;
