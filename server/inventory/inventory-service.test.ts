/**
 * The inventory over real machine states captured from lab scenarios (fixtures/lab/host-*.json,
 * made by lab/capture-host.ts) and replayed by the strict FakeHost.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FakeHost, type PlannedCommand } from '../test-support/fake-host.ts';
import { HostError } from '../host/host-error.ts';
import type { HostRecording } from '../test-support/recording-host.ts';
import { openDb } from '../store/db.ts';
import { InventoryStore } from '../store/inventory-store.ts';
import { InventoryService } from './inventory-service.ts';
import { FakeClock } from '../test-support/clock.ts';

interface Capture {
  labPools: Record<string, { label: string; uuid: string }>;
  labDisks: Record<string, { file: string }>;
  expect: { pools: { label: string; mounted: boolean; totalDevices: number; missingCount: number; missingDevids: number[]; profiles: Record<string, string[]>; detachedDisks?: string[] }[]; spareDisks?: string[] };
  healthy: HostRecording;
  broken: HostRecording;
}

const load = (name: string) => JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'fixtures', 'lab', `host-${name}.json`), 'utf8')) as Capture;
const clock = new FakeClock('2026-11-26T12:00:00Z');
const FIXED_NOW = { clock, fullScanMs: 30_000 };

describe.each(['raid1-degraded-ro', 'raid1-missing-unmounted', 'raid0-missing', 'spare'])('inventory on captured scenario %s', (name) => {
  const cap = load(name);

  it('reports each pool as the scenario expects, naming detached disks it saw before', async () => {
    const store = new InventoryStore(openDb(':memory:'));
    await new InventoryService(FakeHost.fromRecording(cap.healthy), store, FIXED_NOW).snapshot();
    const snap = await new InventoryService(FakeHost.fromRecording(cap.broken), store, FIXED_NOW).snapshot();
    for (const want of cap.expect.pools) {
      const uuid = Object.values(cap.labPools).find((p) => p.label === want.label)!.uuid;
      const pool = snap.pools.find((p) => p.uuid === uuid)!;
      expect(pool.label).toBe(want.label);
      expect(pool.mounted).toBe(want.mounted);
      expect(pool.totalDevices).toBe(want.totalDevices);
      expect(pool.missingCount).toBe(want.missingCount);
      expect(pool.missingDevids).toEqual(want.missingDevids);
      expect(Object.fromEntries(Object.entries(pool.profiles).map(([k, v]) => [k, [...v].sort()]))).toEqual(want.profiles);
      const detached = (want.detachedDisks ?? []).map((d) => `loop:${cap.labDisks[d]!.file}`);
      expect(pool.detached.map((d) => d.disk.key)).toEqual(detached);
    }
    for (const spare of cap.expect.spareDisks ?? []) {
      expect(snap.disks.find((d) => d.identity.key === `loop:${cap.labDisks[spare]!.file}`)?.role).toBe('unused');
    }
  });

  it('without memory of the healthy pool, still reports what is missing (and no detached disk)', async () => {
    const snap = await new InventoryService(FakeHost.fromRecording(cap.broken), new InventoryStore(openDb(':memory:')), FIXED_NOW).snapshot();
    for (const want of cap.expect.pools) {
      const uuid = Object.values(cap.labPools).find((p) => p.label === want.label)!.uuid;
      const pool = snap.pools.find((p) => p.uuid === uuid)!;
      expect(pool.missingCount).toBe(want.missingCount);
      expect(pool.detached).toEqual([]);
      // A pool with a member missing is never reported as complete.
      if (want.missingCount > 0) expect(pool.devices.some((d) => d.missing) || pool.missingCount > 0).toBe(true);
    }
  });

  it('spawns nothing when the sysfs fingerprint is unchanged and the scan is fresh', async () => {
    const host = FakeHost.fromRecording(cap.broken);
    const svc = new InventoryService(host, new InventoryStore(openDb(':memory:')), { clock, fullScanMs: 60_000 });
    const first = await svc.snapshot();
    const spawned = host.calls.length;
    expect(spawned).toBeGreaterThan(0);
    const second = await svc.snapshot();
    expect(host.calls.length).toBe(spawned);
    expect(second).toBe(first);
    expect(svc.fullScans).toBe(1);
  });
});

describe('inventory failure modes', () => {
  it('fails with a HostError saying btrfs-progs is missing when btrfs is not installed', async () => {
    const cap = load('spare');
    const missing = new HostError({ file: 'btrfs', args: ['filesystem', 'show', '--raw'] }, { exitCode: null, timedOut: false, stderr: '', errno: 'ENOENT' });
    const host = FakeHost.fromRecording(cap.broken);
    const plan = (host as unknown as { commands: PlannedCommand[] }).commands;
    plan.unshift({ file: 'btrfs', args: ['filesystem', 'show', '--raw'], result: { throws: missing } });
    const err = await new InventoryService(host, new InventoryStore(openDb(':memory:')), FIXED_NOW).snapshot().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HostError);
    expect((err as Error).message).toContain('btrfs is not installed');
  });
});

describe('stale devinfo entries (kernel 6.18 after `btrfs device remove missing`)', () => {
  const uuid = '37abb034-4d4c-49bc-8e75-ab8c4e0d638a';
  const base = `/sys/fs/btrfs/${uuid}`;
  const fiShow = `Label: 'pw-x'  uuid: ${uuid}\n\tTotal devices 2 FS bytes used 33751040\n\tdevid    1 size 536870912 used 268435456 path /dev/loop0\n\tdevid    2 size 536870912 used 268435456 path /dev/loop1\n\n`;
  const ok = (stdout: string) => ({ stdout, stderr: '', exitCode: 0 });
  const stats = 'write_errs 0\nread_errs 0\nflush_errs 0\ncorruption_errs 0\ngeneration_errs 0\n';
  const host = () => new FakeHost(
    [
      { file: 'btrfs', args: ['filesystem', 'show', '--raw'], result: ok(fiShow) },
      { file: 'findmnt', args: ['-J', '-t', 'btrfs', '-o', 'SOURCE,TARGET,FSTYPE,OPTIONS,UUID'], result: ok(JSON.stringify({ filesystems: [{ source: '/dev/loop0', target: '/mnt2/x', fstype: 'btrfs', options: 'rw,relatime,degraded,space_cache=v2,subvolid=5,subvol=/', uuid }] })) },
      { file: 'lsblk', args: ['-J', '-b', '-O'], result: ok(JSON.stringify({ blockdevices: [] })) },
      { file: 'btrfs', args: ['device', 'usage', '-b', '/mnt2/x'], result: ok('') },
    ],
    {
      [`${base}/label`]: 'pw-x\n', [`${base}/exclusive_operation`]: 'none\n',
      [`${base}/devinfo/1/missing`]: '0\n', [`${base}/devinfo/1/error_stats`]: stats,
      [`${base}/devinfo/2/missing`]: '0\n', [`${base}/devinfo/2/error_stats`]: stats,
    },
    {
      '/sys/fs/btrfs': [uuid, 'features'], [`${base}/devinfo`]: ['1', '2', '3'], [`${base}/devices`]: ['loop0', 'loop1'],
      [`${base}/allocation/data`]: ['raid1'], [`${base}/allocation/metadata`]: ['raid1'], [`${base}/allocation/system`]: ['raid1'],
    },
  );

  it('never reads the files of a devinfo entry btrfs does not list, and does not call the pool degraded', async () => {
    const h = host();
    const svc = new InventoryService(h, new InventoryStore(openDb(':memory:')), FIXED_NOW);
    const snap = await svc.snapshot();
    await svc.snapshot();
    expect(h.reads.filter((p) => p.includes('/devinfo/3/'))).toEqual([]);
    expect(h.reads.some((p) => p.includes('/devinfo/1/error_stats'))).toBe(true);
    const pool = snap.pools[0]!;
    expect(pool.missingCount).toBe(0);
    expect(pool.devices.map((d) => d.devid)).toEqual([1, 2]);
    expect(pool.devices.every((d) => d.errors !== null)).toBe(true);
  });
});
