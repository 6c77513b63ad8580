import { describe, expect, it } from 'vitest';
import { AuditStore } from './audit-store.ts';
import { openDb } from './db.ts';
import { InventoryStore } from './inventory-store.ts';
import { FakeClock } from '../test-support/clock.ts';

describe('database', () => {
  it('keeps counter history only when the values change', () => {
    const store = new InventoryStore(openDb(':memory:', new FakeClock()));
    const zero = { write: 0, read: 0, flush: 0, corruption: 0, generation: 0 };
    expect(store.recordCounters('2026-01-01T00:00:00Z', 'u', 1, zero)).toBe(true);
    expect(store.recordCounters('2026-01-01T00:01:00Z', 'u', 1, zero)).toBe(false);
    expect(store.recordCounters('2026-01-01T00:02:00Z', 'u', 1, { ...zero, corruption: 3 })).toBe(true);
    expect(store.counterHistory('u').map((h) => h.errors.corruption)).toEqual([0, 3]);
  });

  it('prunes counter history older than the retention, keeping each member\'s newest row', () => {
    const store = new InventoryStore(openDb(':memory:', new FakeClock()));
    const e = (read: number) => ({ write: 0, read, flush: 0, corruption: 0, generation: 0 });
    store.recordCounters('2025-01-01T00:00:00Z', 'u', 1, e(1));
    store.recordCounters('2025-02-01T00:00:00Z', 'u', 1, e(2));
    store.recordCounters('2026-03-01T00:00:00Z', 'u', 1, e(3));
    store.recordCounters('2025-01-01T00:00:00Z', 'u', 2, e(9));
    store.recordCounters('2025-01-02T00:00:00Z', 'u', 2, e(0), 'reset', 'alice');
    expect(store.pruneCounterHistory('2026-01-01T00:00:00Z')).toBe(3);
    expect(store.counterHistory('u').map((h) => [h.devid, h.errors.read, h.reason, h.actor])).toEqual([[1, 3, 'changed', null], [2, 0, 'reset', 'alice']]);
  });

  it('appends audit entries and lists them newest first with a stderr excerpt', () => {
    const audit = new AuditStore(openDb(':memory:', new FakeClock()));
    audit.record({ at: 't1', actor: 'admin', action: 'pool.mount', poolUuid: 'u', target: null, argv: ['mount', '-o', 'degraded,ro', '/dev/sdb', '/mnt2/p'], exitCode: 0, outcome: 'ok' });
    audit.record({ at: 't2', actor: 'admin', action: 'pool.replace', poolUuid: 'u', target: 'devid 2', argv: ['btrfs'], exitCode: 1, outcome: 'failed', stderr: 'x'.repeat(5000) });
    const [last, first] = audit.list();
    expect(last?.action).toBe('pool.replace');
    expect(last?.stderrExcerpt?.length).toBe(1024);
    expect(first?.argv).toEqual(['mount', '-o', 'degraded,ro', '/dev/sdb', '/mnt2/p']);
  });
});

describe('database files', () => {
  it('keeps the data dir 0700 and the SQLite files 0600, tightening an older install', async () => {
    const { mkdtempSync, statSync, chmodSync, writeFileSync, rmSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const root = mkdtempSync(join(tmpdir(), 'pw-perms-'));
    try {
      const fresh = join(root, 'fresh', 'poolwatch.sqlite');
      openDb(fresh, new FakeClock()).close();
      expect(statSync(join(root, 'fresh')).mode & 0o777).toBe(0o700);
      expect(statSync(fresh).mode & 0o777).toBe(0o600);

      const old = join(root, 'old');
      const { mkdirSync } = await import('node:fs');
      mkdirSync(old, { mode: 0o755 });
      chmodSync(old, 0o755);
      writeFileSync(join(old, 'poolwatch.sqlite'), '');
      chmodSync(join(old, 'poolwatch.sqlite'), 0o644);
      const db = openDb(join(old, 'poolwatch.sqlite'), new FakeClock());
      db.prepare('INSERT INTO data_dir_probe (id, at) VALUES (1, ?)').run('now');
      expect(statSync(old).mode & 0o777).toBe(0o700);
      for (const f of ['poolwatch.sqlite', 'poolwatch.sqlite-wal', 'poolwatch.sqlite-shm']) expect(statSync(join(old, f)).mode & 0o777, f).toBe(0o600);
      db.close();
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
