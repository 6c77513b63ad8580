/**
 * Schema history: a database written by poolwatch 0.1.0 (fixtures/db/poolwatch-0.1.0.sql, the
 * `sqlite3 .dump` of the file fixtures/db/make-0.1.0.ts made through that release's own stores) opens with this version:
 * nothing is re-run, the new migrations run in order, every old row reads back through today's
 * stores and services, and the schema ends up the same as a fresh install's.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../test-support/clock.ts';
import { testGraph, type TestGraph } from '../test-support/graph.ts';
import { migrate, openDb, SchemaError } from './db.ts';
import { MIGRATIONS, type Migration } from './migrations/index.ts';

const FIXTURE = join(import.meta.dirname, '..', '..', 'fixtures', 'db', 'poolwatch-0.1.0.sql');

/** Writes the 0.1.0 database to `file` from its dump (kept as text: no database file in git). */
function restoreFixture(file: string): void {
  const db = new Database(file);
  try {
    db.exec(readFileSync(FIXTURE, 'utf8'));
  } finally {
    db.close();
  }
}
/** The migrations 0.1.0 shipped, under the names it recorded. */
const RELEASED = ['inventory-001-disks-members-counters', 'inventory-002-managed-pools', 'audit-001-log', 'auth-001-users-sessions-tokens', 'smart-001-device-types-latest-history-erc', 'jobs-001-journal'];
const POOL = 'cd9fbaa7-53d5-4e2b-8bbc-215f2af48450';
const LAST = MIGRATIONS.length;

type Row = Record<string, unknown>;

function schemaOf(file: string): Record<string, unknown> {
  const db = new Database(file, { readonly: true });
  try {
    const objects = db.prepare("SELECT type, name, tbl_name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name").all() as Row[];
    return Object.fromEntries(objects.map((o) => [
      `${o.type} ${o.name}`,
      o.type === 'table' ? db.prepare(`PRAGMA table_info("${o.name}")`).all() : db.prepare(`PRAGMA index_info("${o.name}")`).all(),
    ]));
  } finally {
    db.close();
  }
}

function counts(file: string): Record<string, number> {
  const db = new Database(file, { readonly: true });
  try {
    const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all() as { name: string }[]).map((t) => t.name);
    return Object.fromEntries(tables.map((t) => [t, (db.prepare(`SELECT COUNT(*) AS n FROM "${t}"`).get() as { n: number }).n]));
  } finally {
    db.close();
  }
}

describe('upgrade from a database written by poolwatch 0.1.0', () => {
  const dirs: string[] = [];
  const graphs: TestGraph[] = [];
  const dataDir = () => {
    const d = mkdtempSync(join(tmpdir(), 'poolwatch-upgrade-'));
    dirs.push(d);
    return d;
  };
  const open = (dir: string) => {
    const g = testGraph({ env: { POOLWATCH_DATA_DIR: dir }, clock: new FakeClock('2026-12-01T08:00:00.000Z') });
    graphs.push(g);
    return g;
  };
  afterEach(() => {
    for (const g of graphs.splice(0)) g.stop();
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it('runs only the migrations 0.1.0 lacked, in order, and keeps every row', () => {
    const dir = dataDir();
    const file = join(dir, 'poolwatch.sqlite');
    restoreFixture(file);
    const before = counts(file);
    const old = new Database(file, { readonly: true });
    const releasedAt = (old.prepare('SELECT applied_at FROM schema_migrations ORDER BY rowid').all() as { applied_at: string }[]).map((r) => r.applied_at);
    old.close();
    expect(Object.values(before).every((n) => n > 0), `the fixture has rows in every table: ${JSON.stringify(before)}`).toBe(true);

    const g = open(dir);
    const history = g.db.prepare('SELECT version, name, applied_at FROM schema_migrations ORDER BY version').all() as { version: number; name: string; applied_at: string }[];
    expect(history.map((h) => h.version)).toEqual(MIGRATIONS.map((m) => m.version));
    // The released ones keep the names and times 0.1.0 wrote: they did not run again.
    expect(history.slice(0, RELEASED.length).map((h) => h.name)).toEqual(RELEASED);
    expect(history.slice(0, RELEASED.length).map((h) => h.applied_at)).toEqual(releasedAt);
    expect(history.slice(RELEASED.length).map((h) => [h.name, h.applied_at])).toEqual(MIGRATIONS.slice(RELEASED.length).map((m) => [m.name, '2026-12-01T08:00:00.000Z']));
    expect(g.db.pragma('user_version', { simple: true })).toBe(LAST);
    g.stop();

    const after = counts(file);
    for (const [table, n] of Object.entries(before)) {
      if (table !== 'schema_migrations') expect(after[table], table).toBe(n);
    }
  });

  it('reads every old row through today\'s stores and services', async () => {
    const dir = dataDir();
    restoreFixture(join(dir, 'poolwatch.sqlite'));
    const g = open(dir);

    expect((await g.auth.login('admin', 'first admin password', '10.0.0.9')).user).toEqual({ name: 'admin', role: 'admin' });
    expect(g.auth.listUsers().map((u) => [u.name, u.role])).toEqual([['admin', 'admin'], ['viewer1', 'viewer']]);
    expect(g.auth.listTokens().map((t) => [t.name, t.revokedAt !== null])).toEqual([['monitoring', false], ['old-script', true]]);

    expect(g.stores.inventory.members().map((m) => [m.poolUuid, m.devid, m.disk.serial])).toEqual([[POOL, 1, 'WD-1'], [POOL, 2, 'WD-2'], [POOL, 3, 'WD-3']]);
    expect(g.stores.inventory.lastKnownProfiles(POOL)).toEqual({ data: ['raid1'], metadata: ['raid1'], system: ['raid1'] });
    expect(g.stores.inventory.counterHistory(POOL).map((h) => [h.devid, h.errors.read, h.reason, h.actor])).toEqual([[2, 3, 'changed', null], [2, 3, 'before-reset', null]]);
    expect([...g.stores.managed.uuids()]).toEqual([POOL]);
    expect(g.stores.audit.list({ limit: 100 }).map((e) => e.action)).toContain('pool.scrub-start');

    const jobs = g.jobs.list();
    expect(jobs.map((j) => [j.kind, j.state])).toEqual(expect.arrayContaining([['scrub-start', 'succeeded'], ['replace', 'running']]));
    expect(g.jobs.list({ active: true }).map((j) => j.id)).toEqual(['11111111-2222-4333-8444-555555555555']);
    expect(g.jobs.get('0c7e1f6a-3b2d-4e5f-8a9b-1c2d3e4f5a6b')?.result?.scrub?.bytesScrubbed).toBe(1_073_741_824);

    const key = 'serial:WDC-WD40EFRX:WD-1';
    expect(g.stores.smart.deviceTypes().get(key)).toBe('sat');
    expect(g.stores.smart.latest().get(key)).toMatchObject({ path: '/dev/sda', deviceType: 'sat', error: null, assessment: { status: 'passed' } });
    expect(g.stores.smart.history(key)).toHaveLength(1);
    expect(g.stores.smart.history('serial:WDC-WD40EFRX:WD-2')[0]).toMatchObject({ status: 'warning', reasonCodes: ['pending-sectors'] });
    expect(g.stores.smart.ercSettings().get(key)).toMatchObject({ readDeciseconds: 70, reapplyAtStart: true, setBy: 'admin' });
  });

  it('ends with the schema of a fresh install, and a second start changes nothing', () => {
    const upgraded = dataDir();
    restoreFixture(join(upgraded, 'poolwatch.sqlite'));
    open(upgraded).stop();
    const fresh = dataDir();
    open(fresh).stop();
    expect(schemaOf(join(upgraded, 'poolwatch.sqlite'))).toEqual(schemaOf(join(fresh, 'poolwatch.sqlite')));

    const again = open(upgraded);
    expect(migrate(again.db, MIGRATIONS, again.clock)).toEqual([]);
  });
});

describe('migrate', () => {
  const m = (version: number, name: string, sql: string, formerly?: string): Migration => ({ version, name, sql, ...(formerly ? { formerly } : {}) });
  const clock = new FakeClock();

  it('builds an empty database from the whole list, numbered 1 … n', () => {
    const db = openDb(':memory:', clock);
    const rows = db.prepare('SELECT version, name FROM schema_migrations ORDER BY version').all();
    expect(rows).toEqual(MIGRATIONS.map((x) => ({ version: x.version, name: x.name })));
    expect(db.pragma('user_version', { simple: true })).toBe(LAST);
    db.close();
  });

  it('applies in list order: a migration may build on the one before it', () => {
    const db = new Database(':memory:');
    const ran = migrate(db, [m(1, 'a', 'CREATE TABLE a (x INTEGER)'), m(2, 'b', 'ALTER TABLE a ADD COLUMN y INTEGER'), m(3, 'c', 'CREATE INDEX a_y ON a(y)')], clock);
    expect(ran.map((x) => x.name)).toEqual(['a', 'b', 'c']);
    expect((db.prepare('PRAGMA table_info(a)').all() as { name: string }[]).map((c) => c.name)).toEqual(['x', 'y']);
  });

  it('counts a row recorded under the former name as applied, and runs what follows', () => {
    const db = new Database(':memory:');
    db.exec("CREATE TABLE schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL); INSERT INTO schema_migrations VALUES ('feat-001-a', 'then'); CREATE TABLE a (x INTEGER);");
    const ran = migrate(db, [m(1, 'a', 'CREATE TABLE a (x INTEGER)', 'feat-001-a'), m(2, 'b', 'CREATE TABLE b (x INTEGER)')], clock);
    expect(ran.map((x) => x.name)).toEqual(['b']);
    expect(db.prepare('SELECT version, name, applied_at FROM schema_migrations ORDER BY version').all()).toEqual([
      { version: 1, name: 'feat-001-a', applied_at: 'then' }, { version: 2, name: 'b', applied_at: clock.now().toISOString() },
    ]);
  });

  it('refuses a database with a migration it does not know (a newer poolwatch wrote it), changing nothing', () => {
    const db = new Database(':memory:');
    migrate(db, [m(1, 'a', 'CREATE TABLE a (x INTEGER)')], clock);
    db.prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (2, 'from-the-future', 'x')").run();
    expect(() => migrate(db, [m(1, 'a', 'CREATE TABLE a (x INTEGER)'), m(2, 'b', 'CREATE TABLE b (x INTEGER)')], clock)).toThrow(SchemaError);
    expect(() => migrate(db, [m(1, 'a', 'CREATE TABLE a (x INTEGER)'), m(2, 'b', 'CREATE TABLE b (x INTEGER)')], clock)).toThrow(/from-the-future/);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'b'").all()).toEqual([]);
  });

  it('refuses a gap instead of running an earlier migration after a later one', () => {
    const db = new Database(':memory:');
    db.exec("CREATE TABLE schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL); INSERT INTO schema_migrations VALUES ('c', 'then');");
    expect(() => migrate(db, [m(1, 'a', 'CREATE TABLE a (x INTEGER)'), m(2, 'c', 'CREATE TABLE c (x INTEGER)')], clock)).toThrow(/lacks schema change 1 \(a\)/);
  });

  it('rejects a list that is not numbered 1, 2, 3 … or repeats a name', () => {
    const db = new Database(':memory:');
    expect(() => migrate(db, [m(1, 'a', ''), m(3, 'b', '')], clock)).toThrow(/numbered 1, 2, 3/);
    expect(() => migrate(db, [m(1, 'a', ''), m(2, 'a', '')], clock)).toThrow(/duplicate migration name a/);
  });
});
