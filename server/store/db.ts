/**
 * The embedded database: poolwatch's memory, never the truth about pools (btrfs is).
 * Migrations are named and append-only (see migrate()).
 */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { ALL_MIGRATIONS, type Migration } from './migrations/index.ts';

export type Db = Database.Database;

export function openDb(file: string): Db {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  migrate(db);
  return db;
}

/**
 * Named migrations, each run once and recorded in schema_migrations. Features own their
 * migration files (server/store/migrations/<feature>.ts); names never change once shipped.
 */
function migrate(db: Db, migrations: readonly Migration[] = ALL_MIGRATIONS): void {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)');
  const done = new Set((db.prepare('SELECT name FROM schema_migrations').all() as { name: string }[]).map((r) => r.name));
  const seen = new Set<string>();
  for (const m of migrations) {
    if (seen.has(m.name)) throw new Error(`duplicate migration name ${m.name}`);
    seen.add(m.name);
    if (done.has(m.name)) continue;
    db.transaction(() => {
      db.exec(m.sql);
      db.prepare('INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)').run(m.name, new Date().toISOString());
    })();
  }
}
