/**
 * The action entry point with the strict FakeHost: commands are built from the snapshot only,
 * refusals run nothing and are audited, and the typed label guards destructive actions.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Disk, Pool } from '../../contracts/api.ts';
import { ActionPlan } from '../../contracts/actions.ts';
import { ConflictError, NotFoundError, ValidationError } from '../errors.ts';
import { FakeHost, type PlannedCommand } from '../test-support/fake-host.ts';
import { cmd } from '../host/commands.ts';
import type { CommandSpec } from '../host/host.ts';
import { jobCmd } from '../host/job-commands.ts';
import {
  GIB,
  healthyRaid1Of3,
  makeDevice,
  makePool,
  raid1Of2MissingDegradedRw,
  raid1Of3MissingDegradedRo,
  raid1Of3MissingDegradedRw,
  raid1Of3MissingUnmounted,
  raid5Of3MissingDegradedRw,
} from '../test-support/pools.ts';
import type { Snapshot } from '../inventory/inventory-service.ts';
import { planMaintenance } from '../health/maintenance.ts';
import { makeContext } from '../test-support/assess-context.ts';
import { testGraph, type TestGraph } from '../test-support/graph.ts';
import type { ActionService } from './action-service.ts';

const spare: Disk = {
  path: '/dev/sdz', type: 'disk', sizeBytes: 2 * GIB, transport: 'sata', rotational: true, attached: true, role: 'unused', inUseReason: null,
  pool: null, lastSeenAt: null, identity: { key: 'serial:WD:SPARE', serial: 'SPARE', model: 'WD', wwn: null, byId: ['/dev/disk/by-id/ata-WD_SPARE'] },
};
const argv = (c: CommandSpec) => [c.file, ...c.args];
const ok = (spec: CommandSpec, stdout = ''): PlannedCommand => ({ file: spec.file, args: spec.args, result: { stdout, stderr: '', exitCode: 0 } });

/**
 * The pre-flight's space reads (fi usage, device usage) answered from a real pool's capture in
 * fixtures/space (see its cases.json): `raid1x3-1g-f35-*` fits a replace, `-f60-` does not.
 */
function spaceReads(id: string, mountPoint = '/mnt2/pool'): PlannedCommand[] {
  const read = (kind: string) => readFileSync(join(import.meta.dirname, '..', '..', 'fixtures', 'space', `${id}.before.${kind}.txt`), 'utf8');
  return [ok(cmd.fiUsage(mountPoint), read('fi-usage')), ok(cmd.deviceUsage(mountPoint), read('device-usage'))];
}
/** What the host was asked to do, not counting the pre-flight's reads. */
const READS = /^btrfs (filesystem usage|device usage) /;

describe('ActionService', () => {
  let host: FakeHost;
  let graph: TestGraph | null = null;
  let jobs: TestGraph;
  let pool: Pool;

  function setup(p: Pool, commands: PlannedCommand[] = [], files: Record<string, string> = {}): void {
    pool = p;
    host = new FakeHost(commands, files);
    const snap = (): Snapshot => ({ scannedAt: '2026-11-26T15:00:00.000Z', pools: [pool], disks: [spare], slack: {} });
    graph?.stop();
    graph = testGraph({ host, inventory: { snapshot: async () => snap() }, env: { POOLWATCH_MOUNT_ROOT: '/srv/pools' } });
    jobs = graph;
  }
  beforeEach(() => {
    graph = null;
  });
  afterEach(() => {
    graph?.stop();
  });
  const run = (action: Parameters<ActionService['run']>[0], body: unknown) => jobs.actions.run(action, pool.uuid, body, 'alice');
  const plan = async (action: Parameters<ActionService['run']>[0], body: Record<string, unknown> = {}) =>
    ActionPlan.parse((await run(action, { ...body, dryRun: true })).plan);
  const refusals = () => jobs.stores.audit.list().filter((e) => e.outcome === 'refused');
  const changes = () => host.calls.filter((c) => !READS.test(c));

  it('replace of a missing member: devid and by-id path from the snapshot, no -r, backgrounded (no -B), the space verdict in the plan', async () => {
    setup(raid1Of3MissingDegradedRw(), spaceReads('raid1x3-1g-f35-replace'));
    const p = await plan('replace', { devid: 3, targetDisk: 'serial:WD:SPARE' });
    expect(p).toMatchObject({
      // The typed confirmation names the target disk by its serial (issue 10), not only the pool.
      action: 'replace', target: expect.stringMatching(/^devid 3 → .*serial SPARE/), confirmLabel: 'pool SPARE', exclusive: true,
      commands: [['btrfs', 'replace', 'start', '--', '3', '/dev/disk/by-id/ata-WD_SPARE', '/mnt2/pool']],
      space: { operation: 'replace', fits: 'yes' },
    });
    expect(p.space!.why).toMatch(/more than 410 MiB unallocated on the surviving members together, and they have 670 MiB/);
    expect(p.nextSteps.join(' ')).toMatch(/soft convert balance/);
    expect(changes()).toEqual([]);
  });

  it('refuses a replace that will not fit, before anything runs: 409 with the numbers, the verdict in details, audited', async () => {
    setup(raid1Of3MissingDegradedRw(), spaceReads('raid1x3-1g-f60-replace'));
    for (const body of [{ devid: 3, targetDisk: 'serial:WD:SPARE', dryRun: true }, { devid: 3, targetDisk: 'serial:WD:SPARE', confirmLabel: 'pool SPARE' }]) {
      const err = await run('replace', body).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ConflictError);
      expect((err as Error).message).toMatch(/not enough space on pool pool: Replace will not start: .*more than 410 MiB unallocated .*they have 99.6 MiB/);
      expect((err as ConflictError).details).toMatchObject({ space: { operation: 'replace', fits: 'no', failure: 'enospc', neededBytes: 429496729, availableBytes: 104398848 } });
    }
    expect(changes()).toEqual([]);
    expect(jobs.jobs.list()).toEqual([]);
    // The same refusal twice in a minute is one audit row that counts both (server/services/audit-refusals.ts).
    jobs.refusals.flush();
    expect(refusals()).toHaveLength(1);
    expect(refusals()[0]).toMatchObject({ actor: 'alice', action: 'pool.replace', count: 2 });
  });

  it('remove-missing where moving data first could force the pool read-only: refused with a metadata-first offer, which plans `balance -m` first', async () => {
    setup(raid1Of3MissingDegradedRw(), [...spaceReads('raid1x3-1g-f35-remove-missing'), ...spaceReads('raid1x3-1g-f35-remove-missing')]);
    const err = await run('remove-missing', { dryRun: true }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConflictError);
    expect((err as Error).message).toMatch(/force the pool read-only/);
    const details = (err as ConflictError).details as { space: { failure: string }; offer: { action: string; body: unknown } };
    expect(details.space.failure).toBe('read-only');
    expect(details.offer).toMatchObject({ action: 'remove-missing', body: { metadataFirst: true } });
    const p = await plan('remove-missing', { metadataFirst: true });
    expect(p.commands).toEqual([['btrfs', 'balance', 'start', '-m', '--', '/mnt2/pool'], ['btrfs', 'device', 'remove', '--', 'missing', '/mnt2/pool']]);
    expect(p.warnings.join(' ')).toMatch(/If the metadata balance stops with "No space left on device", the remove does not run/);
    expect(changes()).toEqual([]);
  });

  it('replace of a present (failing) member: -r by default, off on request; wipe first when asked', async () => {
    setup(healthyRaid1Of3());
    expect((await plan('replace', { devid: 1, targetDisk: 'serial:WD:SPARE' })).commands[0]).toContain('-r');
    expect((await plan('replace', { devid: 1, targetDisk: 'serial:WD:SPARE', readFromOtherMirrors: false })).commands[0]).not.toContain('-r');
  });

  it.each([
    ['a wrong devid', { devid: 7, targetDisk: 'serial:WD:SPARE', confirmLabel: 'pool' }, ValidationError, /has no devid 7/],
    ['an unknown disk', { devid: 3, targetDisk: 'serial:WD:NOPE', confirmLabel: 'pool' }, ValidationError, /no attached disk/],
    ['no label', { devid: 3, targetDisk: 'serial:WD:SPARE' }, ValidationError, /confirmLabel "pool SPARE"/],
    ['a wrong label', { devid: 3, targetDisk: 'serial:WD:SPARE', confirmLabel: 'tank' }, ValidationError, /does not match/],
    ['the label without the target disk', { devid: 3, targetDisk: 'serial:WD:SPARE', confirmLabel: 'pool' }, ValidationError, /does not match the pool's label and the target disk's serial/],
    ['a device path instead of a disk key', { devid: 3, targetDisk: '/dev/sda', confirmLabel: 'pool' }, ValidationError, /no attached disk \/dev\/sda/],
    ['an extra field', { devid: 3, targetDisk: 'serial:WD:SPARE', confirmLabel: 'pool', args: ['-f'] }, ValidationError, /invalid replace request/],
  ])('refuses %s: nothing runs, the refusal is audited', async (_name, body, type, message) => {
    setup(raid1Of3MissingDegradedRw(), spaceReads('raid1x3-1g-f35-replace'));
    const err = await run('replace', body).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(type);
    expect((err as Error).message).toMatch(message);
    expect(changes()).toEqual([]);
    expect(jobs.jobs.list()).toEqual([]);
    expect(refusals()).toHaveLength(1);
    expect(refusals()[0]).toMatchObject({ actor: 'alice', action: 'pool.replace', argv: null, details: { reason: (err as Error).message } });
    expect((refusals()[0]!.details as { body: object }).body).not.toHaveProperty('confirmLabel');
  });

  it('refuses replace on raid5/6 unless forced, and recommends add-then-remove', async () => {
    setup(raid5Of3MissingDegradedRw());
    await expect(run('replace', { devid: 2, targetDisk: 'serial:WD:SPARE', confirmLabel: 'r5 SPARE' })).rejects.toThrow(/add the new disk, then remove the old member/);
    expect((await plan('replace', { devid: 2, targetDisk: 'serial:WD:SPARE', force: true })).warnings.join(' ')).toMatch(/add-then-remove/);
  });

  it('refuses a second exclusive operation: in poolwatch, and in the kernel', async () => {
    setup(raid1Of3MissingDegradedRw(), spaceReads('raid1x3-1g-f35-replace'), { [`/sys/fs/btrfs/${raid1Of3MissingDegradedRw().uuid}/exclusive_operation`]: 'device replace\n' });
    const err = await run('balance-start', { mode: 'full' }).catch((e: unknown) => e);
    // Members are missing, so the balance pre-flight already says no.
    expect(err).toBeInstanceOf(ConflictError);
    await expect(run('replace', { devid: 3, targetDisk: 'serial:WD:SPARE', confirmLabel: 'pool SPARE' })).rejects.toThrow(/the kernel is running "device replace"/);
    expect(changes()).toEqual([]);
  });

  it('refuses an unknown pool (404) and a removal below the minimum (409)', async () => {
    setup(raid1Of2MissingDegradedRw());
    await expect(jobs.actions.run('scrub-start', '00000000-0000-0000-0000-000000000000', {}, 'alice')).rejects.toThrow(NotFoundError);
    await expect(run('remove-missing', { confirmLabel: 'pair' })).rejects.toThrow(/below the minimum of 2 for raid1/);
    expect(refusals()).toHaveLength(2);
  });

  it('mount degraded,ro under the configured mount root, and runs it as a job', async () => {
    const unmounted = raid1Of3MissingUnmounted();
    const commands = [cmd.deviceScan(), jobCmd.mkdirMountPoint('/srv/pools/pool', '/srv/pools'), jobCmd.mount('/dev/loop21', '/srv/pools/pool', ['degraded', 'ro'], '/srv/pools')];
    setup(unmounted, commands.map((c) => ok(c)));
    expect((await plan('mount-degraded-ro')).commands).toEqual(commands.map(argv));
    const { job } = await run('mount-degraded-ro', {});
    const done = await jobs.jobs.wait(job!.id);
    expect(done).toMatchObject({ state: 'succeeded', kind: 'mount-degraded-ro', createdBy: 'alice', argv: commands.map(argv) });
    expect(done.nextSteps[0]).toMatch(/Refresh your backups/);
    expect(host.calls).toEqual(commands.map((c) => argv(c).join(' ')));
    expect(jobs.stores.audit.list().filter((e) => e.argv).map((e) => e.argv)).toEqual(commands.map(argv).reverse());
  });

  it('the guidance shows the very commands the actions run (what the admin copies is what poolwatch would run)', async () => {
    const unmounted = raid1Of3MissingUnmounted();
    setup(unmounted);
    const guidance = planMaintenance(unmounted, makeContext({ mountRoot: '/srv/pools' }))!;
    // The steps of the stage the pool is in (the later ones of the route are shown as next).
    const stepCommands = guidance.steps.filter((s) => s.command && s.status === 'now').map((s) => s.command);
    expect(stepCommands).toEqual((await plan('mount-degraded-ro')).commands);
    setup(raid1Of3MissingDegradedRo());
    const ro = planMaintenance(raid1Of3MissingDegradedRo(), makeContext({ mountRoot: '/mnt2' }))!;
    expect(ro.steps.find((s) => s.kind === 'remount-degraded-rw')?.command).toEqual((await plan('remount-degraded-rw')).commands[0]);
  });

  it('plain mount only for managed pools; remount rw only from read-only', async () => {
    setup(makePool({ mounted: false, devices: [makeDevice(1), makeDevice(2)], profiles: { data: ['raid1'], metadata: ['raid1'], system: ['raid1'] } }));
    await expect(run('mount', {})).rejects.toThrow(/not managed by poolwatch/);
    setup(raid1Of3MissingDegradedRo());
    expect((await plan('remount-degraded-rw')).commands).toEqual([['mount', '-o', 'remount,rw,degraded', '--', '/mnt2/pool']]);
    setup(raid1Of3MissingDegradedRw());
    await expect(run('remount-degraded-rw', {})).rejects.toThrow(/already mounted read-write/);
  });

  it('unmount of a managed pool is confirmed with the typed label, which its body accepts', async () => {
    setup(healthyRaid1Of3(), [ok(jobCmd.umount('/mnt2/pool'))]);
    jobs.stores.managed.set(pool.uuid, 'pool', true, '2026-11-26T15:00:00.000Z');
    await expect(run('unmount', {})).rejects.toThrow(/confirm it by sending confirmLabel "pool"/);
    expect(await plan('unmount', { confirmLabel: 'pool' })).toMatchObject({ confirmLabel: 'pool', commands: [['umount', '--', '/mnt2/pool']] });
    const { job } = await run('unmount', { confirmLabel: 'pool' });
    expect((await jobs.jobs.wait(job!.id)).state).toBe('succeeded');
    expect(changes()).toEqual(['umount -- /mnt2/pool']);
  });

  it('balance convert soft: the pool\'s intended profiles by default; refused while members are missing', async () => {
    const healthy = 'raid1x3-1g-f35-healthy-remove-devid3';
    setup(makePool({ profiles: { data: ['raid1', 'single'], metadata: ['raid1'], system: ['raid1', 'single'] } }), [...spaceReads(healthy), ...spaceReads(healthy)]);
    expect((await plan('balance-start')).commands).toEqual([['btrfs', 'balance', 'start', '--bg', '-dconvert=raid1,soft', '-mconvert=raid1,soft', '--', '/mnt2/pool']]);
    // raid1 → raid1c3 at 35 % full forced the lab's pool read-only: refused, metadata first offered.
    await expect(run('balance-start', { dataProfile: 'raid1c3', metadataProfile: 'raid1c3', dryRun: true })).rejects.toThrow(/raid1c3 .*will not fit: .*force the pool read-only.*Move the metadata first/);
    await expect(run('balance-start', { dataProfile: 'raid1c4', dryRun: true })).rejects.toThrow(/raid1c4 needs at least 4 members/);
    setup(raid1Of3MissingDegradedRw());
    await expect(run('balance-start', {})).rejects.toThrow(/replace or remove the missing member first/);
  });

  it('a full balance short of room (ADR 023): not refused — warned with the numbers and confirmed with the typed label; nothing runs without it', async () => {
    const full = 'raid1x3-1g-f90-healthy-full-balance';
    setup(healthyRaid1Of3(), [...spaceReads(full), ...spaceReads(full), ...spaceReads(full)]);
    const p = await plan('balance-start', { mode: 'full' });
    expect(p.confirmLabel).toBe('pool');
    expect(p.warnings.join(' ')).toMatch(/will not fit: .*\d+(\.\d+)? MiB.* a full balance may still make room .* Type the pool label/);
    await expect(run('balance-start', { mode: 'full' })).rejects.toThrow(/confirm it by sending confirmLabel "pool"/);
    expect(changes()).toEqual([]);
  });

  it('reset counters: stores the current values as history (before-reset) before zeroing them', async () => {
    const p = healthyRaid1Of3();
    const stats = (corruption: number) => JSON.stringify({
      __header: { version: 1 },
      'device-stats': [1, 2, 3].map((devid) => ({
        device: `/dev/loop${devid + 20}`, devid: String(devid), write_io_errs: '0', read_io_errs: '0', flush_io_errs: '0',
        corruption_errs: String(devid === 2 ? corruption : 0), generation_errs: '0',
      })),
    });
    // The counter rose from 4 to 5 between the read and the reset: both values are kept.
    setup(p, [ok(cmd.deviceStatsJson('/mnt2/pool'), stats(4)), ok(jobCmd.deviceStatsReset('/mnt2/pool'), stats(5)), ok(cmd.fiUsage('/mnt2/pool'), '')]);
    await expect(run('reset-counters', {})).rejects.toThrow(ValidationError);
    const { job } = await run('reset-counters', { confirmLabel: 'pool' });
    const done = await jobs.jobs.wait(job!.id);
    expect(done.state, done.error ?? '').toBe('succeeded');
    const history = jobs.stores.inventory.counterHistory(p.uuid).filter((h) => h.reason === 'before-reset' && h.devid === 2).map((h) => h.errors.corruption);
    expect(history).toEqual([4, 5]);
    expect(done.log.join('\n')).toMatch(/counters of devid 2 rose just before the reset/);
    // The reset is marked in every member's timeline, with who asked for it.
    const marks = jobs.stores.inventory.counterHistory(p.uuid).filter((h) => h.reason !== 'changed');
    expect(marks.filter((h) => h.reason === 'reset').map((h) => [h.devid, h.errors.corruption, h.actor])).toEqual([[1, 0, 'alice'], [2, 0, 'alice'], [3, 0, 'alice']]);
    expect(marks.filter((h) => h.reason === 'before-reset').every((h) => h.actor === 'alice')).toBe(true);
  });
});
