/**
 * The one pool builder for tests: pools, members, disks, pool views and jobs shaped like what the
 * inventory reports for the lab scenarios (loop devices, btrfs-progs 6.2, kernel 6.x; see
 * fixtures/lab/) and the API sends. Every builder returns a fresh, contract-valid value.
 * Imports only contracts/: UI tests (src/) use it too (src/test/pools.ts builds on it).
 */
import { Pool, type DeviceErrors, type Disk, type PoolDevice, type ProfileSet, type Profile } from '../../contracts/api.ts';
import type { Job } from '../../contracts/jobs.ts';
import type { PoolView } from '../../contracts/views.ts';

export const GIB = 1024 ** 3;

export const ZERO_ERRORS: DeviceErrors = { write: 0, read: 0, flush: 0, corruption: 0, generation: 0 };

/** An attached member: `/dev/loop<devid + 20>`, 1 GiB, no errors, identified by its backing file. */
export function makeDevice(devid: number, overrides: Partial<PoolDevice> = {}): PoolDevice {
  const path = overrides.path === undefined ? `/dev/loop${devid + 20}` : overrides.path;
  return {
    devid,
    path,
    missing: false,
    sizeBytes: GIB,
    usedBytes: 200 * 1024 ** 2,
    errors: { ...ZERO_ERRORS },
    disk: {
      key: `loop:/var/lib/poolwatch-lab/disk${devid}.img`,
      serial: null,
      model: null,
      wwn: null,
      byId: [],
    },
    ...overrides,
  };
}

/** A missing member as btrfs-progs 6.2 shows it on a mounted pool: `devid N size 0 used 0 path  MISSING`. */
export function missingDevice(devid: number, overrides: Partial<PoolDevice> = {}): PoolDevice {
  return {
    devid,
    path: null,
    missing: true,
    sizeBytes: 0,
    usedBytes: 0,
    errors: { ...ZERO_ERRORS },
    disk: null,
    ...overrides,
  };
}

export const profilesOf = (data: Profile | Profile[], metadata: Profile | Profile[] = data, system: Profile | Profile[] = metadata): ProfileSet => ({
  data: [data].flat(),
  metadata: [metadata].flat(),
  system: [system].flat(),
});

/** Mount options as findmnt lists them for a lab pool (rw, not degraded). */
export const RW_OPTIONS = ['rw', 'relatime', 'discard=async', 'space_cache=v2', 'subvolid=5', 'subvol=/'];
/** After `mount -o degraded,ro`. */
export const DEGRADED_RO_OPTIONS = ['ro', 'relatime', 'degraded', 'space_cache=v2', 'subvolid=5', 'subvol=/'];
/** After `mount -o remount,rw,degraded` (or `mount -o degraded`). */
export const DEGRADED_RW_OPTIONS = ['rw', 'relatime', 'degraded', 'discard=async', 'space_cache=v2', 'subvolid=5', 'subvol=/'];

export const LAB_UUID = 'cd9fbaa7-53d5-4e2b-8bbc-215f2af48450';

/**
 * A pool snapshot. Defaults: healthy raid1 of 3 mounted rw at /mnt2/pool. Unless given
 * explicitly, `totalDevices`, `missingCount` and `missingDevids` follow from `devices`, and an
 * unmounted pool gets no mount point, options or exclusive operation.
 */
export function makePool(overrides: Partial<Pool> = {}): Pool {
  const devices = overrides.devices ?? [makeDevice(1), makeDevice(2), makeDevice(3)];
  const missing = devices.filter((d) => d.missing);
  const mounted = overrides.mounted ?? true;
  const label = overrides.label === undefined ? 'pool' : overrides.label;
  const pool: Pool = {
    uuid: LAB_UUID,
    label,
    mounted,
    mountPoint: mounted ? `/mnt2/${label ?? LAB_UUID}` : null,
    mountOptions: mounted ? [...RW_OPTIONS] : [],
    profiles: profilesOf('raid1'),
    profilesSource: mounted ? 'sysfs' : 'chunk-tree',
    totalDevices: devices.length,
    missingCount: missing.length,
    missingDevids: missing.map((d) => d.devid),
    sizeBytes: devices.reduce((sum, d) => sum + d.sizeBytes, 0),
    usedBytes: 600 * 1024 ** 2,
    exclusiveOperation: mounted ? 'none' : null,
    devices,
    detached: [],
    problems: [],
    unreadable: null,
    proposedMountPoint: null,
    ...overrides,
  };
  // Fails loudly when a test builds a snapshot the API could never send.
  return Pool.parse(pool);
}

/** The same pool with other members; total/missing counts re-derived from them. */
export function withDevices(pool: Pool, devices: PoolDevice[]): Pool {
  const missing = devices.filter((d) => d.missing);
  return Pool.parse({
    ...pool,
    devices,
    totalDevices: devices.length,
    missingCount: missing.length,
    missingDevids: missing.map((d) => d.devid),
    sizeBytes: devices.reduce((sum, d) => sum + d.sizeBytes, 0),
  });
}

/** A pool as GET /api/pools sends it: healthy, not imported, no guidance unless given. */
export function makePoolView(overrides: Partial<PoolView> = {}): PoolView {
  const { managed, health, maintenance, slack, space, blocked, ...pool } = overrides;
  return {
    ...makePool(pool),
    managed: managed ?? false,
    health: health ?? { status: 'healthy', alerts: [] },
    maintenance: maintenance ?? null,
    slack: slack ?? [],
    ...(space ? { space } : {}),
    ...(blocked ? { blocked } : {}),
  };
}

/** An attached, unused loop disk `/dev/<name>` of 1 GiB backed by `/lab/<name>.img`. */
export function makeDisk(name: string, overrides: Partial<Disk> = {}): Disk {
  return {
    path: `/dev/${name}`,
    type: 'loop',
    sizeBytes: GIB,
    identity: { key: `loop:/lab/${name}.img`, serial: null, model: null, wwn: null, byId: [] },
    transport: null,
    rotational: false,
    attached: true,
    role: 'unused',
    inUseReason: null,
    pool: null,
    lastSeenAt: null,
    ...overrides,
  };
}

/** A running scrub job on the lab pool, started by `admin`. */
export function makeJob(overrides: Partial<Job> = {}): Job {
  return {
    id: '0c7e1f6a-3b2d-4e5f-8a9b-1c2d3e4f5a6b',
    kind: 'scrub-start',
    poolUuid: LAB_UUID,
    target: null,
    state: 'running',
    exclusive: true,
    cancellable: true,
    progress: { percent: null, etaSeconds: null, detail: null },
    argv: [],
    stdout: '',
    stderr: '',
    log: [],
    exitCode: null,
    error: null,
    createdBy: 'admin',
    createdAt: '2025-01-01T00:00:00.000Z',
    startedAt: null,
    finishedAt: null,
    nextSteps: [],
    result: null,
    ...overrides,
  };
}

// ---------------------------------------------------------------------------------------------
// Lab scenarios

export const healthyRaid1Of3 = (): Pool => makePool();

/** One device, mkfs defaults: data single, metadata/system dup. */
export const singleDevice = (): Pool =>
  makePool({ label: 'single', devices: [makeDevice(1)], profiles: profilesOf('single', 'dup') });

/** raid1 of 3, devid 3 detached (losetup -d), mounted `-o degraded,ro`. */
export const raid1Of3MissingDegradedRo = (): Pool =>
  makePool({
    devices: [makeDevice(1), makeDevice(2), missingDevice(3)],
    mountOptions: [...DEGRADED_RO_OPTIONS],
    detached: [detachedLoop(3)],
  });

/**
 * raid1 of 3, devid 3 detached, not mounted. btrfs-progs 6.2 prints `warning, device 3 is
 * missing` and no devid line for it; profiles come from the chunk tree.
 */
export const raid1Of3MissingUnmounted = (): Pool =>
  makePool({
    mounted: false,
    devices: [makeDevice(1), makeDevice(2)],
    totalDevices: 3,
    missingCount: 1,
    missingDevids: [3],
    detached: [detachedLoop(3)],
  });

/** The same, as older btrfs-progs report it: `*** Some devices missing`, no devid named. */
export const raid1Of3MissingUnmountedOldProgs = (): Pool =>
  makePool({
    mounted: false,
    devices: [makeDevice(1), makeDevice(2)],
    totalDevices: 3,
    missingCount: 1,
    missingDevids: [],
  });

/** raid1 of 3, devid 3 vanished while mounted rw: options still lack `degraded`. */
export const raid1Of3MissingMountedRw = (): Pool =>
  makePool({ devices: [makeDevice(1), makeDevice(2), missingDevice(3)] });

/** raid1 of 3, devid 3 missing, remounted `rw,degraded`: 2 attached, enough to remove the missing one. */
export const raid1Of3MissingDegradedRw = (): Pool =>
  makePool({ devices: [makeDevice(1), makeDevice(2), missingDevice(3)], mountOptions: [...DEGRADED_RW_OPTIONS] });

/**
 * raid1 of 2, devid 2 missing, mounted degraded,rw: below the minimum. `writtenWhileDegraded`
 * adds the `single` data chunks the lab saw appear after writing in that state.
 */
export const raid1Of2MissingDegradedRw = (opts: { writtenWhileDegraded?: boolean } = {}): Pool =>
  makePool({
    label: 'pair',
    devices: [makeDevice(1), missingDevice(2)],
    mountOptions: [...DEGRADED_RW_OPTIONS],
    profiles: opts.writtenWhileDegraded ? profilesOf(['raid1', 'single'], 'raid1') : profilesOf('raid1'),
    detached: [detachedLoop(2)],
  });

/** raid10 of 4, devid 4 missing, mounted degraded,rw: 3 attached, below raid10's guidance minimum of 4. */
export const raid10Of4MissingDegradedRw = (): Pool =>
  makePool({
    label: 'r10',
    devices: [makeDevice(1), makeDevice(2), makeDevice(3), missingDevice(4)],
    mountOptions: [...DEGRADED_RW_OPTIONS],
    profiles: profilesOf('raid10'),
  });

/** raid5 (metadata raid1) of 3, devid 2 missing, mounted degraded,rw: parity below minimum. */
export const raid5Of3MissingDegradedRw = (): Pool =>
  makePool({
    label: 'r5',
    devices: [makeDevice(1), missingDevice(2), makeDevice(3)],
    mountOptions: [...DEGRADED_RW_OPTIONS],
    profiles: profilesOf('raid5', 'raid1'),
  });

/**
 * raid0 data (mkfs `-d raid0`, metadata raid1) of 2, devid 2 detached, unmounted: cannot be
 * repaired; a degraded,ro mount works but reads of striped data fail.
 */
export const raid0Of2MissingUnmounted = (): Pool =>
  makePool({
    label: 'stripe',
    mounted: false,
    devices: [makeDevice(1)],
    totalDevices: 2,
    missingCount: 1,
    missingDevids: [2],
    profiles: profilesOf('raid0', 'raid1'),
    detached: [detachedLoop(2)],
  });

/** raid1 of 3 after bytes were overwritten in devid 2's backing file and a scrub corrected them. */
export const raid1Of3CorruptionCorrected = (): Pool =>
  makePool({
    devices: [makeDevice(1), makeDevice(2, { errors: { ...ZERO_ERRORS, corruption: 3 } }), makeDevice(3)],
  });

/** raid1 of 2 after `btrfs replace` of a missing member: empty single chunks left in every type. */
export const raid1Of2ReplacedLeftoverSingle = (): Pool =>
  makePool({
    label: 'pair',
    devices: [makeDevice(1), makeDevice(2, { path: '/dev/loop24', sizeBytes: GIB })],
    mountOptions: [...DEGRADED_RW_OPTIONS],
    profiles: profilesOf(['single', 'raid1']),
  });

/** raid1 of 3 where devid 3 was replaced by a 2 GiB disk: still 1 GiB in the pool (1 GiB slack). */
export const raid1Of3ReplacedLarger = (): Pool =>
  makePool({ devices: [makeDevice(1), makeDevice(2), makeDevice(3, { path: '/dev/loop24' })] });
export const RAID1_OF_3_REPLACED_LARGER_SLACK = [{ devid: 3, slackBytes: GIB }] as const;

/**
 * raid1 of 2 mounted degraded,rw while `btrfs replace start 2 /dev/loop24` runs: the target
 * shows as devid 0 and counts in the total.
 */
export const raid1Of2ReplaceRunning = (): Pool =>
  makePool({
    label: 'pair',
    devices: [makeDevice(0, { path: '/dev/loop24' }), makeDevice(1), missingDevice(2)],
    mountOptions: [...DEGRADED_RW_OPTIONS],
    exclusiveOperation: 'device replace',
    totalDevices: 3,
  });

function detachedLoop(devid: number): Pool['detached'][number] {
  return {
    devid,
    disk: { key: `loop:/var/lib/poolwatch-lab/disk${devid}.img`, serial: null, model: null, wwn: null, byId: [] },
    lastPath: `/dev/loop${devid + 20}`,
    sizeBytes: GIB,
    lastSeenAt: '2026-11-26T15:00:00.000Z',
  };
}
