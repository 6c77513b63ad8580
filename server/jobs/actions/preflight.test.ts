import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Disk, Pool } from '../../../contracts/api.ts';
import { ConflictError, ValidationError } from '../../errors.ts';
import {
  GIB,
  LAB_UUID,
  healthyRaid1Of3,
  makeDevice,
  makePool,
  missingDevice,
  profilesOf,
  raid10Of4MissingDegradedRw,
  raid1Of2MissingDegradedRw,
  raid1Of3MissingDegradedRw,
} from '../../test-support/pools.ts';
import { parseFiUsage } from '../../parsers/fi-usage.ts';
import {
  checkConfirmLabel,
  checkMembersAfterRemoval,
  checkReplacementSize,
  checkWithinRedundancy,
  chooseDisk,
  confirmationLabel,
  memberOf,
  mirroredCapacity,
  mountPointUnder,
  removalSpace,
} from './preflight.ts';

const disk = (key: string, over: Partial<Disk> = {}): Disk => ({
  path: `/dev/${key}`, type: 'disk', sizeBytes: 2 * GIB, transport: 'sata', rotational: true, attached: true, role: 'unused',
  inUseReason: null, pool: null, lastSeenAt: null,
  identity: { key: `serial:WD:${key}`, serial: key, model: 'WD', wwn: null, byId: [`/dev/disk/by-id/ata-WD_${key}`] },
  ...over,
});

describe('confirmation of destructive actions', () => {
  it('wants the label, or the uuid when the pool has none', () => {
    const labelled = makePool({ label: 'tank' });
    expect(confirmationLabel(labelled)).toBe('tank');
    expect(confirmationLabel(makePool({ label: null }))).toBe(labelled.uuid);
    expect(() => checkConfirmLabel(labelled, 'tank')).not.toThrow();
    expect(() => checkConfirmLabel(labelled, undefined)).toThrow(/confirm it by sending confirmLabel "tank"/);
    expect(() => checkConfirmLabel(labelled, 'Tank')).toThrow(ValidationError);
    expect(() => checkConfirmLabel(makePool({ label: null }), 'tank')).toThrow(/the pool's uuid/);
  });
});

describe('choosing a disk to add or replace with', () => {
  const disks = [
    disk('blank'),
    disk('ext4', { role: 'in-use', inUseReason: 'ext4 signature' }),
    disk('mounted', { role: 'in-use', inUseReason: 'mounted' }),
    disk('parts', { role: 'in-use', inUseReason: 'has partitions or holders' }),
    disk('member', { role: 'member', pool: { uuid: 'u', label: 'tank', devid: 2 } }),
    disk('gone', { attached: false, role: 'detached', path: null }),
    disk('nobyid', { identity: { key: 'loop:/x.img', serial: null, model: null, wwn: null, byId: [] }, path: '/dev/loop9' }),
  ];
  it('takes an unused disk by its stable by-id path, else its /dev path', () => {
    expect(chooseDisk(disks, 'serial:WD:blank', { wipe: false })).toMatchObject({ path: '/dev/disk/by-id/ata-WD_blank', needsWipe: false, sizeBytes: 2 * GIB });
    expect(chooseDisk(disks, 'loop:/x.img', { wipe: false }).path).toBe('/dev/loop9');
  });
  it('needs wipe for a filesystem signature', () => {
    expect(() => chooseDisk(disks, 'serial:WD:ext4', { wipe: false })).toThrow(/holds a ext4 signature; to erase it .* send wipe: true/);
    expect(chooseDisk(disks, 'serial:WD:ext4', { wipe: true }).needsWipe).toBe(true);
  });
  it.each([
    ['serial:WD:mounted', /in use \(mounted\)/],
    ['serial:WD:parts', /in use \(has partitions or holders\)/],
    ['serial:WD:member', /is in use: it is devid 2 of pool tank/],
    ['serial:WD:gone', /is not attached/],
    ['serial:WD:nothing', /no attached disk serial:WD:nothing/],
  ])('refuses %s even with wipe', (key, message) => {
    expect(() => chooseDisk(disks, key, { wipe: true })).toThrow(message);
  });
});

describe('replacement size', () => {
  const pool = raid1Of3MissingDegradedRw();
  it('larger is fine and offers resize max afterwards', () => {
    const target = chooseDisk([disk('big')], 'serial:WD:big', { wipe: false });
    expect(checkReplacementSize(pool, memberOf(pool, 1), target)).toEqual({ oldBytes: GIB, newBytes: 2 * GIB, larger: true });
  });
  it('smaller than a present member: refused with the offer to shrink first', () => {
    const target = chooseDisk([disk('small', { sizeBytes: GIB / 2 })], 'serial:WD:small', { wipe: false });
    try {
      checkReplacementSize(pool, memberOf(pool, 1), target);
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ValidationError);
      expect((err as ValidationError).details).toEqual({ offer: { action: 'resize', body: { devid: 1, size: GIB / 2 }, text: expect.stringMatching(/^shrink devid 1 to 512 MiB first/) } });
    }
  });
  it('smaller than a missing member (size remembered): refused, no shrink possible', () => {
    const p = makePool({ devices: [makeDevice(1), makeDevice(2), missingDevice(3, { sizeBytes: GIB })] });
    const target = chooseDisk([disk('small', { sizeBytes: GIB / 2 })], 'serial:WD:small', { wipe: false });
    expect(() => checkReplacementSize(p, memberOf(p, 3), target)).toThrow(/a missing member cannot be shrunk/);
  });
  it('unknown size of a missing member: left to btrfs', () => {
    const target = chooseDisk([disk('small', { sizeBytes: GIB / 2 })], 'serial:WD:small', { wipe: false });
    expect(checkReplacementSize(pool, memberOf(pool, 3), target)).toEqual({ oldBytes: null, newBytes: GIB / 2, larger: false });
  });
  it('names the devids there are for a wrong devid', () => {
    expect(() => memberOf(pool, 9)).toThrow('pool pool has no devid 9 (its devids: 1, 2, 3)');
  });
});

describe('members after a removal', () => {
  it('raid1: 3 → 2 is fine, 2 → 1 is refused', () => {
    expect(() => checkMembersAfterRemoval(healthyRaid1Of3(), 2, 'removing devid 3')).not.toThrow();
    expect(() => checkMembersAfterRemoval(raid1Of2MissingDegradedRw(), 1, 'removing the missing member')).toThrow(
      'removing the missing member would leave 1 member, below the minimum of 2 for raid1: add a disk first, or replace the member instead',
    );
  });
  it('raid10 follows the guidance minimum of 4, not the 2 btrfs accepts', () => {
    expect(() => checkMembersAfterRemoval(raid10Of4MissingDegradedRw(), 3, 'removing the missing member')).toThrow(/below the minimum of 4 for raid10/);
  });
  it('unknown profiles: refused', () => {
    expect(() => checkMembersAfterRemoval(makePool({ profiles: { data: [], metadata: [], system: [] } }), 3, 'x')).toThrow(ConflictError);
  });
  it('beyond redundancy is refused, within is fine', () => {
    expect(() => checkWithinRedundancy(raid1Of3MissingDegradedRw())).not.toThrow();
    const lost = makePool({ devices: [makeDevice(1), missingDevice(2)], profiles: profilesOf('single') });
    expect(() => checkWithinRedundancy(lost)).toThrow(/misses 1 member, more than single survives/);
  });
});

describe('free space for a removal', () => {
  it('mirroredCapacity: copies must sit on different members', () => {
    expect(mirroredCapacity(2, [100, 100, 100])).toBe(150);
    expect(mirroredCapacity(2, [168, 1])).toBe(1);
    expect(mirroredCapacity(2, [100])).toBe(0);
    expect(mirroredCapacity(3, [100, 100, 100])).toBe(100);
  });
  it('from fi usage: the chunks on the member against what the others can hold', () => {
    const usage = parseFiUsage(readFileSync(join(import.meta.dirname, '..', '..', '..', 'fixtures', 'lab', 'fi-usage__raw-raid1-3-healthy.txt'), 'utf8'));
    // devid 1 holds 320 MiB of raid1 data; devids 2 and 3 (1 GiB each) have 286 and 606 MiB
    // unallocated: as mirrored chunks only 286 MiB fit now (tight), but the end state fits.
    expect(removalSpace(usage, 1)).toEqual({ neededBytes: 335544320, availableBytes: 936247296, ok: true, tight: true });
    // Without devid 2 the pool's 737 MiB of raid1 chunks still fit on two 1 GiB members.
    expect(removalSpace(usage, 2)).toMatchObject({ neededBytes: 773390336, ok: true });
    // On two members of about 674 MiB they no longer would.
    const small = { ...usage, devices: usage.devices.map((d) => (d.devid === 2 ? d : { ...d, unallocatedBytes: d.unallocatedBytes - 350 * 1024 * 1024 })) };
    expect(removalSpace(small, 2).ok).toBe(false);
  });
});

it('mounts under the root by a safe form of the label, or by uuid when nothing of the label is left', () => {
  const alone = (pool: Pool, mountTargets: string[] = []) => mountPointUnder('/mnt2/', pool, { pools: [pool], mountTargets });
  const unmounted = (over: Partial<Pool>) => makePool({ mounted: false, ...over });
  expect(alone(unmounted({ label: 'tank' }))).toBe('/mnt2/tank');
  expect(alone(unmounted({ label: '../etc' }))).toBe('/mnt2/etc');
  expect(alone(unmounted({ label: '..' }))).toBe(`/mnt2/${LAB_UUID}`);
  expect(alone(unmounted({ label: null }))).toBe(`/mnt2/${LAB_UUID}`);
  // The label's path is in use (something else is mounted there): the uuid suffix, never on top of it.
  expect(alone(unmounted({ label: 'tank' }), ['/mnt2/tank'])).toBe(`/mnt2/tank-${LAB_UUID.slice(0, 8)}`);
});

it('never picks a mount point the snapshot says is in use', () => {
  const pool = makePool({ mounted: false, label: 'tank' });
  const taken = ['/mnt2/tank', `/mnt2/tank-${LAB_UUID.slice(0, 8)}`, `/mnt2/${LAB_UUID}`];
  // Every candidate taken: the next free one is `<uuid>-2`, never one of them.
  expect(mountPointUnder('/mnt2', pool, { pools: [pool], mountTargets: taken })).toBe(`/mnt2/${LAB_UUID}-2`);
});
