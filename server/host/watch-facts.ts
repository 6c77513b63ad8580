/**
 * The cheap facts the watcher reads every second (issue 13, docs/decisions/021): kernel files only,
 * no process, and only for the pools poolwatch knows.
 *
 * - `/proc/partitions`: every block device with a medium and its size, in one read (a detached loop
 *   device or a pulled disk leaves it; an attached one appears);
 * - the btrfs lines of the mount table, and mounts over a block device's /dev node (other mounts are
 *   not looked at);
 * - `/sys/fs/btrfs/`: which pools are mounted;
 * - per mounted pool poolwatch knows: its devinfo entries, `missing` and `error_stats` of the members
 *   btrfs listed as present (never of others: docs/decisions/009), `exclusive_operation`, `label`,
 *   `devices/` and the allocation profile folders.
 */
import type { Host } from './host.ts';
import { isDevinfoQuarantined, releaseUnmounted } from './sysfs-quarantine.ts';

const SYSFS_BTRFS = '/sys/fs/btrfs';

export interface PoolFacts {
  /** devinfo/ entries, sorted (a member added or removed). */
  devids: string;
  /** Per devid read: its `missing` flag and raw `error_stats`. */
  members: Record<number, { missing: string | null; errorStats: string | null }>;
  exclusiveOperation: string | null;
  label: string | null;
  /** Kernel names under devices/, sorted. */
  devices: string;
  allocation: { data: string[]; metadata: string[]; system: string[] };
}

export interface WatchFacts {
  /** Block devices with a medium: kernel name → size in KiB (/proc/partitions). */
  partitions: Map<string, number>;
  /** The btrfs lines of the mount table, as the kernel prints them. */
  btrfsMounts: string;
  /** uuids under /sys/fs/btrfs (mounted pools), sorted. */
  mountedUuids: string[];
  /** Facts of the known mounted pools, by uuid. */
  pools: Map<string, PoolFacts>;
}

/** A mounted pool the watcher knows, and the devids whose devinfo files are safe to read (btrfs listed them present). */
export interface KnownPool {
  uuid: string;
  readable: ReadonlySet<number>;
}

/** Reads the facts in two batches of synchronous kernel reads (Host.readNow). */
export function readWatchFacts(host: Host, known: readonly KnownPool[], mountInfoPath = '/proc/self/mountinfo'): WatchFacts {
  const first = host.readNow(['/proc/partitions', mountInfoPath], [SYSFS_BTRFS]);
  const mountedUuids = (first.dirs[0] ?? []).filter((e) => /^[0-9a-f-]{36}$/i.test(e)).sort();
  releaseUnmounted(mountedUuids);
  const mounted = new Set(mountedUuids);
  const pools = known.filter((p) => mounted.has(p.uuid));

  const dirs: string[] = [];
  for (const p of pools) {
    const base = `${SYSFS_BTRFS}/${p.uuid}`;
    dirs.push(`${base}/devinfo`, `${base}/devices`, `${base}/allocation/data`, `${base}/allocation/metadata`, `${base}/allocation/system`);
  }
  const second = host.readNow([], dirs);

  const files: string[] = [];
  const plan: { uuid: string; devids: number[] }[] = [];
  pools.forEach((p, i) => {
    const base = `${SYSFS_BTRFS}/${p.uuid}`;
    const devids = (second.dirs[i * 5] ?? []).filter((id) => /^\d+$/.test(id)).map(Number)
      .filter((devid) => p.readable.has(devid) && !isDevinfoQuarantined(p.uuid, devid)).sort((a, b) => a - b);
    files.push(`${base}/exclusive_operation`, `${base}/label`);
    for (const devid of devids) files.push(`${base}/devinfo/${devid}/missing`, `${base}/devinfo/${devid}/error_stats`);
    plan.push({ uuid: p.uuid, devids });
  });
  const third = host.readNow(files, []);

  const out = new Map<string, PoolFacts>();
  let f = 0;
  pools.forEach((p, i) => {
    const d = (k: number) => second.dirs[i * 5 + k] ?? [];
    const exclusiveOperation = third.files[f++]?.trim() ?? null;
    const label = third.files[f++] ?? null;
    const members: PoolFacts['members'] = {};
    for (const devid of plan[i]!.devids) {
      members[devid] = { missing: third.files[f++]?.trim() ?? null, errorStats: third.files[f++] ?? null };
    }
    out.set(p.uuid, {
      devids: [...d(0)].sort().join(' '),
      members,
      exclusiveOperation,
      label,
      devices: [...d(1)].sort().join(' '),
      allocation: { data: [...d(2)].sort(), metadata: [...d(3)].sort(), system: [...d(4)].sort() },
    });
  });

  const partitions = parsePartitions(first.files[0] ?? '');
  return { partitions, btrfsMounts: btrfsMountLines(first.files[1] ?? '', partitions), mountedUuids, pools: out };
}

/** `/proc/partitions`: `major minor #blocks name` per line after the header. */
export function parsePartitions(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    const m = /^\s*\d+\s+\d+\s+(\d+)\s+(\S+)\s*$/.exec(line);
    if (m) out.set(m[2]!, Number(m[1]));
  }
  return out;
}

/**
 * Lines of /proc/self/mountinfo whose filesystem type (first field after ` - `) is btrfs, and those
 * mounted over a block device's node (`/dev/<name>` of a device in `partitions`): something mounted
 * there hides the device from btrfs (opening it fails), as a pulled disk whose node udev replaced.
 */
export function btrfsMountLines(mountinfo: string, partitions: ReadonlyMap<string, number> = new Map()): string {
  return mountinfo.split('\n').filter((l) => {
    if (l.includes(' - btrfs ')) return true;
    const node = /^\/dev\/([^/]+)$/.exec(l.split(' ')[4] ?? '');
    return node !== null && partitions.has(node[1]!);
  }).join('\n');
}

/** What is on a block device that appeared, from its first 68 KiB: btrfs, blank (a spare candidate), other, or unreadable. */
export type DeviceSignature = 'btrfs' | 'blank' | 'other' | 'unreadable';

const BTRFS_MAGIC = Buffer.from('_BHRfS_M');
/** The primary superblock is at 64 KiB; its magic at offset 0x40 in it. */
const MAGIC_AT = 64 * 1024 + 0x40;
const HEAD_BYTES = 68 * 1024;
/** A device that does not answer this fast is treated as one that needs a scan (the scan has its own deadlines). */
const HEAD_DEADLINE_MS = 2000;

/**
 * The signature of a block device, read directly (no process): the btrfs superblock magic, or all
 * zeros (no filesystem, partition table or RAID/LVM header starts there), or something else.
 */
export async function deviceSignature(host: Host, kname: string): Promise<DeviceSignature> {
  let timer: NodeJS.Timeout | undefined;
  const head = await Promise.race([
    host.readHead(`/dev/${kname}`, HEAD_BYTES),
    new Promise<null>((resolve) => {
      // Real time on purpose (ADR 012): a deadline on a real read of a device.
      timer = setTimeout(() => resolve(null), HEAD_DEADLINE_MS);
    }),
  ]);
  clearTimeout(timer);
  if (head === null || head.length < MAGIC_AT + BTRFS_MAGIC.length) return 'unreadable';
  if (head.subarray(MAGIC_AT, MAGIC_AT + BTRFS_MAGIC.length).equals(BTRFS_MAGIC)) return 'btrfs';
  return head.every((b) => b === 0) ? 'blank' : 'other';
}
