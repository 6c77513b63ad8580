/**
 * The embedded database: poolwatch's memory, never the truth about pools (btrfs is).
 * Migrations are append-only; `PRAGMA user_version` records how many have run.
 */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

export type Db = Database.Database;

const MIGRATIONS: string[] = [
  // 1: disk inventory, pool memberships, last known pool facts, counter history.
  `
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
  // 2: pools the admin imported (adopted) into poolwatch.
  `
  CREATE TABLE managed_pools (
    uuid TEXT PRIMARY KEY,
    label TEXT,
    managed_at TEXT NOT NULL
  );
  `,
];

export function openDb(file: string): Db {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  migrate(db);
  return db;
}

function migrate(db: Db): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  for (let i = current; i < MIGRATIONS.length; i++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[i]!);
      db.pragma(`user_version = ${i + 1}`);
    })();
  }
}
