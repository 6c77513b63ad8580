import type { Migration } from './index.ts';

export const INVENTORY_MIGRATIONS: Migration[] = [
  {
    // Disk inventory, pool memberships, last known pool facts, counter history.
    name: 'inventory-001-disks-members-counters',
    sql: `
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
    `,
  },
  {
    // Pools the admin imported (adopted) into poolwatch.
    name: 'inventory-002-managed-pools',
    sql: `
  CREATE TABLE managed_pools (
    uuid TEXT PRIMARY KEY,
    label TEXT,
    managed_at TEXT NOT NULL
  );
    `,
  },
  {
    // Everything an admin or the system did, kept for good (issue: "nothing the admin did is lost").
    name: 'audit-001-log',
    sql: `
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
    `,
  },
];
