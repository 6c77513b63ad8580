/**
 * The embedded database: poolwatch's memory, never the truth about pools (btrfs is).
 * The schema comes from one ordered list of migrations (migrations/index.ts), applied by migrate().
 */
import Database from 'better-sqlite3';
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Clock } from '../clock.ts';
import { MIGRATIONS, type Migration } from './migrations/index.ts';

export type Db = Database.Database;

/** A database this poolwatch cannot use as it is (written by a newer or a diverging version). */
export class SchemaError extends Error {
  override readonly name = 'SchemaError';
}

/**
 * The data dir is root's alone (0700) and the database files too (0600): they hold password and
 * token hashes. The file is created 0600 before SQLite opens it, so its -wal and -shm (which SQLite
 * creates with the database's mode) are 0600 from the start; older installs are tightened here.
 * A chmod that fails (a read-only data dir) is not fatal: reads still work.
 */
function restrictFiles(file: string): void {
  const dir = dirname(file);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (!existsSync(file)) closeSync(openSync(file, 'a', 0o600));
  // A shared folder (sticky like /tmp, or /) given as the data dir keeps its mode: only the files are ours.
  const shared = dir === '/' || (statSync(dir).mode & 0o1000) !== 0;
  const paths = [...(shared ? [] : [[dir, 0o700] as const]), [file, 0o600] as const, [`${file}-wal`, 0o600] as const, [`${file}-shm`, 0o600] as const];
  for (const [path, mode] of paths) {
    try {
      if (existsSync(path)) chmodSync(path, mode);
    } catch {
      // Read-only data dir: served as it is (server/store/data-dir.ts reports it).
    }
  }
}

export function openDb(file: string, clock: Clock): Db {
  if (file !== ':memory:') restrictFiles(file);
  const db = new Database(file);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    migrate(db, MIGRATIONS, clock);
  } catch (err) {
    db.close();
    throw err;
  }
  return db;
}

interface Applied {
  name: string;
  version: number | null;
}

/**
 * Applies the migrations the database lacks, in list order, each in its own transaction, and
 * records each in schema_migrations (version, name, when) and PRAGMA user_version. Rows recorded
 * under a migration's former name (before the list was ordered) count as that migration. Refuses
 * (SchemaError, nothing changed) a database with a migration this list does not have, or with a
 * gap (a later migration applied but an earlier one not): running the missing one now would run
 * it out of order. Returns the migrations it applied.
 */
export function migrate(db: Db, migrations: readonly Migration[], clock: Clock): Migration[] {
  checkList(migrations);
  const applied = db.transaction((): Applied[] => {
    db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL, version INTEGER)');
    const columns = (db.prepare('PRAGMA table_info(schema_migrations)').all() as { name: string }[]).map((c) => c.name);
    // poolwatch 0.1.0 recorded names only.
    if (!columns.includes('version')) db.exec('ALTER TABLE schema_migrations ADD COLUMN version INTEGER');
    const number = db.prepare('UPDATE schema_migrations SET version = ? WHERE version IS NULL AND (name = ? OR name = ?)');
    for (const m of migrations) number.run(m.version, m.name, m.formerly ?? m.name);
    return db.prepare('SELECT name, version FROM schema_migrations ORDER BY version').all() as Applied[];
  })();

  const foreign = applied.filter((a) => a.version === null || migrations[a.version - 1] === undefined
    || ![migrations[a.version - 1]!.name, migrations[a.version - 1]!.formerly].includes(a.name));
  if (foreign.length > 0) {
    throw new SchemaError(`the database has schema changes this poolwatch does not know (${foreign.map((a) => a.name).join(', ')}): `
      + 'it was written by a newer or a different version of poolwatch; run that version, or restore a backup of the data folder');
  }
  const done = new Set(applied.map((a) => a.version!));
  const highest = Math.max(0, ...done);
  const gap = migrations.find((m) => m.version < highest && !done.has(m.version));
  if (gap) {
    throw new SchemaError(`the database lacks schema change ${gap.version} (${gap.name}) but has later ones: `
      + 'applying it now would change the schema out of order; restore a backup of the data folder');
  }

  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
  const ran: Migration[] = [];
  for (const m of migrations) {
    if (done.has(m.version)) continue;
    db.transaction(() => {
      db.exec(m.sql);
      record.run(m.version, m.name, clock.now().toISOString());
      db.pragma(`user_version = ${m.version}`);
    })();
    ran.push(m);
  }
  if (ran.length === 0 && Number(db.pragma('user_version', { simple: true })) !== highest) db.pragma(`user_version = ${highest}`);
  return ran;
}

/** The list itself: versions 1, 2, 3 … in order, names (and former names) unique. */
function checkList(migrations: readonly Migration[]): void {
  const names = new Set<string>();
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`migration ${m.name} is number ${m.version} at place ${i + 1}: the list must be numbered 1, 2, 3 … in order`);
    for (const n of [m.name, m.formerly].filter((x): x is string => x !== undefined)) {
      if (names.has(n)) throw new Error(`duplicate migration name ${n}`);
      names.add(n);
    }
  });
}
