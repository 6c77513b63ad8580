import { describe, expect, it } from 'vitest';
import { AuditStore } from '../store/audit-store.ts';
import { openDb } from '../store/db.ts';
import { FakeClock } from '../test-support/clock.ts';
import { refuseWrites, testWrites } from '../test-support/writes.ts';
import { AuditRefusals, type Refusal } from './audit-refusals.ts';

function setup(opts: { maxRowsPerPrincipal?: number; maxRowsPerWindow?: number } = {}) {
  const clock = new FakeClock('2026-03-01T10:00:00.000Z', { manual: true });
  const db = openDb(':memory:', new FakeClock());
  const audit = new AuditStore(db);
  const refusals = new AuditRefusals({ audit, clock, writes: testWrites(clock), ...opts });
  return { clock, db, audit, refusals };
}

const viewer = (reason: string, path = '/api/pools/x/manage'): Refusal => ({
  actor: 'token:viewer', ip: null, action: 'http.refused', reason, details: { request: `PUT ${path}`, message: 'a viewer may not change anything' },
});

describe('AuditRefusals', () => {
  it('started, writes the raised counts every flush interval of the injected clock; stopped, writes what is left', async () => {
    const { clock, audit, refusals } = setup();
    refusals.start();
    refusals.record(viewer('forbidden'));
    refusals.record(viewer('forbidden'));
    expect(audit.list()[0]!.count).toBe(1);
    await clock.advance(4_999);
    expect(audit.list()[0]!.count).toBe(1);
    await clock.advance(1);
    expect(audit.list()[0]!.count).toBe(2);
    refusals.record(viewer('forbidden'));
    refusals.stop();
    expect(clock.waiting).toBe(0);
    expect(audit.list()[0]!.count).toBe(3);
  });

  it('writes one row per principal and reason per minute, with the count of all of them', () => {
    const { clock, audit, refusals } = setup();
    for (let i = 0; i < 500; i++) refusals.record(viewer('forbidden', `/api/x${i}`));
    for (let i = 0; i < 20; i++) refusals.record(viewer('csrf'));
    refusals.flush();
    const rows = audit.list();
    expect(rows.map((r) => [r.actor, (r.details as { reason: string }).reason, r.count])).toEqual([
      ['token:viewer', 'csrf', 20],
      ['token:viewer', 'forbidden', 500],
    ]);
    // The first request of the row is kept; the others only count.
    expect(rows[1]!.details).toMatchObject({ request: 'PUT /api/x0' });
    expect(rows[1]!.lastAt).toBe(clock.now().toISOString());

    clock.set(clock.nowMs() + 60_000);
    refusals.record(viewer('forbidden'));
    refusals.flush();
    expect(audit.list()).toHaveLength(3);
    expect(audit.list()[0]!.count).toBe(1);
  });

  it('tells anonymous callers apart by address, logged-in ones by name only', () => {
    const { audit, refusals } = setup();
    refusals.record({ actor: 'anonymous', ip: '10.0.0.1', action: 'http.refused', reason: 'no-login' });
    refusals.record({ actor: 'anonymous', ip: '10.0.0.2', action: 'http.refused', reason: 'no-login' });
    refusals.record({ actor: 'anonymous', ip: '10.0.0.2', action: 'http.refused', reason: 'no-login' });
    refusals.flush();
    expect(audit.list().map((r) => [(r.details as { ip: string }).ip, r.count])).toEqual([['10.0.0.2', 2], ['10.0.0.1', 1]]);
  });

  it('folds a principal\'s many kinds of refusal into one "other" row, and everyone\'s beyond the cap into one overflow row', () => {
    const { audit, refusals } = setup({ maxRowsPerPrincipal: 3, maxRowsPerWindow: 10 });
    for (let i = 0; i < 50; i++) refusals.record(viewer(`reason-${i}`));
    refusals.flush();
    expect(audit.list().map((r) => [r.action, r.count])).toEqual([
      ['audit.refusals', 47],
      ['http.refused', 1], ['http.refused', 1], ['http.refused', 1],
    ]);
    for (let i = 0; i < 100; i++) refusals.record({ actor: 'anonymous', ip: `10.0.${i}.1`, action: 'http.refused', reason: 'no-login' });
    refusals.flush();
    const rows = audit.list();
    expect(rows).toHaveLength(11);
    expect(rows[0]).toMatchObject({ actor: 'system', action: 'audit.overflow', count: 94 });
  });

  it('counts in memory when the data dir refuses the write, and never throws', () => {
    const { db, audit, refusals } = setup();
    refuseWrites(db);
    expect(() => {
      for (let i = 0; i < 100; i++) refusals.record(viewer(`reason-${i % 12}`, `/api/${'x'.repeat(2000)}${i}`));
      refusals.flush();
    }).not.toThrow();
    expect(audit.size().rows).toBe(0);
  });
});
