/**
 * The watcher over a real machine state (lab scenario `spare`, fixtures/lab/host-spare.json,
 * replayed by the strict FakeHost): which changes of the cheap kernel facts cost a scan, which are
 * applied without a process, and which cost nothing (issue 13, ADR 021); and a pool whose btrfs
 * does not answer (issue 9 item 3).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import type { CommandResult, CommandSpec } from '../host/host.ts';
import { InventoryService } from '../inventory/inventory-service.ts';
import { openDb } from '../store/db.ts';
import { InventoryStore } from '../store/inventory-store.ts';
import { FakeClock } from '../test-support/clock.ts';
import { FakeHost } from '../test-support/fake-host.ts';
import type { HostRecording } from '../test-support/recording-host.ts';
import { PoolWatcher, type WatchEvent } from './watcher.ts';
import { testWrites } from '../test-support/writes.ts';

const cap = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'fixtures', 'lab', 'host-spare.json'), 'utf8')) as {
  labPools: Record<string, { uuid: string }>;
  broken: HostRecording;
};
const UUID = cap.labPools['spare']!.uuid;
/** Another pool on the machine when it was captured (unmounted, one member missing): read in the same scans. */
const OTHER = '77afdc9b-f606-46da-91f1-e44f587d22f7';
const BASE = `/sys/fs/btrfs/${UUID}`;
const STATS = (write: number) => `write_errs ${write}\nread_errs 0\nflush_errs 0\ncorruption_errs 0\ngeneration_errs 0\n`;

/** /proc/partitions as the kernel prints it for these devices (KiB; devices without a medium are not listed). */
function partitions(sizes: Record<string, number>): string {
  return `major minor  #blocks  name\n\n${Object.entries(sizes).map(([n, kib], i) => `   7 ${String(i).padStart(8)} ${String(kib).padStart(10)} ${n}`).join('\n')}\n`;
}
const SIZES: Record<string, number> = { loop0: 524288, loop1: 524288, loop2: 524288, loop3: 524288, loop4: 1048576, vda: 268435456 };

/** FakeHost whose `btrfs filesystem show` of one pool can be held (a hung disk) and released. */
class HangableHost extends FakeHost {
  hang: string | null = null;
  private release: (() => void)[] = [];
  override async run(spec: CommandSpec): Promise<CommandResult> {
    if (this.hang && spec.args.includes(this.hang) && spec.args[0] === 'filesystem') {
      await new Promise<void>((r) => this.release.push(r));
    }
    return super.run(spec);
  }
  answer(): void {
    this.hang = null;
    for (const r of this.release.splice(0)) r();
  }
}

let files: Record<string, string>;
let dirs: Record<string, string[]>;
let host: HangableHost;
let inventory: InventoryService;
let watcher: PoolWatcher;
let events: WatchEvent[];

function setUp(opts: { patienceMs?: number } = {}) {
  const rec = structuredClone(cap.broken);
  files = { ...rec.files, '/proc/partitions': partitions(SIZES) };
  dirs = rec.dirs;
  const replay = FakeHost.fromRecording(rec);
  host = new HangableHost((replay as unknown as { commands: never[] }).commands, files, dirs, rec.links);
  const clock = new FakeClock('2026-11-26T12:00:00Z');
  inventory = new InventoryService(host, new InventoryStore(openDb(':memory:', clock)), { clock, writes: testWrites(clock), poolPatienceMs: opts.patienceMs ?? 3000 });
  watcher = new PoolWatcher({ scanner: inventory, host, clock, fullScanMs: 3_600_000 });
  events = [];
  watcher.on('change', (e) => events.push(e));
}

/** Checks once; how many processes and full scans it cost. */
async function checkCost(): Promise<{ processes: number; scans: number; changed: boolean }> {
  const [calls, scans] = [host.calls.length, inventory.fullScans];
  const changed = await watcher.check();
  return { processes: host.calls.length - calls, scans: inventory.fullScans - scans, changed };
}

describe('the watcher reads cheap facts and scans only when they say so', () => {
  beforeEach(async () => {
    setUp();
    await watcher.check();
    events = [];
  });

  it('spawns nothing and publishes nothing while nothing changes', async () => {
    const first = await watcher.snapshot();
    for (let i = 0; i < 5; i++) expect(await checkCost()).toEqual({ processes: 0, scans: 0, changed: false });
    expect(await watcher.snapshot()).toBe(first);
    expect(events).toEqual([]);
  });

  it('applies a rising error counter from sysfs without a process, and says which pool changed', async () => {
    files[`${BASE}/devinfo/1/error_stats`] = STATS(7);
    expect(await checkCost()).toEqual({ processes: 0, scans: 0, changed: true });
    const pool = (await watcher.snapshot()).pools.find((p) => p.uuid === UUID)!;
    expect(pool.devices.find((d) => d.devid === 1)?.errors?.write).toBe(7);
    expect(events.at(-1)?.changed).toEqual({ pools: [UUID], disks: false });
  });

  it('applies a new allocation profile (single chunks of a degraded write) without a process', async () => {
    dirs[`${BASE}/allocation/data`] = [...dirs[`${BASE}/allocation/data`]!, 'single'];
    expect(await checkCost()).toMatchObject({ processes: 0, scans: 0, changed: true });
    expect((await watcher.snapshot()).pools.find((p) => p.uuid === UUID)?.profiles.data.sort()).toEqual(['raid1', 'single']);
  });

  it('scans when a member goes missing, a btrfs mount changes, or a pool is mounted', async () => {
    files[`${BASE}/devinfo/2/missing`] = '1\n';
    expect((await checkCost()).scans).toBe(1);
    files['/proc/self/mountinfo'] = files['/proc/self/mountinfo']!.replace(/(spare rw,relatime) - btrfs/, '$1,noatime - btrfs');
    expect((await checkCost()).scans).toBe(1);
    dirs['/sys/fs/btrfs'] = [...dirs['/sys/fs/btrfs']!, '0a0a0a0a-1111-2222-3333-444455556666'];
    expect((await checkCost()).scans).toBe(1);
    expect(watcher.lastScanReason).toBe('the set of mounted pools changed');
  });

  it('scans when a member device leaves the machine or changes size', async () => {
    const { loop3: _gone, ...rest } = SIZES;
    files['/proc/partitions'] = partitions(rest);
    expect((await checkCost()).scans).toBe(1);
    expect(watcher.lastScanReason).toBe('pool member loop3 left');
  });

  it('costs nothing when another filesystem is mounted or unmounted', async () => {
    files['/proc/self/mountinfo'] += '99 27 7:9 / /media/usb rw,relatime - ext4 /dev/loop9 rw\n';
    expect(await checkCost()).toEqual({ processes: 0, scans: 0, changed: false });
  });

  it('drops a listed disk that left the machine without a process (the spare is no longer offered)', async () => {
    const spare = (await watcher.snapshot()).disks.find((d) => d.path === '/dev/loop4');
    expect(spare?.role).toBe('unused');
    const { loop4: _gone, ...rest } = SIZES;
    files['/proc/partitions'] = partitions(rest);
    expect(await checkCost()).toMatchObject({ processes: 0, scans: 0, changed: true });
    expect((await watcher.snapshot()).disks.find((d) => d.path === '/dev/loop4')).toBeUndefined();
    expect(events.at(-1)?.changed.disks).toBe(true);
  });

  it('reads the signature of a new loop device: another filesystem costs nothing, btrfs or blank is scanned, a new disk always', async () => {
    // An image with an ext4 superblock (a snap, a VM disk): read once, then ignored.
    const ext4 = Buffer.alloc(68 * 1024);
    ext4.writeUInt16LE(0xef53, 1024 + 0x38);
    host.heads['/dev/loop7'] = ext4;
    files['/proc/partitions'] = partitions({ ...SIZES, loop7: 4096 });
    expect(await checkCost()).toMatchObject({ processes: 0, scans: 0 });
    await new Promise((r) => setTimeout(r, 10));
    for (let i = 0; i < 3; i++) expect(await checkCost()).toMatchObject({ processes: 0, scans: 0 });

    const btrfs = Buffer.alloc(68 * 1024);
    btrfs.write('_BHRfS_M', 64 * 1024 + 0x40);
    host.heads['/dev/loop8'] = btrfs;
    files['/proc/partitions'] = partitions({ ...SIZES, loop7: 4096, loop8: 4096 });
    await checkCost();
    await new Promise((r) => setTimeout(r, 10));
    // The replayed machine does not have loop8: the scan it causes is what is checked, not its result.
    await expect(watcher.check()).resolves.toBeDefined();
    expect(watcher.lastScanReason).toBe('loop device loop8 appeared (btrfs)');

    files['/proc/partitions'] = partitions({ ...SIZES, sdq: 976762584 });
    setUp();
    files['/proc/partitions'] = partitions(SIZES);
    await watcher.check();
    files['/proc/partitions'] = partitions({ ...SIZES, sdq: 976762584 });
    expect((await checkCost()).scans).toBe(1);
    expect(watcher.lastScanReason).toBe('block device sdq appeared');
  });

  it('serves the snapshot it holds: reading it never reads the machine', async () => {
    const reads = host.reads.length;
    for (let i = 0; i < 10; i++) await watcher.snapshot();
    expect(host.reads.length).toBe(reads);
  });
});

describe('a pool whose btrfs does not answer (a hung disk)', () => {
  it('keeps its previous view marked stale, reports the stuck command, and does not hold back the other pools', async () => {
    setUp({ patienceMs: 50 });
    await watcher.check();
    const before = (await watcher.snapshot()).pools.find((p) => p.uuid === UUID)!;
    expect(before.stale ?? null).toBeNull();

    host.hang = UUID;
    // Something that needs a scan happens: a btrfs mount's options change.
    files['/proc/self/mountinfo'] = files['/proc/self/mountinfo']!.replace(/(spare rw,relatime) - btrfs/, '$1,noatime - btrfs');
    const scanning = watcher.check();
    await new Promise((r) => setTimeout(r, 20));
    expect(watcher.scanState()?.runningSince).toBeDefined();
    await scanning;

    const snap = await watcher.snapshot();
    const hung = snap.pools.find((p) => p.uuid === UUID)!;
    expect(hung.stale).toMatchObject({ reason: expect.stringContaining(`btrfs filesystem show --raw -- ${UUID}`) });
    expect(hung.devices).toEqual(before.devices);
    // The other pool was read in that same scan, without waiting for the hung one.
    const other = snap.pools.find((p) => p.uuid === OTHER);
    expect(other).toBeDefined();
    expect(other!.stale ?? null).toBeNull();
    expect(watcher.staleness()).toMatchObject({ reason: expect.stringContaining('btrfs is not answering about pool pw-spare') });

    // When btrfs answers at last, the next check takes the answer and the pool is current again.
    host.answer();
    await new Promise((r) => setTimeout(r, 10));
    await watcher.check();
    expect((await watcher.snapshot()).pools.find((p) => p.uuid === UUID)?.stale ?? null).toBeNull();
    expect(watcher.staleness()).toBeNull();
  });
});
