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
import { FORGED_UUID } from '../../lab/scenarios.ts';
import { InventoryService } from './inventory-service.ts';
import { testWrites } from '../test-support/writes.ts';
import { FakeClock } from '../test-support/clock.ts';

interface Capture {
  labPools: Record<string, { label: string; uuid: string }>;
  labDisks: Record<string, { file: string }>;
  expect: { pools: { label: string; pool?: string; mounted: boolean; totalDevices: number; missingCount: number; missingDevids: number[]; profiles: Record<string, string[]>; detachedDisks?: string[] }[]; spareDisks?: string[] };
  healthy: HostRecording;
  broken: HostRecording;
}

const load = (name: string) => JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'fixtures', 'lab', `host-${name}.json`), 'utf8')) as Capture;
const clock = new FakeClock('2026-11-26T12:00:00Z');
const FIXED_NOW = { clock, writes: testWrites(clock) };

/** The lab pool an expectation is about: by its lab name when given (hostile or shared labels), else by label. */
const labPoolOf = (cap: Capture, want: Capture['expect']['pools'][number]) =>
  want.pool ? cap.labPools[want.pool]! : Object.values(cap.labPools).find((p) => p.label === want.label)!;

const SCENARIOS = ['raid1-degraded-ro', 'raid1-missing-unmounted', 'raid0-missing', 'spare', 'hostile-label', 'newline-label', 'same-label'];

describe.each(SCENARIOS)('inventory on captured scenario %s', (name) => {
  const cap = load(name);

  it('lists every lab pool exactly once, by the uuid and label it has, with device paths only under /dev/', async () => {
    const snap = await new InventoryService(FakeHost.fromRecording(cap.broken), new InventoryStore(openDb(':memory:', new FakeClock())), FIXED_NOW).snapshot();
    const uuids = snap.pools.map((p) => p.uuid);
    expect(new Set(uuids).size, 'no pool listed twice').toBe(uuids.length);
    for (const lab of Object.values(cap.labPools)) {
      const pool = snap.pools.find((p) => p.uuid === lab.uuid);
      expect(pool?.label, `pool ${lab.uuid}`).toBe(lab.label);
      expect(pool?.unreadable, `pool ${lab.uuid} readable`).toBeNull();
    }
    // Only real filesystems: every uuid listed is one blkid or sysfs reported (no forged pool).
    expect(uuids).not.toContain(FORGED_UUID);
    const paths = [...snap.pools.flatMap((p) => p.devices.map((d) => d.path)), ...snap.disks.map((d) => d.path)].filter((p) => p !== null);
    for (const path of paths) expect(path).toMatch(/^\/dev\//);
  });

  it('reports each pool as the scenario expects, naming detached disks it saw before', async () => {
    const store = new InventoryStore(openDb(':memory:', new FakeClock()));
    await new InventoryService(FakeHost.fromRecording(cap.healthy), store, FIXED_NOW).snapshot();
    const snap = await new InventoryService(FakeHost.fromRecording(cap.broken), store, FIXED_NOW).snapshot();
    for (const want of cap.expect.pools) {
      const lab = labPoolOf(cap, want);
      const pool = snap.pools.find((p) => p.uuid === lab.uuid)!;
      expect(pool.label).toBe(lab.label);
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
    const snap = await new InventoryService(FakeHost.fromRecording(cap.broken), new InventoryStore(openDb(':memory:', new FakeClock())), FIXED_NOW).snapshot();
    for (const want of cap.expect.pools) {
      const pool = snap.pools.find((p) => p.uuid === labPoolOf(cap, want).uuid)!;
      expect(pool.missingCount).toBe(want.missingCount);
      expect(pool.detached).toEqual([]);
      // A pool with a member missing is never reported as complete.
      if (want.missingCount > 0) expect(pool.devices.some((d) => d.missing) || pool.missingCount > 0).toBe(true);
    }
  });
});

describe('space reads (fi usage + device usage per mounted pool)', () => {
  it('gives the space engine the degraded pool\'s members, the missing one included, without read problems', async () => {
    const cap = load('raid1-degraded-ro');
    const snap = await new InventoryService(FakeHost.fromRecording(cap.broken), new InventoryStore(openDb(':memory:', new FakeClock())), FIXED_NOW).snapshot();
    const uuid = cap.labPools['raid1-degraded-ro']!.uuid;
    const read = snap.space?.[uuid];
    expect(read?.reason).toBeNull();
    expect(read?.facts?.members.map((m) => [m.devid, m.missing])).toEqual([[1, false], [2, false], [3, true]]);
    expect(read?.facts?.globalReserveBytes).toBeGreaterThan(0);
    expect(snap.pools.find((p) => p.uuid === uuid)?.problems).toEqual([]);
    // Unmounted pools are not read (btrfs reports usage of mounted pools only).
    const unmounted = snap.pools.filter((p) => !p.mounted).map((p) => p.uuid);
    for (const u of unmounted) expect(snap.space?.[u]).toBeUndefined();
  });
});

describe('inventory failure modes', () => {
  it('fails with a HostError saying btrfs-progs is missing when btrfs is not installed', async () => {
    const cap = load('spare');
    const uuid = cap.labPools['spare']!.uuid;
    const args = ['filesystem', 'show', '--raw', '--', uuid];
    const missing = new HostError({ file: 'btrfs', args }, { exitCode: null, timedOut: false, stderr: '', errno: 'ENOENT' });
    const host = FakeHost.fromRecording(cap.broken);
    const plan = (host as unknown as { commands: PlannedCommand[] }).commands;
    plan.unshift({ file: 'btrfs', args, result: { throws: missing } });
    const err = await new InventoryService(host, new InventoryStore(openDb(':memory:', new FakeClock())), FIXED_NOW).snapshot().catch((e: unknown) => e);
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
      { file: 'btrfs', args: ['filesystem', 'show', '--raw', '--', uuid], result: ok(fiShow) },
      { file: 'findmnt', args: ['-J', '-o', 'SOURCE,TARGET,FSTYPE,OPTIONS,UUID'], result: ok(JSON.stringify({ filesystems: [{ source: '/dev/loop0', target: '/mnt2/x', fstype: 'btrfs', options: 'rw,relatime,degraded,space_cache=v2,subvolid=5,subvol=/', uuid }] })) },
      { file: 'lsblk', args: ['-J', '-b', '-O'], result: ok(JSON.stringify({ blockdevices: [0, 1].map((n) => ({ name: `loop${n}`, kname: `loop${n}`, path: `/dev/loop${n}`, type: 'loop', size: 536870912, mountpoints: n === 0 ? ['/mnt2/x'] : [null] })) })) },
      { file: 'btrfs', args: ['device', 'usage', '-b', '--', '/mnt2/x'], result: ok('') },
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
    const svc = new InventoryService(h, new InventoryStore(openDb(':memory:', new FakeClock())), FIXED_NOW);
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

describe('hostile labels and per-pool isolation (ADR 010)', () => {
  const cap = load('hostile-label');
  const victim = cap.labPools['victim']!.uuid;
  const mimic = cap.labPools['mimic']!.uuid;
  const plannedOf = (host: FakeHost) => (host as unknown as { commands: PlannedCommand[] }).commands;
  const fiShowOf = (host: FakeHost, uuid: string) => plannedOf(host).find((c) => c.args.join(' ') === `filesystem show --raw -- ${uuid}`)!;

  it('never passes an operand that starts with "-" to any command, and names the victim\'s real device only', async () => {
    const host = FakeHost.fromRecording(cap.broken);
    const snap = await new InventoryService(host, new InventoryStore(openDb(':memory:', new FakeClock())), FIXED_NOW).snapshot();
    for (const call of host.calls) {
      const at = call.indexOf(' -- ');
      const operands = at < 0 ? [] : call.slice(at + 4).split(' ');
      for (const o of operands) expect(o, call).not.toMatch(/^-/);
    }
    const pool = snap.pools.find((p) => p.uuid === victim)!;
    expect(pool.devices.filter((d) => !d.missing).map((d) => d.path)).toEqual([expect.stringMatching(/^\/dev\/loop\d+$/)]);
    expect(pool.devices.find((d) => d.devid === 1)?.disk?.key).toBe(`loop:${cap.labDisks['d1']!.file}`);
  });

  it('turns a pool whose output cannot be read into one unreadable pool, and still reports every other pool and disk', async () => {
    const host = FakeHost.fromRecording(cap.broken);
    const planned = fiShowOf(host, mimic);
    planned.result = { stdout: `Label: 'pw-mimic'  uuid: ${mimic}\n\tTotal devices 1 FS bytes used 1\n\tdevid 1 size 1 used 1 path /dev/loop2 and more\n\tsomething btrfs-progs 9 prints\n\n`, stderr: '', exitCode: 0 };
    const snap = await new InventoryService(host, new InventoryStore(openDb(':memory:', new FakeClock())), FIXED_NOW).snapshot();
    const broken = snap.pools.find((p) => p.uuid === mimic)!;
    expect(broken.unreadable).toMatchObject({
      reason: expect.stringContaining('unexpected line in a pool block'),
      details: { command: ['btrfs', 'filesystem', 'show', '--raw', '--', mimic], line: '\tsomething btrfs-progs 9 prints', lineNumber: 4 },
    });
    expect(broken.label).toBe(cap.labPools['mimic']!.label);
    expect(broken.devices).toEqual([]);
    // The degraded victim beside it is still degraded; the third pool and the disks are all there.
    expect(snap.pools.find((p) => p.uuid === victim)).toMatchObject({ missingCount: 1, missingDevids: [2], unreadable: null });
    expect(snap.pools.find((p) => p.uuid === cap.labPools['forged']!.uuid)?.unreadable).toBeNull();
    expect(snap.disks.find((d) => d.identity.key === `loop:${cap.labDisks['d1']!.file}`)?.role).toBe('member');
  });

  it('a failing fi show (exit status, stderr) makes that pool unreadable with the stderr in its details', async () => {
    const host = FakeHost.fromRecording(cap.broken);
    const planned = fiShowOf(host, mimic);
    planned.result = { throws: new HostError({ file: 'btrfs', args: planned.args }, { exitCode: 1, timedOut: false, stderr: 'ERROR: cannot open /dev/loop2: Input/output error' }) };
    const snap = await new InventoryService(host, new InventoryStore(openDb(':memory:', new FakeClock())), FIXED_NOW).snapshot();
    expect(snap.pools.find((p) => p.uuid === mimic)?.unreadable).toMatchObject({
      reason: expect.stringContaining('exited with status 1'), details: { stderr: 'ERROR: cannot open /dev/loop2: Input/output error' },
    });
    expect(snap.pools.filter((p) => p.unreadable)).toHaveLength(1);
  });

  it('drops a device path btrfs names that poolwatch did not list (never into a command), as a problem of that pool', async () => {
    const host = FakeHost.fromRecording(cap.broken);
    const planned = fiShowOf(host, mimic);
    const real = (planned.result as { stdout: string }).stdout;
    planned.result = { stdout: real.replace(/path \/dev\/loop\d+\n(?![\s\S]*path \/dev\/loop)/, 'path /tmp/not-a-disk\n'), stderr: '', exitCode: 0 };
    const snap = await new InventoryService(host, new InventoryStore(openDb(':memory:', new FakeClock())), FIXED_NOW).snapshot();
    const pool = snap.pools.find((p) => p.uuid === mimic)!;
    expect(pool.devices.map((d) => d.path)).toEqual([null]);
    expect(pool.problems.map((p) => p.message)).toContainEqual(expect.stringContaining('"/tmp/not-a-disk", which is not a block device poolwatch lists'));
    expect(host.calls.filter((c) => c.includes('/tmp/not-a-disk'))).toEqual([]);
  });
});

describe('mount points of pools that share a label (issue 10)', () => {
  it('proposes each unmounted twin its own folder under the root, none of them in use', async () => {
    const cap = load('same-label');
    const snap = await new InventoryService(FakeHost.fromRecording(cap.broken), new InventoryStore(openDb(':memory:', new FakeClock())), { ...FIXED_NOW, mountRoot: '/srv/pools' }).snapshot();
    const twin = (name: string) => snap.pools.find((p) => p.uuid === cap.labPools[name]!.uuid)!;
    expect(twin('twin-a')).toMatchObject({ mounted: true, proposedMountPoint: null });
    const b = twin('twin-b').proposedMountPoint;
    const c = twin('twin-c').proposedMountPoint;
    expect(b).toBe(`/srv/pools/pw-twin-${cap.labPools['twin-b']!.uuid.slice(0, 8)}`);
    expect(c).toBe(`/srv/pools/pw-twin-${cap.labPools['twin-c']!.uuid.slice(0, 8)}`);
    expect(snap.mountTargets).toContain(twin('twin-a').mountPoint);
    for (const p of [b, c]) expect(snap.mountTargets).not.toContain(p);
  });
});

describe('a pool unmounted while the scan runs', () => {
  it('is read as an unmounted pool (label from its devices), never as a mounted pool without a label', async () => {
    const cap = load('hostile-label');
    const victim = cap.labPools['victim']!.uuid;
    // /sys/fs/btrfs still listed the pool, but its folder (label, devices) was gone when read.
    const rec: HostRecording = { ...cap.broken, dirs: { ...cap.broken.dirs, '/sys/fs/btrfs': [...(cap.broken.dirs['/sys/fs/btrfs'] ?? []), victim] } };
    const snap = await new InventoryService(FakeHost.fromRecording(rec), new InventoryStore(openDb(':memory:', new FakeClock())), FIXED_NOW).snapshot();
    expect(snap.pools.filter((p) => p.uuid === victim)).toEqual([expect.objectContaining({ label: 'pw-victim', mounted: false, missingDevids: [2] })]);
  });
});
