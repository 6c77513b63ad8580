import { describe, expect, it } from 'vitest';
import type { Disk } from '../../contracts/api.ts';
import type { Job } from '../../contracts/jobs.ts';
import { DEFAULT_NOTIFY_SETTINGS, type NotifyEvent } from '../../contracts/notify.ts';
import type { PoolView } from '../../contracts/views.ts';
import { assessPool } from './assess-pool.ts';
import { EMPTY_MEMORY, evaluate, groupMessages, jobEvents, wanted, type MonitorFacts, type MonitorMemory } from './notify-events.ts';
import { LAB_UUID, healthyRaid1Of3, raid0Of2MissingUnmounted, raid1Of3MissingUnmounted } from '../test-support/pools.ts';
import { makeContext } from '../test-support/assess-context.ts';
import type { Pool } from '../../contracts/api.ts';

const T0 = '2026-03-01T03:00:00.000Z';
const at = (minutes: number) => new Date(Date.parse(T0) + minutes * 60_000).toISOString();

function view(pool: Pool, managed = true): PoolView {
  const { health, maintenance } = assessPool(pool, makeContext());
  return { ...pool, managed, health, maintenance, slack: [] };
}

function facts(when: string, pools: PoolView[], over: Partial<MonitorFacts> = {}): MonitorFacts {
  return {
    at: when, pools, disks: [], smart: [],
    scan: { lastScanAt: when, error: null, startedAt: T0 }, dataDirError: null, ...over,
  };
}

/** Runs evaluations in order; returns the events of each. */
function run(steps: MonitorFacts[], settings = DEFAULT_NOTIFY_SETTINGS): { events: NotifyEvent[][]; memory: MonitorMemory } {
  let memory = EMPTY_MEMORY;
  const events: NotifyEvent[][] = [];
  for (const f of steps) {
    const r = evaluate(memory, f, settings);
    memory = r.memory;
    events.push(r.events);
  }
  return { events, memory };
}

const summary = (es: NotifyEvent[]) => es.map((e) => `${e.phase} ${e.kind}`).sort();

describe('problems: once at start, reminders while open, once when resolved', () => {
  it('a pulled member opens degraded + missing once, and both resolve once when it is back', () => {
    const { events } = run([
      facts(at(0), [view(healthyRaid1Of3())]),
      facts(at(1), [view(raid1Of3MissingUnmounted())]),
      facts(at(2), [view(raid1Of3MissingUnmounted())]),
      facts(at(3), [view(healthyRaid1Of3())]),
      facts(at(4), [view(healthyRaid1Of3())]),
    ]);
    expect(events[0]).toEqual([]);
    expect(summary(events[1]!)).toEqual(['start member-missing', 'start pool-degraded']);
    expect(events[1]!.find((e) => e.kind === 'member-missing')).toMatchObject({ key: `member-missing:${LAB_UUID}:3`, devid: 3, severity: 'critical', poolUuid: LAB_UUID });
    expect(events[2]).toEqual([]);
    expect(summary(events[3]!)).toEqual(['resolved member-missing', 'resolved pool-degraded']);
    expect(events[3]![0]!.title).toMatch(/^Resolved: /);
    expect(events[3]!.find((e) => e.kind === 'pool-degraded')!.since).toBe(at(1));
    expect(events[4]).toEqual([]);
  });

  it('a failed pool opens failed and degraded', () => {
    const { events } = run([facts(at(0), [view(raid0Of2MissingUnmounted())])]);
    expect(summary(events[0]!)).toEqual(['start member-missing', 'start pool-degraded', 'start pool-failed']);
  });

  it('reminds at the configured interval, counted from the last message, and not at all with 0', () => {
    const degraded = view(raid1Of3MissingUnmounted());
    const steps = [0, 60, 23 * 60, 24 * 60, 25 * 60, 48 * 60].map((m) => facts(at(m), [degraded]));
    const { events } = run(steps, { ...DEFAULT_NOTIFY_SETTINGS, reminderHours: 24 });
    expect(events.map((e) => e.filter((x) => x.phase === 'reminder').length)).toEqual([0, 0, 0, 2, 0, 2]);
    expect(events[3]!.every((e) => e.title.startsWith('Still: ') && e.since === at(0))).toBe(true);
    const none = run(steps, { ...DEFAULT_NOTIFY_SETTINGS, reminderHours: 0 });
    expect(none.events.flat().filter((e) => e.phase === 'reminder')).toEqual([]);
  });

  it('an unimported pool is told once; importing it ends that silently', () => {
    const { events } = run([
      facts(at(0), [view(healthyRaid1Of3(), false)]),
      facts(at(1), [view(healthyRaid1Of3(), false)]),
      facts(at(2), [view(healthyRaid1Of3(), true)]),
    ]);
    expect(summary(events[0]!)).toEqual(['start pool-unimported']);
    expect(events[0]![0]!.severity).toBe('info');
    expect(events[1]).toEqual([]);
    expect(events[2]).toEqual([]);
  });

  it('a pool that disappears while degraded resolves with words that say so', () => {
    const { events } = run([facts(at(0), [view(raid1Of3MissingUnmounted())]), facts(at(1), [])]);
    expect(events[1]!.every((e) => e.phase === 'resolved' && /no longer seen on this machine/.test(e.text))).toBe(true);
  });

  it('a failing member puts the pool at risk; passed again resolves it', () => {
    const pool = view(healthyRaid1Of3());
    const key = pool.devices[0]!.disk!.key;
    const { events } = run([
      facts(at(0), [pool], { smart: [{ diskKey: key, path: '/dev/loop21', status: 'passed', topReason: null }] }),
      facts(at(1), [pool], { smart: [{ diskKey: key, path: '/dev/loop21', status: 'failing', topReason: '12 pending sectors' }] }),
      facts(at(2), [pool], { smart: [{ diskKey: key, path: '/dev/loop21', status: 'passed', topReason: null }] }),
    ]);
    expect(summary(events[1]!)).toEqual(['event smart-worsened', 'start pool-at-risk']);
    expect(events[1]!.find((e) => e.kind === 'pool-at-risk')!.text).toContain('12 pending sectors');
    expect(events[1]!.find((e) => e.kind === 'smart-worsened')).toMatchObject({ severity: 'critical', devid: 1, poolUuid: LAB_UUID });
    expect(summary(events[2]!)).toEqual(['resolved pool-at-risk']);
  });

  it('scan stuck: an error at once, silence after scanStuckMinutes; resolved when a scan finishes', () => {
    const pools = [view(healthyRaid1Of3())];
    const { events } = run([
      facts(at(0), pools),
      facts(at(5), pools, { scan: { lastScanAt: at(0), error: null, startedAt: T0 } }),
      facts(at(11), pools, { scan: { lastScanAt: at(0), error: null, startedAt: T0 } }),
      facts(at(12), pools, { scan: { lastScanAt: at(12), error: null, startedAt: T0 } }),
      facts(at(13), pools, { scan: { lastScanAt: at(12), error: 'btrfs: command not found', startedAt: T0 } }),
    ]);
    expect(events[1]).toEqual([]);
    expect(summary(events[2]!)).toEqual(['start scan-stuck']);
    expect(events[2]![0]!.text).toMatch(/11 minutes/);
    expect(summary(events[3]!)).toEqual(['resolved scan-stuck']);
    expect(events[4]![0]!.text).toContain('btrfs: command not found');
  });

  it('a pool btrfs stops answering about (kept as last read, marked stale) is told once it lasts scanStuckMinutes; resolved when it is read again', () => {
    const fresh = view(healthyRaid1Of3());
    const stale = { ...fresh, stale: { since: at(0), reason: `btrfs is not answering about this pool (\`btrfs filesystem show --raw -- ${LAB_UUID}\` timed out)` } };
    const { events } = run([
      facts(at(0), [fresh]),
      facts(at(5), [stale]),
      facts(at(11), [stale]),
      facts(at(12), [stale]),
      facts(at(13), [fresh]),
    ]);
    expect(events[1]).toEqual([]);
    expect(summary(events[2]!)).toEqual(['start scan-stuck']);
    expect(events[2]![0]).toMatchObject({ key: `scan-stuck:${LAB_UUID}`, severity: 'critical', poolUuid: LAB_UUID });
    expect(events[2]![0]!.text).toMatch(/^For 11 minutes: btrfs is not answering about this pool/);
    expect(events[3]).toEqual([]);
    expect(summary(events[4]!)).toEqual(['resolved scan-stuck']);
    expect(events[4]![0]!.text).toMatch(/^btrfs answers about pool \S+ again\.$/);
  });

  it('data dir unwritable opens and resolves', () => {
    const { events } = run([facts(at(0), [], { dataDirError: 'SQLITE_FULL: database or disk is full' }), facts(at(1), [])]);
    expect(summary(events[0]!)).toEqual(['start data-dir-unwritable']);
    expect(summary(events[1]!)).toEqual(['resolved data-dir-unwritable']);
  });

  it('a former member attached again but not used (stale) is told only after it stays so for two minutes', () => {
    const pool = view(healthyRaid1Of3());
    const old: Disk = {
      path: '/dev/loop40', type: 'loop', sizeBytes: 1, identity: { key: 'loop:/lab/old.img', serial: 'S1', model: null, wwn: null, byId: [] },
      transport: null, rotational: null, attached: true, role: 'stale-member', inUseReason: 'btrfs signature', pool: { uuid: LAB_UUID, label: 'pw-x', devid: 4 }, lastSeenAt: null,
    };
    const { events } = run([
      facts(at(0), [pool], { disks: [old] }),
      facts(at(1), [pool], { disks: [old] }),
      facts(at(3), [pool], { disks: [old] }),
      facts(at(4), [pool], { disks: [] }),
    ]);
    expect(events[0]).toEqual([]);
    expect(events[1]).toEqual([]);
    expect(summary(events[2]!)).toEqual(['start stale-member']);
    expect(events[2]![0]).toMatchObject({ since: at(0), devid: 4, diskKey: 'loop:/lab/old.img', severity: 'warning' });
    expect(events[2]![0]!.text).toContain('serial S1');
    expect(summary(events[3]!)).toEqual(['resolved stale-member']);
    // Seen once and gone before the delay: nothing at all.
    const blip = run([facts(at(0), [pool], { disks: [old] }), facts(at(1), [pool], { disks: [] }), facts(at(5), [pool], { disks: [old] })]);
    expect(blip.events.flat()).toEqual([]);
    // A wiped former member is a spare, not stale.
    expect(run([facts(at(0), [pool], { disks: [{ ...old, role: 'unused', pool: null }] }), facts(at(5), [pool], { disks: [{ ...old, role: 'unused', pool: null }] })]).events.flat()).toEqual([]);
  });
});

describe('one-shot events', () => {
  it('counters: a rise is told with its delta, a reset only moves the baseline', () => {
    const base = healthyRaid1Of3();
    const withErrors = (read: number, write = 0) => view({ ...base, devices: base.devices.map((d) => (d.devid === 2 ? { ...d, errors: { ...d.errors!, read, write } } : d)) });
    const { events } = run([facts(at(0), [withErrors(5)]), facts(at(1), [withErrors(8)]), facts(at(2), [withErrors(0)]), facts(at(3), [withErrors(1, 2)])]);
    expect(events[0]).toEqual([]);
    expect(events[1]).toHaveLength(1);
    expect(events[1]![0]).toMatchObject({ kind: 'device-errors-increased', delta: { read: 3 }, devid: 2, severity: 'warning' });
    expect(events[1]![0]!.title).toContain('+3 read errors');
    expect(events[2]).toEqual([]);
    expect(events[3]![0]).toMatchObject({ delta: { read: 1, write: 2 }, severity: 'critical' });
  });

  it('SMART: only a worse verdict is told; unknown and not-available change nothing', () => {
    const steps = ['passed', 'not-available', 'warning', 'warning', 'passed', 'failing'].map((status, i) =>
      facts(at(i), [], { smart: [{ diskKey: 'wwn:1', path: '/dev/sda', status, topReason: null }] }));
    const { events } = run(steps);
    expect(events.map((e) => e.map((x) => x.title))).toEqual([
      [], [], ['S.M.A.R.T. of /dev/sda: passed → warning'], [], [], ['S.M.A.R.T. of /dev/sda: passed → failing'],
    ]);
  });

  it('jobs: failed, succeeded, and a scrub that found errors', () => {
    const job: Job = {
      id: 'j1', kind: 'scrub-start', poolUuid: LAB_UUID, target: '/mnt2/x', state: 'succeeded', exclusive: true, cancellable: false,
      progress: { percent: 100, etaSeconds: null, detail: null }, argv: [], stdout: '', stderr: '', log: [], exitCode: 0, error: null,
      createdBy: 'schedule', createdAt: T0, startedAt: T0, finishedAt: at(30), nextSteps: [],
      result: { summary: 'done', scrub: { state: 'finished', bytesScrubbed: 1, durationSeconds: 1, errorsFound: 4, corrected: 4, uncorrectable: 0, unverified: 0, read: 0, csum: 4, verify: 0, super: 0 } },
    };
    expect(jobEvents(job, 'pw-x').map((e) => `${e.kind} ${e.severity}`)).toEqual(['scrub-errors warning', 'job-succeeded info']);
    expect(jobEvents({ ...job, state: 'failed', error: 'boom', result: null }, null).map((e) => e.kind)).toEqual(['job-failed']);
    expect(jobEvents({ ...job, state: 'cancelled', result: null }, null)).toEqual([]);
    expect(jobEvents({ ...job, finishedAt: null }, null)).toEqual([]);
  });
});

describe('channel filter and grouping', () => {
  it('filters by severity and job success', () => {
    const e = (severity: NotifyEvent['severity'], kind = 'pool-degraded') => ({ severity, kind }) as NotifyEvent;
    expect(wanted({ minSeverity: 'warning', jobSucceeded: false }, e('info'))).toBe(false);
    expect(wanted({ minSeverity: 'warning', jobSucceeded: false }, e('critical'))).toBe(true);
    expect(wanted({ minSeverity: 'info', jobSucceeded: false }, e('info', 'job-succeeded'))).toBe(false);
    expect(wanted({ minSeverity: 'info', jobSucceeded: true }, e('info', 'job-succeeded'))).toBe(true);
  });

  it('one message per pool per evaluation, most severe first', () => {
    const { events } = run([facts(at(0), [view(healthyRaid1Of3())]), facts(at(1), [view(raid1Of3MissingUnmounted())])], DEFAULT_NOTIFY_SETTINGS);
    const msgs = groupMessages(events[1]!, { at: at(1), instance: 'nas1', publicUrl: 'http://nas1:8080/', id: (g) => `m-${g}` });
    expect(msgs).toHaveLength(1);
    expect(msgs[0]!.id).toBe(`m-${LAB_UUID}`);
    expect(msgs[0]!.severity).toBe('critical');
    expect(msgs[0]!.title).toMatch(/\(\+1 more\)$/);
    expect(msgs[0]!.url).toBe(`http://nas1:8080/pools/${LAB_UUID}`);
    expect(msgs[0]!.text).toContain('is missing');
  });
});
