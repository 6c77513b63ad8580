/**
 * The "Maintenance required" state machine: every state, every repair route, the exact commands,
 * the warnings, and the order of precedence between states.
 */
import { describe, expect, it } from 'vitest';
import type { Pool } from '../../contracts/api.ts';
import type { Maintenance, MaintenanceStepKind, MaintenanceWarningCode } from '../../contracts/health.ts';
import { commandText } from './command.ts';
import type { AssessContext } from './context.ts';
import { planMaintenance, repairRoutes } from './maintenance.ts';
import { poolRedundancy } from './profiles.ts';
import {
  DEGRADED_RO_OPTIONS,
  DEGRADED_RW_OPTIONS,
  GIB,
  healthyRaid1Of3,
  LAB_UUID,
  makeDevice,
  makePool,
  missingDevice,
  profilesOf,
  raid0Of2MissingUnmounted,
  raid10Of4MissingDegradedRw,
  raid1Of2MissingDegradedRw,
  raid1Of2ReplacedLeftoverSingle,
  raid1Of2ReplaceRunning,
  raid1Of3MissingDegradedRo,
  raid1Of3MissingDegradedRw,
  raid1Of3MissingMountedRw,
  raid1Of3MissingUnmounted,
  raid1Of3MissingUnmountedOldProgs,
  raid5Of3MissingDegradedRw,
  withDevices,
} from '../test-support/pools.ts';
import { makeContext } from '../test-support/assess-context.ts';

function plan(pool: Pool, ctx: AssessContext = makeContext()): Maintenance {
  const m = planMaintenance(pool, ctx);
  if (m === null) throw new Error('expected maintenance guidance, got null');
  return m;
}
// The steps from the stage the pool is in onwards (the done ones are the route's past).
const ahead = (m: Maintenance) => m.steps.filter((s) => s.status !== 'done');
const commands = (m: Maintenance): (string | null)[] => ahead(m).map((s) => s.commandText);
const kinds = (m: Maintenance): MaintenanceStepKind[] => ahead(m).map((s) => s.kind);
const nowCommands = (m: Maintenance): (string | null)[] => m.steps.filter((s) => s.status === 'now').map((s) => s.commandText);
const nowKinds = (m: Maintenance): MaintenanceStepKind[] => m.steps.filter((s) => s.status === 'now').map((s) => s.kind);
const warnings = (m: Maintenance): MaintenanceWarningCode[] => m.warnings.map((w) => w.code);
const step = (m: Maintenance, id: string) => {
  const s = m.steps.find((x) => x.id === id);
  if (!s) throw new Error(`no step ${id} in ${m.steps.map((x) => x.id).join(', ')}`);
  return s;
};

describe('no guidance when nothing is missing', () => {
  it.each([
    ['healthy raid1 of 3', healthyRaid1Of3()],
    ['mixed profiles after a replace', raid1Of2ReplacedLeftoverSingle()],
    ['a balance running on a whole pool', makePool({ exclusiveOperation: 'balance' })],
    ['single device', makePool({ devices: [makeDevice(1)], profiles: profilesOf('single', 'dup') })],
  ])('%s → null', (_name, pool) => {
    expect(planMaintenance(pool, makeContext())).toBeNull();
  });
});

describe('beyond-redundancy', () => {
  it('raid0 missing a member: reattach, rescan, salvage read-only (metadata is raid1), restore, support bundle', () => {
    const m = plan(raid0Of2MissingUnmounted());
    expect(m).toMatchObject({ state: 'beyond-redundancy', recommended: null, alternatives: [] });
    expect(kinds(m)).toEqual(['reattach-missing', 'rescan-devices', 'create-mount-point', 'salvage-degraded-ro', 'restore-from-backup', 'support-bundle']);
    expect(step(m, 'salvage-degraded-ro')).toMatchObject({ optional: true, commandText: 'mount -t btrfs -o degraded,ro -- /dev/loop21 /mnt2/stripe' });
    expect(m.summary).toContain('raid0');
  });

  it('offers no salvage mount when metadata has no second copy either', () => {
    const m = plan(makePool({ ...raid0Of2MissingUnmounted(), profiles: profilesOf('raid0') }));
    expect(kinds(m)).not.toContain('salvage-degraded-ro');
  });

  it.each(['single', 'dup', 'raid0'] as const)('is always the state for %s with a member missing', (p) => {
    const pool = makePool({ devices: [makeDevice(1), missingDevice(2)], profiles: profilesOf(p), mountOptions: [...DEGRADED_RW_OPTIONS] });
    expect(plan(pool).state).toBe('beyond-redundancy');
  });

  it('raid1 of 3 with two missing, still mounted: copy off first, do not unmount', () => {
    const pool = makePool({ devices: [makeDevice(1), missingDevice(2), missingDevice(3)] });
    const m = plan(pool);
    expect(m.state).toBe('beyond-redundancy');
    expect(m.steps[0]?.kind).toBe('copy-off-now');
    expect(m.steps[0]?.text).toContain('Do not unmount');
  });

  it('raid6 survives two missing but not three', () => {
    const devices = (n: number) => [1, 2, 3, 4, 5].map((d) => (d <= n ? missingDevice(d) : makeDevice(d)));
    const base = { profiles: profilesOf('raid6', 'raid1c3'), mountOptions: [...DEGRADED_RW_OPTIONS] };
    expect(plan(makePool({ ...base, devices: devices(2) })).state).toBe('repair');
    expect(plan(makePool({ ...base, devices: devices(3) })).state).toBe('beyond-redundancy');
  });

  it('outranks a running operation', () => {
    const pool = makePool({ devices: [makeDevice(1), missingDevice(2), missingDevice(3)], exclusiveOperation: 'device remove' });
    expect(plan(pool).state).toBe('beyond-redundancy');
  });

  it('does not apply to raid1 written while degraded (single data chunks on the attached member, seen in the lab)', () => {
    const m = plan(raid1Of2MissingDegradedRw({ writtenWhileDegraded: true }));
    expect(m.state).toBe('repair');
    expect(m.recommended).toBe('replace-missing');
    expect(warnings(m)).toContain('mixed-profiles-risk');
  });
});

describe('mount-degraded-ro (within redundancy, unmounted)', () => {
  it('rescans, creates /mnt2/<label>, mounts degraded,ro from an attached member, then backups', () => {
    const m = plan(raid1Of3MissingUnmounted());
    expect(m.state).toBe('mount-degraded-ro');
    expect(nowCommands(m)).toEqual(['btrfs device scan', 'mkdir -p -- /mnt2/pool', 'mount -t btrfs -o degraded,ro -- /dev/loop21 /mnt2/pool']);
    // The whole route is there from the start: backups and the rw remount, the repair, the scrub — next.
    expect(m.steps.filter((x) => x.status === 'next').map((x) => x.kind)).toEqual([
      'refresh-backups', 'remount-degraded-rw', 'remove-missing', 'add-device', 'check-mixed-profiles', 'balance-convert-soft', 'scrub',
    ]);
    expect(step(m, 'mount-degraded-ro').command).toEqual(['mount', '-t', 'btrfs', '-o', 'degraded,ro', '--', '/dev/loop21', '/mnt2/pool']);
    expect(warnings(m)).toEqual(['backups-first', 'no-redundancy-left']);
  });

  it('uses /mnt2/<uuid> for an unlabelled pool and UUID= when no member path is known', () => {
    const m = plan(makePool({ ...raid1Of3MissingUnmounted(), label: null, devices: [makeDevice(1, { path: null }), makeDevice(2, { path: null })] }));
    expect(step(m, 'mount-degraded-ro').command).toEqual(['mount', '-t', 'btrfs', '-o', 'degraded,ro', '--', `UUID=${LAB_UUID}`, `/mnt2/${LAB_UUID}`]);
  });

  it('mounts under a safe form of the label (issue 10), and quotes a mount point with spaces as one argv entry', () => {
    const m = plan(makePool({ ...raid1Of3MissingUnmounted(), label: "it's a pool" }));
    expect(step(m, 'mount-degraded-ro').command?.at(-1)).toBe('/mnt2/it_s_a_pool');
    const mounted = plan(makePool({ ...raid1Of3MissingDegradedRo(), mountPoint: "/srv/it's a pool" }));
    const s = step(mounted, 'remount-degraded-rw');
    expect(s.command?.at(-1)).toBe("/srv/it's a pool");
    expect(s.commandText).toBe(`mount -o remount,rw,degraded -- '/srv/it'\\''s a pool'`);
  });

  it('works when older btrfs-progs did not name the missing devid', () => {
    expect(plan(raid1Of3MissingUnmountedOldProgs()).state).toBe('mount-degraded-ro');
  });

  it('warns when the kernel is too old for raid1c3', () => {
    const pool = makePool({ ...raid1Of3MissingUnmounted(), profiles: profilesOf('raid1', 'raid1c3') });
    expect(warnings(plan(pool, makeContext({ kernelRelease: '5.4.0-150-generic' })))).toContain('kernel-too-old');
    expect(warnings(plan(pool, makeContext({ kernelRelease: '6.1.0-18-amd64' })))).not.toContain('kernel-too-old');
    expect(warnings(plan(pool, makeContext()))).not.toContain('kernel-too-old');
  });
});

describe('unknown profiles with a member missing', () => {
  // Chosen: follow the mount state as if within redundancy, never "beyond-redundancy". The
  // read-only degraded mount is safe whatever the profile and reveals it; calling the pool lost
  // would point the admin at rebuilding a pool that may well be recoverable.
  const unknown = { data: [], metadata: [], system: [] };

  it('unmounted → mount-degraded-ro, then read the profiles, with a profiles-unknown warning', () => {
    const m = plan(makePool({ ...raid1Of3MissingUnmounted(), profiles: unknown, profilesSource: 'unknown' }));
    expect(m.state).toBe('mount-degraded-ro');
    expect(nowKinds(m)).toEqual(['rescan-devices', 'create-mount-point', 'mount-degraded-ro', 'identify-profiles']);
    // Without a profile no repair route is planned yet: the route stops at the rw remount.
    expect(kinds(m).slice(4)).toEqual(['refresh-backups', 'remount-degraded-rw']);
    expect(step(m, 'identify-profiles').commandText).toBe('btrfs filesystem usage -T /mnt2/pool');
    expect(warnings(m)).toEqual(['backups-first', 'profiles-unknown']);
    expect(m.summary).toContain('profile is unknown');
  });

  it('mounted degraded,rw → repair with no recommendation until the profile is read', () => {
    const m = plan(makePool({ ...raid1Of3MissingDegradedRw(), profiles: unknown }));
    expect(m).toMatchObject({ state: 'repair', recommended: null, alternatives: [] });
    expect(kinds(m)).toEqual(['identify-profiles']);
    expect(warnings(m)).toContain('profiles-unknown');
  });
});

describe('refresh-backups-then-rw (mounted ro)', () => {
  it('raid1 of 3 mounted degraded,ro: backups, then remount,rw,degraded at the real mount point', () => {
    const m = plan(makePool({ ...raid1Of3MissingDegradedRo(), mountPoint: '/tmp/lab/mnt' }));
    expect(m.state).toBe('refresh-backups-then-rw');
    expect(nowCommands(m)).toEqual([null, 'mount -o remount,rw,degraded -- /tmp/lab/mnt']);
    expect(m.steps.filter((x) => x.status === 'done').map((x) => x.kind)).toEqual(['rescan-devices', 'create-mount-point', 'mount-degraded-ro']);
    expect(step(m, 'remove-missing').status).toBe('next');
    expect(warnings(m)).toEqual(['backups-first', 'degraded-sticky', 'no-redundancy-left']);
  });

  it('also applies to a ro mount without the degraded option', () => {
    expect(plan(makePool({ ...raid1Of3MissingDegradedRo(), mountOptions: ['ro', 'relatime'] })).state).toBe('refresh-backups-then-rw');
  });

  it('reads ro from the option list: norecovery is not rw', () => {
    expect(plan(makePool({ ...raid1Of3MissingDegradedRo(), mountOptions: ['ro', 'norecovery', 'degraded'] })).state).toBe('refresh-backups-then-rw');
  });
});

describe('remount-ro-first (mounted rw without degraded)', () => {
  it('suggests remount ro, backups, then remount rw,degraded', () => {
    const m = plan(raid1Of3MissingMountedRw());
    expect(m.state).toBe('remount-ro-first');
    expect(nowCommands(m)).toEqual(['mount -o remount,ro -- /mnt2/pool', null, 'mount -o remount,rw,degraded -- /mnt2/pool']);
  });

  it('is not fooled by errors=remount-ro', () => {
    expect(plan(makePool({ ...raid1Of3MissingMountedRw(), mountOptions: ['rw', 'errors=remount-ro'] })).state).toBe('remount-ro-first');
  });
});

describe('repair (mounted degraded,rw)', () => {
  it('raid1 of 3 missing one → remove-missing; replace and add-then-remove are alternatives', () => {
    const m = plan(raid1Of3MissingDegradedRw());
    expect(m).toMatchObject({ state: 'repair', recommended: 'remove-missing', alternatives: ['replace-missing', 'add-then-remove-missing'] });
    expect(commands(m)).toEqual([
      'btrfs device remove missing /mnt2/pool',
      "btrfs device add '<new-device>' /mnt2/pool",
      'btrfs filesystem usage -T /mnt2/pool',
      'btrfs balance start -dconvert=raid1,soft -mconvert=raid1,soft /mnt2/pool',
      'btrfs scrub start /mnt2/pool',
    ]);
    expect(step(m, 'remove-missing').command).toEqual(['btrfs', 'device', 'remove', 'missing', '/mnt2/pool']);
    expect(step(m, 'add-device').optional).toBe(true);
    expect(warnings(m)).toEqual(['removal-slow', 'degraded-sticky', 'scrub-after-rw', 'no-redundancy-left']);
  });

  it('raid1 of 2 missing one → replace-missing of devid 2 (below minimum), then resize/convert/scrub', () => {
    const m = plan(raid1Of2MissingDegradedRw());
    expect(m).toMatchObject({ recommended: 'replace-missing', alternatives: ['add-then-remove-missing'] });
    expect(step(m, 'replace-missing').command).toEqual(['btrfs', 'replace', 'start', '2', '<new-device>', '/mnt2/pair']);
    expect(commands(m)).toEqual([
      "btrfs replace start 2 '<new-device>' /mnt2/pair",
      'btrfs replace status /mnt2/pair',
      'btrfs filesystem resize 2:max /mnt2/pair',
      // Shown, not offered: the same rule the remove-missing pre-flight refuses with.
      'btrfs device remove missing /mnt2/pair',
      'btrfs filesystem usage -T /mnt2/pair',
      'btrfs balance start -dconvert=raid1,soft -mconvert=raid1,soft /mnt2/pair',
      'btrfs scrub start /mnt2/pair',
    ]);
    expect(step(m, 'remove-missing')).toMatchObject({
      status: 'blocked',
      blockedReason: 'removing the missing member would leave 1 member, below the minimum of 2 for raid1: add a disk first, or replace the member instead',
    });
    expect(warnings(m)).toContain('below-minimum');
    expect(m.summary).toContain('fewer than the 2 raid1 needs');
  });

  it('puts the one attached spare that is large enough into the replace command, named by identity', () => {
    const ctx = makeContext({
      spareDisks: [
        { sizeBytes: GIB / 2, path: '/dev/disk/by-id/ata-SMALL' },
        { sizeBytes: 2 * GIB, path: '/dev/disk/by-id/ata-FITS', name: 'WDC WD20EFRX serial WD-FITS, 2.00 GiB; now at /dev/sdf' },
      ],
    });
    const m = plan(raid1Of2MissingDegradedRw(), ctx);
    expect(step(m, 'replace-missing').command).toEqual(['btrfs', 'replace', 'start', '2', '/dev/disk/by-id/ata-FITS', '/mnt2/pair']);
    expect(step(m, 'replace-missing').text).toContain('WDC WD20EFRX serial WD-FITS, 2.00 GiB; now at /dev/sdf');
  });

  it('never picks among several unused disks that fit: the placeholder, and how many fit (the form lists them)', () => {
    const ctx = makeContext({
      spareDisks: [
        { sizeBytes: GIB / 2, path: '/dev/disk/by-id/ata-SMALL' },
        { sizeBytes: 4 * GIB, path: '/dev/disk/by-id/usb-BACKUP' },
        { sizeBytes: 2 * GIB, path: '/dev/disk/by-id/ata-FITS' },
      ],
    });
    const m = plan(raid1Of2MissingDegradedRw(), ctx);
    expect(m.recommended).toBe('replace-missing');
    expect(step(m, 'replace-missing').command).toEqual(['btrfs', 'replace', 'start', '2', '<new-device>', '/mnt2/pair']);
    expect(step(m, 'replace-missing').text).toContain('2 unused disks attached are large enough: choose the one you mean');
    expect(step(m, 'replace-missing').text).not.toContain('ata-FITS');
  });

  it('keeps the placeholder when no spare is large enough or none has a path', () => {
    const small = plan(raid1Of2MissingDegradedRw(), makeContext({ spareDisks: [{ sizeBytes: GIB / 2, path: '/dev/sdz' }] }));
    expect(step(small, 'replace-missing').command?.[4]).toBe('<new-device>');
    const pathless = plan(raid1Of2MissingDegradedRw(), makeContext({ spareDisks: [{ sizeBytes: 8 * GIB }] }));
    expect(step(pathless, 'replace-missing').command?.[4]).toBe('<new-device>');
  });

  it('looks the devid up with btrfs device usage when btrfs did not name it', () => {
    const pool = makePool({ ...raid1Of2MissingDegradedRw(), devices: [makeDevice(1)], totalDevices: 2, missingCount: 1, missingDevids: [] });
    const m = plan(pool);
    expect(kinds(m).slice(0, 2)).toEqual(['find-missing-devid', 'replace-missing']);
    expect(step(m, 'find-missing-devid').commandText).toBe('btrfs device usage /mnt2/pair');
    expect(step(m, 'replace-missing').command).toEqual(['btrfs', 'replace', 'start', '<devid>', '<new-device>', '/mnt2/pair']);
  });

  it('raid1c3 of 3 missing two → one replace per missing devid, the disks left to the admin', () => {
    const pool = makePool({
      devices: [makeDevice(1), missingDevice(2), missingDevice(3)],
      profiles: profilesOf('raid1c3'),
      mountOptions: [...DEGRADED_RW_OPTIONS],
    });
    const ctx = makeContext({ spareDisks: [{ sizeBytes: GIB, path: '/dev/sdx' }, { sizeBytes: GIB, path: '/dev/sdy' }] });
    const m = plan(pool, ctx);
    expect(m.recommended).toBe('replace-missing');
    // Two spares for two members: which goes where is the admin's choice, in the form.
    expect(m.steps.filter((s) => s.kind === 'replace-missing').map((s) => s.commandText)).toEqual([
      "btrfs replace start 2 '<new-device>' /mnt2/pool",
      "btrfs replace start 3 '<new-device>' /mnt2/pool",
    ]);
    expect(m.steps.map((s) => s.id)).toContain('replace-missing-2');
  });

  it('raid10 of 4 missing one → replace-missing (3 attached < 4)', () => {
    const m = plan(raid10Of4MissingDegradedRw());
    expect(m).toMatchObject({ recommended: 'replace-missing', alternatives: ['add-then-remove-missing'] });
    expect(step(m, 'replace-missing').commandText).toBe("btrfs replace start 4 '<new-device>' /mnt2/r10");
  });

  it('raid10 of 5 missing one → remove-missing (4 attached)', () => {
    const pool = withDevices(raid10Of4MissingDegradedRw(), [1, 2, 3, 4].map((d) => makeDevice(d)).concat(missingDevice(5)));
    expect(plan(pool).recommended).toBe('remove-missing');
  });

  it('raid5 of 3 missing one → add a disk, then remove missing; replace is not offered', () => {
    const m = plan(raid5Of3MissingDegradedRw());
    expect(m).toMatchObject({ recommended: 'add-then-remove-missing', alternatives: [] });
    expect(commands(m).slice(0, 2)).toEqual(["btrfs device add '<new-device>' /mnt2/r5", 'btrfs device remove missing /mnt2/r5']);
    expect(kinds(m)).not.toContain('replace-missing');
    expect(step(m, 'balance-convert-soft').commandText).toBe('btrfs balance start -dconvert=raid5,soft -mconvert=raid1,soft /mnt2/r5');
    expect(warnings(m)).toEqual([
      'below-minimum',
      'removal-slow',
      'replace-discouraged-parity',
      'degraded-sticky',
      'scrub-after-rw',
      'no-redundancy-left',
      'parity-not-production',
    ]);
  });

  it('raid6 of 4 missing two → adds two disks before removing', () => {
    const pool = makePool({
      devices: [makeDevice(1), makeDevice(2), missingDevice(3), missingDevice(4)],
      profiles: profilesOf('raid6', 'raid1c3'),
      mountOptions: [...DEGRADED_RW_OPTIONS],
    });
    const m = plan(pool);
    expect(m.recommended).toBe('add-then-remove-missing');
    expect(kinds(m).slice(0, 3)).toEqual(['add-device', 'add-device', 'remove-missing']);
    expect(step(m, 'remove-missing').text).toContain('2 times');
  });

  it('raid5 of 4 missing one → remove-missing, with add-then-remove as the only alternative', () => {
    const pool = withDevices(raid5Of3MissingDegradedRw(), [makeDevice(1), missingDevice(2), makeDevice(3), makeDevice(4)]);
    expect(plan(pool)).toMatchObject({ recommended: 'remove-missing', alternatives: ['add-then-remove-missing'] });
  });

  it('every step carries the quoted text of its own argv', () => {
    for (const pool of [raid1Of3MissingDegradedRw(), raid1Of2MissingDegradedRw(), raid5Of3MissingDegradedRw()]) {
      for (const s of plan(pool).steps) {
        expect(s.commandText).toBe(s.command === null ? null : commandText(s.command));
        expect(s.title).not.toBe('');
        expect(s.why).not.toBe('');
      }
    }
  });
});

describe('repairRoutes', () => {
  it.each([
    ['raid1', 2, 'remove-missing', ['replace-missing', 'add-then-remove-missing']],
    ['raid1', 1, 'replace-missing', ['add-then-remove-missing']],
    ['raid10', 4, 'remove-missing', ['replace-missing', 'add-then-remove-missing']],
    ['raid10', 3, 'replace-missing', ['add-then-remove-missing']],
    ['raid1c3', 3, 'remove-missing', ['replace-missing', 'add-then-remove-missing']],
    ['raid1c3', 2, 'replace-missing', ['add-then-remove-missing']],
    ['raid5', 3, 'remove-missing', ['add-then-remove-missing']],
    ['raid5', 2, 'add-then-remove-missing', []],
    ['raid6', 3, 'add-then-remove-missing', []],
  ] as const)('%s with %i attached → %s', (profile, attached, recommended, alternatives) => {
    expect(repairRoutes(poolRedundancy(profilesOf(profile)), attached)).toEqual({ recommended, alternatives });
  });
});

describe('operation-running', () => {
  it('takes precedence over repair and shows which operation, with its status command', () => {
    const m = plan(raid1Of2ReplaceRunning());
    expect(m).toMatchObject({ state: 'operation-running', recommended: null, alternatives: [] });
    expect(m.headline).toBe('Device replace in progress');
    expect(commands(m)).toEqual(['btrfs replace status /mnt2/pair', null]);
    expect(warnings(m)).toEqual(['one-operation-at-a-time', 'no-redundancy-left', 'degraded-sticky']);
  });

  it.each([
    ['balance', 'btrfs balance status /mnt2/pool'],
    ['device remove', 'btrfs device usage /mnt2/pool'],
    ['device add', null],
    ['resize', null],
  ])('%s → status command %s', (op, expected) => {
    const m = plan(makePool({ ...raid1Of3MissingDegradedRw(), exclusiveOperation: op }));
    expect(m.state).toBe('operation-running');
    expect(step(m, 'operation-status').commandText).toBe(expected);
  });

  it('tells the admin a paused balance still blocks the pool', () => {
    const m = plan(makePool({ ...raid1Of3MissingDegradedRw(), exclusiveOperation: 'balance paused' }));
    expect(step(m, 'wait-for-operation').title).toBe('Resume or cancel the paused balance');
  });

  it('is ignored when the sysfs file says none', () => {
    expect(plan(makePool({ ...raid1Of3MissingDegradedRw(), exclusiveOperation: 'none' })).state).toBe('repair');
  });
});

describe('step ids', () => {
  it('are unique within each guidance', () => {
    const pools = [raid0Of2MissingUnmounted(), raid1Of3MissingUnmounted(), raid1Of3MissingDegradedRo(), raid1Of3MissingDegradedRw(), raid5Of3MissingDegradedRw()];
    for (const pool of pools) {
      const ids = plan(pool).steps.map((s) => s.id);
      expect(new Set(ids).size).toBe(ids.length);
    }
  });
});

it('uses the degraded,ro options from the lab verbatim', () => {
  expect(plan(makePool({ ...raid1Of3MissingDegradedRo(), mountOptions: [...DEGRADED_RO_OPTIONS] })).state).toBe('refresh-backups-then-rw');
});

describe('proposed mount point', () => {
  it('follows the configured mount root for an unmounted pool', async () => {
    const { planMaintenance } = await import('./maintenance.ts');
    const { raid1Of3MissingUnmounted } = await import('../test-support/pools.ts');
    const { makeContext } = await import('../test-support/assess-context.ts');
    const pool = { ...raid1Of3MissingUnmounted(), label: 'tank' };
    const m = planMaintenance(pool, makeContext({ mountRoot: '/srv/pools' }));
    const cmds = m!.steps.map((s) => s.commandText ?? '').join('\n');
    expect(cmds).toContain('/srv/pools/tank');
    expect(cmds).not.toContain('/mnt2/');
  });
});
