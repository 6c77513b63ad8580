/**
 * The scheduler with a fake clock and fake job starters: due runs start once and move their next
 * run; a busy pool makes a scrub wait (and say so); a run missed while poolwatch was down runs
 * once; the speed limit is set before the scrub and lifted after it.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { Job } from '../../contracts/jobs.ts';
import type { ScheduleInput } from '../../contracts/schedules.ts';
import { ConflictError, ValidationError } from '../errors.ts';
import { nextOccurrence } from '../health/schedule-times.ts';
import { LAB_UUID, healthyRaid1Of3, raid1Of3MissingUnmounted } from '../test-support/pools.ts';
import type { Snapshot } from '../inventory/inventory-service.ts';
import { AuditStore } from '../store/audit-store.ts';
import { openDb, type Db } from '../store/db.ts';
import { ScheduleStore } from '../store/schedule-store.ts';
import { SCHEDULER_TICK_MS, Scheduler } from './scheduler.ts';
import { FakeClock, settle } from '../test-support/clock.ts';

const T0 = new Date(2026, 2, 10, 12, 0); // local time: schedules are in the machine's zone

function job(id: string, state: Job['state'] = 'running'): Job {
  return {
    id, kind: 'scrub-start', poolUuid: LAB_UUID, target: null, state, exclusive: true, cancellable: true, progress: { percent: null, etaSeconds: null, detail: null },
    argv: [], stdout: '', stderr: '', log: [], exitCode: null, error: null, createdBy: 'schedule', createdAt: T0.toISOString(), startedAt: T0.toISOString(), finishedAt: null, nextSteps: [], result: null,
  };
}

describe('scheduler', () => {
  let db: Db;
  let clock: FakeClock;
  let pool = healthyRaid1Of3();
  let busy: string | null;
  let scrubs: string[];
  let speeds: { devids: readonly number[]; bps: number }[];
  let jobs: Map<string, Job>;
  let finishJob: (id: string) => void;
  let scheduler: Scheduler;
  const scrubInput = (over: Partial<ScheduleInput> = {}): ScheduleInput => ({
    kind: 'scrub', poolUuid: LAB_UUID, diskKey: null, enabled: true, recurrence: { every: 'month', monthDay: 1, at: '01:00', windowHours: 6 }, speedLimitBytesPerSecond: null, ...over,
  });

  beforeEach(() => {
    db = openDb(':memory:', new FakeClock());
    clock = new FakeClock(T0, { manual: true });
    pool = healthyRaid1Of3();
    busy = null;
    scrubs = [];
    speeds = [];
    jobs = new Map();
    const waiters = new Map<string, () => void>();
    finishJob = (id) => {
      jobs.set(id, { ...jobs.get(id)!, state: 'succeeded' });
      waiters.get(id)?.();
    };
    scheduler = new Scheduler({
      store: new ScheduleStore(db), audit: new AuditStore(db), clock,
      snapshot: async () => ({ scannedAt: clock.now().toISOString(), pools: [pool], disks: [], slack: {} }) satisfies Snapshot,
      startScrub: async (uuid) => {
        scrubs.push(uuid);
        const j = job(`job-${scrubs.length}`);
        jobs.set(j.id, j);
        return j;
      },
      startSelfTest: async () => {
        throw new ConflictError('a self-test is already running on this disk; abort it first');
      },
      poolBusy: async () => busy,
      job: (id) => jobs.get(id) ?? null,
      waitJob: (id) => new Promise((r) => waiters.set(id, () => r(jobs.get(id)!))),
      noSmart: async () => new Set(pool.devices.map((d) => d.disk!.key)),
      scrubSpeed: { set: async (_u, devids, bps) => (speeds.push({ devids, bps }), true) },
    });
  });

  it('a schedule set to now + 1 min runs once when its time comes, shows its job, and moves its next run', async () => {
    const s = await scheduler.create(scrubInput({ nextRunAt: new Date(T0.getTime() + 60_000).toISOString() }), 'admin');
    expect(s.nextRunAt).toBe(new Date(T0.getTime() + 60_000).toISOString());
    await scheduler.tick();
    expect(scrubs).toEqual([]);
    clock.set(T0.getTime() + 61_000);
    await scheduler.tick();
    await scheduler.tick();
    expect(scrubs).toEqual([LAB_UUID]);
    const [after] = scheduler.list();
    expect(after).toMatchObject({ lastJobId: 'job-1', lastRunAt: clock.now().toISOString(), waiting: null, lastOutcome: 'job running' });
    expect(after!.nextRunAt).toBe(new Date(2026, 3, 1, 1, 0).toISOString());
    finishJob('job-1');
    expect(scheduler.list()[0]!.lastOutcome).toBe('job succeeded');
  });

  it('started, it looks at once and then every tick of the injected clock; stopped, it looks no more', async () => {
    await scheduler.create(scrubInput({ nextRunAt: new Date(T0.getTime() + 45_000).toISOString() }), 'admin');
    scheduler.start();
    try {
      await settle();
      // The first look (at start) found nothing due; it waits for the clock, not a real timer.
      expect(scrubs).toEqual([]);
      expect(clock.waiting).toBe(1);
      await clock.advance(SCHEDULER_TICK_MS);
      expect(scrubs).toEqual([]);
      await clock.advance(SCHEDULER_TICK_MS);
      expect(scrubs).toEqual([LAB_UUID]);
      expect(scheduler.list()[0]!.lastRunAt).toBe(new Date(T0.getTime() + 2 * SCHEDULER_TICK_MS).toISOString());
    } finally {
      scheduler.stop();
    }
    expect(clock.waiting).toBe(0);
    // Its next run (1 April) passes with nobody looking.
    finishJob('job-1');
    await clock.advance(40 * 24 * 3600_000);
    expect(scrubs).toEqual([LAB_UUID]);
  });

  it('waits while a replace or balance holds the pool, says so, and runs once it is free', async () => {
    await scheduler.create(scrubInput({ nextRunAt: T0.toISOString() }), 'admin');
    busy = 'a replace job (j9, started 11:50 by admin) is running on this pool';
    await scheduler.tick();
    expect(scrubs).toEqual([]);
    expect(scheduler.list()[0]!.waiting).toBe(`waits: ${busy}`);
    clock.set(T0.getTime() + 3 * 3600_000);
    await scheduler.tick();
    expect(scrubs).toEqual([]);
    busy = null;
    await scheduler.tick();
    expect(scrubs).toEqual([LAB_UUID]);
    expect(scheduler.list()[0]!.waiting).toBeNull();
  });

  it('a run missed while poolwatch was down runs once at the next start, then follows the recurrence', async () => {
    const store = new ScheduleStore(db);
    await scheduler.create(scrubInput(), 'admin');
    const s = store.list()[0]!;
    // Its window (1 March, 01:00–07:00) passed long ago, twice over.
    store.save({ ...s, nextRunAt: new Date(2026, 1, 1, 1, 0).toISOString() });
    await scheduler.tick();
    await scheduler.tick();
    expect(scrubs).toEqual([LAB_UUID]);
    const after = scheduler.list()[0]!;
    expect(after.lastOutcome).toBe(`job running (its window at ${new Date(2026, 1, 1, 1, 0).toISOString()} passed while poolwatch was not running; ran at the next chance)`);
    expect(store.list()[0]!.lastOutcome).toMatch(/passed while poolwatch was not running/);
    expect(after.nextRunAt).toBe(nextOccurrence(s.recurrence, clock.now()).toISOString());
  });

  it('sets the speed limit on present members before the scrub and lifts it after', async () => {
    await scheduler.create(scrubInput({ nextRunAt: T0.toISOString(), speedLimitBytesPerSecond: 50 * 1024 * 1024 }), 'admin');
    await scheduler.tick();
    expect(speeds).toEqual([{ devids: [1, 2, 3], bps: 50 * 1024 * 1024 }]);
    expect(scheduler.list()[0]!.lastRunAt).not.toBeNull();
    finishJob('job-1');
    await settle();
    expect(speeds.at(-1)).toEqual({ devids: [1, 2, 3], bps: 0 });
  });

  it('an unmounted pool: did not start, and why; the next run moves on', async () => {
    pool = raid1Of3MissingUnmounted();
    await scheduler.create(scrubInput({ nextRunAt: T0.toISOString() }), 'admin');
    await scheduler.tick();
    expect(scrubs).toEqual([]);
    const s = scheduler.list()[0]!;
    expect(s.lastOutcome).toMatch(/did not start: pool .* is not mounted/);
    expect(Date.parse(s.nextRunAt!)).toBeGreaterThan(T0.getTime());
  });

  it('a self-test while one runs on the disk waits', async () => {
    const store = new ScheduleStore(db);
    store.save({
      id: 's1', kind: 'smart-short', poolUuid: null, diskKey: 'wwn:1', targetName: '/dev/sda', enabled: true, recurrence: { every: 'week', weekday: 0, at: '04:00', windowHours: 4 },
      speedLimitBytesPerSecond: null, nextRunAt: T0.toISOString(), lastRunAt: null, lastJobId: null, lastOutcome: null, waiting: null, createdAt: T0.toISOString(), createdBy: 'admin', updatedAt: T0.toISOString(),
    });
    await scheduler.tick();
    expect(scheduler.list()[0]!.waiting).toMatch(/waits: a self-test is already running/);
  });

  it('refuses a duplicate and an unknown pool; disabled schedules do not run', async () => {
    await scheduler.create(scrubInput({ enabled: false, nextRunAt: T0.toISOString() }), 'admin');
    await expect(scheduler.create(scrubInput(), 'admin')).rejects.toThrow(ConflictError);
    await expect(scheduler.create(scrubInput({ poolUuid: '00000000-0000-4000-8000-000000000000' }), 'admin')).rejects.toThrow(ValidationError);
    await scheduler.tick();
    expect(scrubs).toEqual([]);
    expect(new AuditStore(db).list().map((e) => e.action)).toEqual(['schedule.create']);
  });

  it('recommended: a monthly scrub; no self-tests for disks without S.M.A.R.T., and says so', async () => {
    const r = await scheduler.recommended(LAB_UUID, 'admin');
    expect(r.created.map((s) => s.kind)).toEqual(['scrub']);
    expect(r.skipped).toHaveLength(3);
    expect(r.skipped[0]).toMatch(/S\.M\.A\.R\.T\. is not available/);
    const again = await scheduler.recommended(LAB_UUID, 'admin');
    expect(again.created).toEqual([]);
    expect(again.skipped.at(-1)).toMatch(/one exists already/);
  });
});
