import { describe, expect, it } from 'vitest';
import { AUDIT_FIELD_MAX, AuditStore, clip, clipDetails } from './audit-store.ts';
import { openDb } from './db.ts';
import { FakeClock } from '../test-support/clock.ts';

const entry = (at: string, over: Partial<Parameters<AuditStore['record']>[0]> = {}) => ({
  at, actor: 'admin', action: 'pool.scrub-start', poolUuid: null, target: null, argv: null, exitCode: null, outcome: 'ok' as const, ...over,
});

describe('AuditStore', () => {
  it('cuts every free-text field to about 1 KB, saying how much was cut', () => {
    const audit = new AuditStore(openDb(':memory:', new FakeClock()));
    const huge = 'y'.repeat(15_000);
    audit.record(entry('t1', { actor: huge, action: huge, target: huge, argv: [huge, 'ok'], stderr: huge, details: { path: huge, body: { nested: [huge, huge] } } }));
    const [e] = audit.list();
    expect(e!.actor.length).toBe(128);
    expect(e!.target!.length).toBe(AUDIT_FIELD_MAX);
    expect(e!.target).toMatch(/\[13976 more characters cut\]$/);
    expect(e!.argv![0]!.length).toBe(AUDIT_FIELD_MAX);
    expect(e!.stderrExcerpt!.length).toBe(AUDIT_FIELD_MAX);
    expect(JSON.stringify(e!.details).length).toBeLessThanOrEqual(AUDIT_FIELD_MAX + 40);
    expect(audit.size().bytes).toBeLessThan(6 * 1024);
  });

  it('keeps short values as they are', () => {
    expect(clip('short')).toBe('short');
    expect(clipDetails({ reason: 'bad-request', body: { dryRun: true } })).toEqual({ reason: 'bad-request', body: { dryRun: true } });
  });

  it('filters by actor, action prefix, outcome and time', () => {
    const audit = new AuditStore(openDb(':memory:', new FakeClock()));
    audit.record(entry('2026-01-01T00:00:00.000Z', { action: 'auth.login', actor: 'anonymous', outcome: 'refused' }));
    audit.record(entry('2026-01-02T00:00:00.000Z', { action: 'auth.login', actor: 'alice' }));
    audit.record(entry('2026-01-03T00:00:00.000Z', { action: 'authx.other', actor: 'alice' }));
    audit.record(entry('2026-01-04T00:00:00.000Z', { action: 'pool.replace', actor: 'alice', poolUuid: 'u' }));
    expect(audit.list({ action: 'auth' }).map((e) => e.at.slice(0, 10))).toEqual(['2026-01-02', '2026-01-01']);
    expect(audit.list({ actor: 'alice', outcome: 'ok' })).toHaveLength(3);
    expect(audit.list({ outcome: 'refused' })).toHaveLength(1);
    expect(audit.list({ since: '2026-01-02T00:00:00.000Z', until: '2026-01-03T12:00:00.000Z' })).toHaveLength(2);
    expect(audit.list({ poolUuid: 'u' })).toHaveLength(1);
    expect(audit.actors()).toEqual(['alice', 'anonymous']);
  });

  it('prunes entries older than the retention, then the oldest beyond the row limit', () => {
    const audit = new AuditStore(openDb(':memory:', new FakeClock()));
    for (let d = 1; d <= 9; d++) audit.record(entry(`2025-0${d}-01T00:00:00.000Z`));
    expect(audit.prune('2025-03-01T00:00:00.000Z', 100)).toBe(2);
    expect(audit.prune('2025-01-01T00:00:00.000Z', 4)).toBe(3);
    expect(audit.list().map((e) => e.at.slice(0, 7))).toEqual(['2025-09', '2025-08', '2025-07', '2025-06']);
  });
});
