/**
 * assessPool end to end on the lab scenarios: status, alerts and guidance together; contract
 * validity; "never healthy while degraded" over every profile and mount state; and coverage of
 * every code the contract defines.
 */
import { describe, expect, it } from 'vitest';
import { PROFILES, type Pool } from '../../contracts/api.ts';
import type { PoolSpace } from '../../contracts/space.ts';
import {
  ALERT_CODES,
  MAINTENANCE_STATES,
  MAINTENANCE_STEP_KINDS,
  MAINTENANCE_WARNING_CODES,
  PoolAssessment,
  RECOMMENDED_ACTIONS,
  type AlertCode,
  type HealthStatus,
  type MaintenanceState,
  type RecommendedAction,
} from '../../contracts/health.ts';
import { assessPool } from './assess-pool.ts';
import type { AssessContext } from './context.ts';
import {
  DEGRADED_RO_OPTIONS,
  DEGRADED_RW_OPTIONS,
  GIB,
  healthyRaid1Of3,
  makeDevice,
  makePool,
  missingDevice,
  profilesOf,
  raid0Of2MissingUnmounted,
  raid10Of4MissingDegradedRw,
  raid1Of2MissingDegradedRw,
  raid1Of2ReplacedLeftoverSingle,
  raid1Of2ReplaceRunning,
  raid1Of3CorruptionCorrected,
  raid1Of3MissingDegradedRo,
  raid1Of3MissingDegradedRw,
  raid1Of3MissingMountedRw,
  raid1Of3MissingUnmounted,
  raid1Of3MissingUnmountedOldProgs,
  raid1Of3ReplacedLarger,
  RAID1_OF_3_REPLACED_LARGER_SLACK,
  raid5Of3MissingDegradedRw,
  RW_OPTIONS,
  singleDevice,
} from '../test-support/pools.ts';
import { makeContext } from '../test-support/assess-context.ts';

interface Scenario {
  readonly name: string;
  readonly pool: Pool;
  readonly ctx: AssessContext;
  readonly status: HealthStatus;
  readonly state: MaintenanceState | null;
  readonly recommended?: RecommendedAction | null;
  /** Exactly the alert codes raised (order-free). */
  readonly alerts: AlertCode[];
}

const spare = makeContext({ spareDisks: [{ sizeBytes: 2 * GIB, path: '/dev/disk/by-id/ata-SPARE' }] });

const SCENARIOS: Scenario[] = [
  {
    // A pool poolwatch could not read (ADR 010): even with members that look missing, nothing but
    // "unreadable" is said, and no guidance is given.
    name: 'a pool whose fi show could not be read',
    pool: makePool({
      devices: [makeDevice(1), missingDevice(2)],
      unreadable: { reason: 'btrfs filesystem show exited with status 1', details: { command: ['btrfs', 'filesystem', 'show'], line: null, lineNumber: null, stderr: 'ERROR: x' } },
    }),
    ctx: spare,
    status: 'unreadable',
    state: null,
    alerts: ['pool-unreadable'],
  },
  { name: 'healthy raid1 of 3 with a spare', pool: healthyRaid1Of3(), ctx: spare, status: 'healthy', state: null, alerts: [] },
  { name: 'healthy raid1 of 3, no spare', pool: healthyRaid1Of3(), ctx: makeContext(), status: 'healthy', state: null, alerts: ['no-spare-disk'] },
  { name: 'single device', pool: singleDevice(), ctx: spare, status: 'healthy', state: null, alerts: [] },
  {
    name: 'raid1 of 3, devid 3 missing, mounted degraded,ro',
    pool: raid1Of3MissingDegradedRo(),
    ctx: spare,
    status: 'degraded',
    state: 'refresh-backups-then-rw',
    alerts: ['device-missing', 'mounted-degraded'],
  },
  {
    name: 'raid1 of 3, devid 3 missing, unmounted',
    pool: raid1Of3MissingUnmounted(),
    ctx: spare,
    status: 'degraded',
    state: 'mount-degraded-ro',
    alerts: ['device-missing'],
  },
  {
    name: 'raid1 of 3 missing, unmounted, old btrfs-progs',
    pool: raid1Of3MissingUnmountedOldProgs(),
    ctx: spare,
    status: 'degraded',
    state: 'mount-degraded-ro',
    alerts: ['device-missing'],
  },
  {
    name: 'raid1 of 3, member vanished while mounted rw',
    pool: raid1Of3MissingMountedRw(),
    ctx: spare,
    status: 'degraded',
    state: 'remount-ro-first',
    alerts: ['device-missing'],
  },
  {
    // A spare large enough is attached: replace first (issue 10, spare-aware plans).
    name: 'raid1 of 3 missing one, mounted degraded,rw',
    pool: raid1Of3MissingDegradedRw(),
    ctx: spare,
    status: 'degraded',
    state: 'repair',
    recommended: 'replace-missing',
    alerts: ['device-missing', 'mounted-degraded'],
  },
  {
    name: 'raid1 of 3 missing one, mounted degraded,rw, no spare',
    pool: raid1Of3MissingDegradedRw(),
    ctx: makeContext(),
    status: 'degraded',
    state: 'repair',
    recommended: 'remove-missing',
    alerts: ['device-missing', 'mounted-degraded', 'no-spare-disk'],
  },
  {
    name: 'raid1 of 2 missing one, mounted degraded,rw (below minimum)',
    pool: raid1Of2MissingDegradedRw(),
    ctx: spare,
    status: 'degraded',
    state: 'repair',
    recommended: 'replace-missing',
    alerts: ['device-missing', 'mounted-degraded', 'at-minimum-members'],
  },
  {
    name: 'raid1 of 2 missing one, written while degraded (single data chunks)',
    pool: raid1Of2MissingDegradedRw({ writtenWhileDegraded: true }),
    ctx: makeContext({ ...spare, mixedProfiles: true }),
    status: 'degraded',
    state: 'repair',
    recommended: 'replace-missing',
    alerts: ['device-missing', 'mounted-degraded', 'at-minimum-members', 'mixed-profiles'],
  },
  {
    name: 'raid10 of 4 missing one',
    pool: raid10Of4MissingDegradedRw(),
    ctx: spare,
    status: 'degraded',
    state: 'repair',
    recommended: 'replace-missing',
    alerts: ['device-missing', 'mounted-degraded', 'at-minimum-members'],
  },
  {
    name: 'raid5 of 3 missing one',
    pool: raid5Of3MissingDegradedRw(),
    ctx: spare,
    status: 'degraded',
    state: 'repair',
    recommended: 'add-then-remove-missing',
    alerts: ['device-missing', 'mounted-degraded', 'at-minimum-members', 'parity-profile'],
  },
  {
    name: 'raid0 missing a member',
    pool: raid0Of2MissingUnmounted(),
    ctx: spare,
    status: 'failed',
    state: 'beyond-redundancy',
    alerts: ['device-missing', 'redundancy-exceeded'],
  },
  {
    name: 'corruption counters after a scrub',
    pool: raid1Of3CorruptionCorrected(),
    ctx: spare,
    status: 'warning',
    state: 'device-errors',
    alerts: ['device-errors'],
  },
  {
    // SMART in the verdict: nothing missing, but a member failing → at risk, replace it with -r now.
    name: 'a member failing SMART on a healthy raid1 of 3',
    pool: healthyRaid1Of3(),
    ctx: makeContext({ ...spare, smart: [{ devid: 2, status: 'failing', summary: '12 reallocated sectors.' }] }),
    status: 'at-risk',
    state: 'replace-failing',
    alerts: ['smart-failing'],
  },
  {
    name: 'a member failing SMART on a single pool: no other copy',
    pool: singleDevice(),
    ctx: makeContext({ smart: [{ devid: 1, status: 'failing', summary: '3 media errors.' }] }),
    status: 'at-risk',
    state: 'replace-failing',
    alerts: ['smart-failing', 'no-spare-disk'],
  },
  {
    name: 'a SMART warning: advice, no guidance, no banner status',
    pool: healthyRaid1Of3(),
    ctx: makeContext({ ...spare, smart: [{ devid: 1, status: 'warning', summary: 'Temperature 61 °C.' }] }),
    status: 'warning',
    state: null,
    alerts: ['smart-warning'],
  },
  {
    name: 'an old member attached again after its replacement',
    pool: healthyRaid1Of3(),
    ctx: makeContext({ ...spare, staleDisks: [{ path: '/dev/disk/by-id/ata-OLD', name: '/dev/sdd (serial OLD, 1 GiB)' }] }),
    status: 'warning',
    state: null,
    alerts: ['stale-member'],
  },
  {
    name: 'repaired, no scrub since: the panel stays with "run a scrub now"',
    pool: healthyRaid1Of3(),
    ctx: makeContext({ ...spare, repairedAt: '2026-12-03T10:00:00.000Z', scrubbedAt: '2026-12-01T10:00:00.000Z' }),
    status: 'healthy',
    state: 'scrub-after-repair',
    alerts: [],
  },
  {
    name: 'repaired, then scrubbed: nothing left to do',
    pool: healthyRaid1Of3(),
    ctx: makeContext({ ...spare, repairedAt: '2026-12-03T10:00:00.000Z', scrubbedAt: '2026-12-03T11:00:00.000Z' }),
    status: 'healthy',
    state: null,
    alerts: [],
  },
  {
    name: 'mixed profiles after replace, still mounted degraded',
    pool: raid1Of2ReplacedLeftoverSingle(),
    ctx: makeContext({ ...spare, mixedProfiles: true }),
    status: 'warning',
    state: null,
    alerts: ['mixed-profiles', 'mounted-degraded', 'at-minimum-members'],
  },
  {
    name: 'slack after replacing with a larger disk',
    pool: raid1Of3ReplacedLarger(),
    ctx: makeContext({ ...spare, slack: [...RAID1_OF_3_REPLACED_LARGER_SLACK] }),
    status: 'healthy',
    state: null,
    alerts: ['replace-slack'],
  },
  {
    name: 'replace running on raid1 of 2 with a missing member',
    pool: raid1Of2ReplaceRunning(),
    ctx: spare,
    status: 'degraded',
    state: 'operation-running',
    alerts: ['device-missing', 'mounted-degraded', 'operation-running'],
  },
  {
    name: 'profiles unknown, member missing, unmounted',
    pool: makePool({ ...raid1Of3MissingUnmounted(), profiles: { data: [], metadata: [], system: [] }, profilesSource: 'unknown' }),
    ctx: spare,
    status: 'degraded',
    state: 'mount-degraded-ro',
    alerts: ['device-missing', 'unknown-profile'],
  },
  {
    name: 'part of the snapshot unreadable',
    pool: makePool({ problems: [{ source: 'device stats', message: 'permission denied' }] }),
    ctx: spare,
    status: 'warning',
    state: null,
    alerts: ['read-problem'],
  },
];

describe('lab scenarios', () => {
  it.each(SCENARIOS)('$name', (sc) => {
    const result = assessPool(sc.pool, sc.ctx);
    expect(result.health.status).toBe(sc.status);
    expect(result.maintenance?.state ?? null).toBe(sc.state);
    if (sc.recommended !== undefined) expect(result.maintenance?.recommended).toBe(sc.recommended);
    expect([...new Set(result.health.alerts.map((a) => a.code))].sort()).toEqual([...sc.alerts].sort());
    // What the API sends must satisfy the contract the UI parses with.
    expect(PoolAssessment.parse(result)).toEqual(result);
  });

  it('lists alerts most severe first', () => {
    const alerts = assessPool(raid5Of3MissingDegradedRw(), makeContext()).health.alerts;
    const ranks = alerts.map((a) => ({ critical: 0, warning: 1, info: 2 })[a.severity]);
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    expect(alerts[0]?.code).toBe('device-missing');
  });

  it('neither reads a clock nor changes its input: same snapshot, same answer', () => {
    const pool = raid1Of2MissingDegradedRw();
    const before = structuredClone(pool);
    const a = assessPool(pool, makeContext({ now: new Date('2020-01-01T00:00:00Z') }));
    const b = assessPool(pool, makeContext({ now: new Date('2030-01-01T00:00:00Z') }));
    expect(a).toEqual(b);
    expect(pool).toEqual(before);
  });
});

describe('a pool with a missing member is never healthy', () => {
  // Every profile (as data; metadata raid1c4 so data decides, and the same profile everywhere),
  // every mount state, 1-3 missing, and each way a snapshot can say "missing".
  const mounts: Partial<Pool>[] = [
    { mounted: false, mountPoint: null, mountOptions: [], exclusiveOperation: null },
    { mounted: true, mountPoint: '/mnt2/p', mountOptions: [...DEGRADED_RO_OPTIONS] },
    { mounted: true, mountPoint: '/mnt2/p', mountOptions: [...RW_OPTIONS] },
    { mounted: true, mountPoint: '/mnt2/p', mountOptions: [...DEGRADED_RW_OPTIONS] },
    { mounted: true, mountPoint: '/mnt2/p', mountOptions: [...DEGRADED_RW_OPTIONS], exclusiveOperation: 'balance' },
  ];
  const signals = (missing: number): Partial<Pool>[] => {
    const attached = [1, 2, 3, 4].map((d) => makeDevice(d));
    const gone = Array.from({ length: missing }, (_, i) => 5 + i);
    return [
      { devices: [...attached, ...gone.map((d) => missingDevice(d))], totalDevices: 4 + missing, missingCount: missing, missingDevids: gone },
      { devices: attached, totalDevices: 4 + missing, missingCount: missing, missingDevids: [] },
      { devices: attached, totalDevices: 4, missingCount: 0, missingDevids: gone },
      { devices: [...attached, ...gone.map((d) => missingDevice(d))], totalDevices: 4 + missing, missingCount: 0, missingDevids: [] },
      { devices: attached, totalDevices: 4 + missing, missingCount: 0, missingDevids: [] },
    ];
  };
  const profileSets = [
    ...PROFILES.map((p) => profilesOf(p)),
    ...PROFILES.map((p) => profilesOf(p, 'raid1c4')),
    ...PROFILES.map((p) => profilesOf([p, 'single'], 'raid1')),
    { data: [], metadata: [], system: [] },
  ];

  it('holds for every combination', () => {
    let checked = 0;
    for (const profiles of profileSets) {
      for (const mount of mounts) {
        for (const missing of [1, 2, 3]) {
          for (const signal of signals(missing)) {
            const pool = makePool({ ...mount, ...signal, profiles });
            const { health, maintenance } = assessPool(pool, makeContext());
            const where = `${JSON.stringify(profiles)} ${JSON.stringify(mount.mountOptions)} missing=${missing} ${JSON.stringify(signal.missingDevids)}`;
            expect(health.status, where).not.toBe('healthy');
            expect(health.status, where).not.toBe('warning');
            expect(maintenance, where).not.toBeNull();
            expect(health.alerts.some((a) => a.code === 'device-missing'), where).toBe(true);
            checked++;
          }
        }
      }
    }
    expect(checked).toBe(profileSets.length * mounts.length * 3 * 5);
  });
});

const nothingFits: PoolSpace = {
  usage: null,
  unknownReason: null,
  forecast: [],
  verdicts: (['replace', 'remove-missing', 'add-then-remove'] as const).map((operation) => ({
    operation, fits: 'no' as const, failure: 'enospc' as const, why: `${operation} will not fit`, neededBytes: 2, availableBytes: 1,
    devices: operation === 'replace' ? [{ devid: 3, role: 'source' as const, sizeBytes: GIB, unallocatedBytes: null }] : [],
    remedies: [],
  })),
};

describe('coverage of the contract', () => {
  // Each scenario above plus the extra situations needed to reach every code at least once.
  const extra: { pool: Pool; ctx: AssessContext }[] = [
    { pool: makePool({ devices: [makeDevice(1), missingDevice(2), missingDevice(3)] }), ctx: makeContext() },
    {
      pool: makePool({ ...raid1Of3MissingUnmounted(), profiles: profilesOf('raid1', 'raid1c3') }),
      ctx: makeContext({ kernelRelease: '5.4.0' }),
    },
    // raid1 of 2, devid not named by btrfs-progs: replace needs the devid looked up first.
    { pool: makePool({ ...raid1Of2MissingDegradedRw(), devices: [makeDevice(1)], totalDevices: 2, missingCount: 1, missingDevids: [] }), ctx: makeContext() },
    // No repair route fits in the space left: read-only and copy off, or free space and compact.
    { pool: raid1Of3MissingDegradedRw(), ctx: makeContext({ space: nothingFits }) },
  ];
  const results = [...SCENARIOS.map((s) => assessPool(s.pool, s.ctx)), ...extra.map((e) => assessPool(e.pool, e.ctx))];
  const seen = {
    alerts: new Set(results.flatMap((r) => r.health.alerts.map((a) => a.code))),
    states: new Set(results.map((r) => r.maintenance?.state).filter(Boolean)),
    actions: new Set(results.map((r) => r.maintenance?.recommended).filter(Boolean)),
    alternatives: new Set(results.flatMap((r) => r.maintenance?.alternatives ?? [])),
    warnings: new Set(results.flatMap((r) => r.maintenance?.warnings.map((w) => w.code) ?? [])),
    steps: new Set(results.flatMap((r) => r.maintenance?.steps.map((s) => s.kind) ?? [])),
    statuses: new Set(results.map((r) => r.health.status)),
  };

  it.each(ALERT_CODES)('alert code %s is raised by some scenario', (code) => expect(seen.alerts).toContain(code));
  it.each(MAINTENANCE_STATES)('state %s is reached by some scenario', (state) => expect(seen.states).toContain(state));
  it.each(RECOMMENDED_ACTIONS)('action %s is recommended by some scenario', (a) => expect(seen.actions).toContain(a));
  it.each(RECOMMENDED_ACTIONS)('action %s is offered as an alternative by some scenario', (a) => {
    // remove-missing is an alternative only behind a spare (replace first where a disk is attached).
    expect(seen.alternatives).toContain(a);
  });
  it.each(MAINTENANCE_WARNING_CODES)('warning %s is given by some scenario', (w) => expect(seen.warnings).toContain(w));
  it.each(MAINTENANCE_STEP_KINDS)('step kind %s appears in some scenario', (k) => expect(seen.steps).toContain(k));
  it.each(['healthy', 'warning', 'at-risk', 'degraded', 'failed'] as const)('status %s is produced by some scenario', (s) => expect(seen.statuses).toContain(s));
});
