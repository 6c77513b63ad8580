import { describe, expect, it } from 'vitest';
import { type SummaryPool, announcement, hasAny, summarizeAlerts } from './summary.ts';

const clean = { write: 0, read: 0, flush: 0, corruption: 0, generation: 0 };
let n = 0;
function pool(p: Partial<SummaryPool> & { label: string | null }): SummaryPool {
  n++;
  return { uuid: `uuid-${n}`, managed: false, missingCount: 0, devices: [{ errors: clean }], ...p };
}

describe('summarizeAlerts', () => {
  it('has nothing to say about healthy pools', () => {
    const s = summarizeAlerts([pool({ label: 'a', managed: true }), pool({ label: 'b' })]);
    expect(hasAny(s.degraded)).toBe(false);
    expect(hasAny(s.deviceErrors)).toBe(false);
    expect(s.degraded.targetUuid).toBeNull();
    expect(announcement(s)).toBe('');
  });

  it('names degraded pools, imported ones first, and marks those not imported', () => {
    const tank = pool({ label: 'tank', managed: true, missingCount: 1 });
    const nolabel = pool({ label: null, managed: true, missingCount: 2 });
    const stranger1 = pool({ label: 'pw-x', missingCount: 1 });
    const stranger2 = pool({ label: 'pw-y', missingCount: 1 });
    const fine = pool({ label: 'fine', managed: true });
    const s = summarizeAlerts([stranger1, tank, fine, nolabel, stranger2]);
    expect(s.degraded.managed).toEqual([
      { uuid: tank.uuid, name: 'tank' },
      { uuid: nolabel.uuid, name: '(no label)' },
    ]);
    expect(s.degraded.unimported).toEqual([
      { uuid: stranger1.uuid, name: 'pw-x' },
      { uuid: stranger2.uuid, name: 'pw-y' },
    ]);
    // A click goes to the first managed degraded pool even when an unimported one comes first.
    expect(s.degraded.targetUuid).toBe(tank.uuid);
    expect(announcement(s)).toBe('Pool degraded: tank, (no label), pw-x (not imported), pw-y (not imported).');
  });

  it('goes to the first unimported pool when no managed pool is degraded', () => {
    const a = pool({ label: 'a', missingCount: 1 });
    const s = summarizeAlerts([pool({ label: 'ok', managed: true }), a]);
    expect(s.degraded).toEqual({ managed: [], unimported: [{ uuid: a.uuid, name: 'a' }], targetUuid: a.uuid });
    expect(announcement(s)).toBe('Pool degraded: a (not imported).');
  });

  it('raises the device-error indicator for any non-zero counter, separately from degraded', () => {
    const errs = pool({ label: 'errs', managed: true, devices: [{ errors: clean }, { errors: { ...clean, corruption: 3 } }] });
    const unknown = pool({ label: 'unmounted', devices: [{ errors: null }] });
    const s = summarizeAlerts([errs, unknown]);
    expect(hasAny(s.degraded)).toBe(false);
    expect(s.deviceErrors).toEqual({ managed: [{ uuid: errs.uuid, name: 'errs' }], unimported: [], targetUuid: errs.uuid });
    expect(announcement(s)).toBe('Device errors recorded: errs.');
  });
});

describe('unreadable pools', () => {
  it('are a problem of their own in the header: named, those not imported marked, announced', () => {
    const why = { reason: 'fi show exited with status 1' };
    const tank = pool({ label: 'tank', managed: true, unreadable: why });
    const other = pool({ label: 'pw-x\nforged', unreadable: why });
    const s = summarizeAlerts([pool({ label: 'fine', managed: true, unreadable: null }), other, tank]);
    expect(s.unreadable).toEqual({ managed: [{ uuid: tank.uuid, name: 'tank' }], unimported: [{ uuid: other.uuid, name: 'pw-x\\nforged' }], targetUuid: tank.uuid });
    // Not degraded: poolwatch does not know whether a member is missing.
    expect(hasAny(s.degraded)).toBe(false);
    expect(announcement(s)).toBe('Pool unreadable: tank, pw-x\\nforged (not imported).');
  });

  it('name a managed pool by its label as data (a newline shows as \\n)', () => {
    const s = summarizeAlerts([pool({ label: 'pw-new\nline', managed: true, unreadable: { reason: 'x' } })]);
    expect(s.unreadable.managed[0]?.name).toBe('pw-new\\nline');
  });
});

describe('failed and at-risk pools', () => {
  it('a pool that lost more than it survives says "Pool failed", not "Pool degraded"; a failing SMART member says "Pool at risk"', () => {
    const s = summarizeAlerts([
      pool({ label: 'stripe', managed: true, missingCount: 1, health: { status: 'failed' } }),
      pool({ label: 'mirror', managed: true, missingCount: 1, health: { status: 'degraded' } }),
      pool({ label: 'tank', managed: true, health: { status: 'at-risk' } }),
    ]);
    expect(s.failed.managed.map((p) => p.name)).toEqual(['stripe']);
    expect(s.degraded.managed.map((p) => p.name)).toEqual(['mirror']);
    expect(s.atRisk.managed.map((p) => p.name)).toEqual(['tank']);
    expect(announcement(s)).toBe('Pool failed: stripe. Pool degraded: mirror. Pool at risk: tank.');
  });
});
