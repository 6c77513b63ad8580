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
import { cmd } from '../../host/commands.ts';
import { HostError } from '../../host/host-error.ts';
import { removeMissingVerdict, replaceVerdict } from '../../health/space/operations.ts';
import { FakeHost } from '../../test-support/fake-host.ts';
import {
  checkConfirmLabel,
  checkMembersAfterRemoval,
  checkReplacementSize,
  checkSpace,
  checkWithinRedundancy,
  chooseDisk,
  confirmationLabel,
  memberOf,
  mountPointUnder,
  readSpaceFacts,
  unreadableSpace,
} from './preflight.ts';
import type { ActionEnv } from './types.ts';

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

/** A capture of a real pool from fixtures/space (see its cases.json for how it was made). */
const space = (id: string, kind: 'fi-usage' | 'device-usage') =>
  readFileSync(join(import.meta.dirname, '..', '..', '..', 'fixtures', 'space', `${id}.before.${kind}.txt`), 'utf8');
const envWith = (host: FakeHost) => ({ host }) as unknown as ActionEnv;
const ok = (stdout: string) => ({ stdout, stderr: '', exitCode: 0 });

describe('the space gate', () => {
  it('reads fi usage and device usage into the engine\'s facts', async () => {
    const id = 'raid1x3-1g-f60-replace';
    const host = new FakeHost([
      { ...cmd.fiUsage('/mnt2/pool'), result: ok(space(id, 'fi-usage')) },
      { ...cmd.deviceUsage('/mnt2/pool'), result: ok(space(id, 'device-usage')) },
    ]);
    const { facts, problem } = await readSpaceFacts(envWith(host), '/mnt2/pool');
    expect(problem).toBeNull();
    expect(facts!.members.map((m) => [m.devid, m.missing])).toEqual([[1, false], [2, false], [3, true]]);
  });

  it('says in words why there are no facts when fi usage fails', async () => {
    const failing = new HostError({ file: 'btrfs', args: cmd.fiUsage('/mnt2/pool').args }, { exitCode: 1, timedOut: false, stderr: 'ERROR: cannot access' });
    const host = new FakeHost([{ ...cmd.fiUsage('/mnt2/pool'), result: { throws: failing } }]);
    const read = await readSpaceFacts(envWith(host), '/mnt2/pool');
    expect(read.facts).toBeNull();
    expect(read.problem).toMatch(/^poolwatch could not read the pool's space per member \(btrfs filesystem usage\): .*cannot access/);
  });

  it('refuses a step that will not fit, with the numbers, the verdict and the offer in the details', async () => {
    const host = new FakeHost([
      { ...cmd.fiUsage('/mnt2/pool'), result: ok(space('raid1x3-1g-f60-replace', 'fi-usage')) },
      { ...cmd.deviceUsage('/mnt2/pool'), result: ok(space('raid1x3-1g-f60-replace', 'device-usage')) },
    ]);
    const { facts } = await readSpaceFacts(envWith(host), '/mnt2/pool');
    const verdict = replaceVerdict(facts!, { sourceDevid: 3, targetSizeBytes: GIB });
    const offer = { action: 'remove-missing' as const, body: {}, text: 'x' };
    let err: unknown = null;
    try {
      checkSpace(raid1Of3MissingDegradedRw(), verdict, { movesChunks: false, offer });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConflictError);
    expect((err as Error).message).toMatch(/^not enough space on pool pool: Replace will not start: .* more than 410 MiB unallocated .*; they have 99.6 MiB .*Nothing was run\.$/);
    expect((err as ConflictError).details).toEqual({ space: verdict, offer });
  });

  it('lets a verdict that fits pass, warns when only a clean stop is at risk, refuses to move chunks blindly', () => {
    const facts = { members: [], types: [], globalReserveBytes: 0 };
    expect(checkSpace(healthyRaid1Of3(), { ...removeMissingVerdict(facts), fits: 'yes' }, { movesChunks: true })).toEqual([]);
    const clean = { ...removeMissingVerdict(facts), fits: 'unknown' as const, failure: 'enospc' as const, why: 'may stop cleanly' };
    expect(checkSpace(healthyRaid1Of3(), clean, { movesChunks: true })).toEqual(['may stop cleanly']);
    const blind = unreadableSpace('remove-missing', 'poolwatch could not read it');
    expect(checkSpace(healthyRaid1Of3(), blind, { movesChunks: false })).toEqual([blind.why]);
    expect(() => checkSpace(healthyRaid1Of3(), blind, { movesChunks: true })).toThrow(/can force the pool read-only; nothing was run/);
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
