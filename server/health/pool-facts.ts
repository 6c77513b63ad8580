/**
 * Facts derived from one Pool snapshot that several rules need. Pure: snapshot in, values out.
 */
import type { DiskIdentity, DiskLocation, Pool } from '../../contracts/api.ts';
import { labelText } from '../../contracts/label.ts';
import { safeLabelComponent } from './mount-points.ts';
import { hasOption, isReadOnly } from './mount-options.ts';
import type { SpareDisk } from './context.ts';

// Where the source document mounts pools (Rockstor's convention): commands for an unmounted
// pool need some mount point, and this is the one the admin will find in that documentation.
export const DEFAULT_MOUNT_ROOT = '/mnt2';

export interface MissingFacts {
  /** Members missing, never less than any source in the snapshot says. */
  readonly count: number;
  /** The missing devids btrfs named, ascending; may be fewer than `count` (older btrfs-progs). */
  readonly devids: readonly number[];
}

/**
 * How many members are missing, taking the largest count any part of the snapshot implies:
 * calling a degraded pool healthy is the worst mistake this product can make, so disagreement
 * between sources resolves towards "missing".
 */
export function missingMembers(pool: Pool): MissingFacts {
  const devids = [...new Set([...pool.missingDevids, ...pool.devices.filter((d) => d.missing).map((d) => d.devid)])].sort(
    (a, b) => a - b,
  );
  const present = pool.devices.filter((d) => !d.missing).length;
  // "Total devices N" with fewer device lines is how older btrfs-progs report a missing member.
  const gap = pool.devices.length > 0 ? Math.max(0, pool.totalDevices - present) : 0;
  return { count: Math.max(pool.missingCount, devids.length, gap), devids };
}

/** Members still attached: what a repair has to work with. */
export function attachedMembers(pool: Pool, missing: MissingFacts = missingMembers(pool)): number {
  return Math.max(0, pool.totalDevices - missing.count);
}

export type MountMode = 'unmounted' | 'ro' | 'rw-not-degraded' | 'rw-degraded';

export function mountMode(pool: Pool): MountMode {
  if (!pool.mounted) return 'unmounted';
  if (isReadOnly(pool.mountOptions)) return 'ro';
  return hasOption(pool.mountOptions, 'degraded') ? 'rw-degraded' : 'rw-not-degraded';
}

/**
 * The pool's mount point, or where poolwatch would mount it: the snapshot's proposal (distinct for
 * every pool, never in use: mount-points.ts), else — a pool built without one — `<root>/<safe label>`.
 */
export function mountPointFor(pool: Pool, mountRoot: string = DEFAULT_MOUNT_ROOT): string {
  if (pool.mounted && pool.mountPoint) return pool.mountPoint;
  return pool.proposedMountPoint ?? `${mountRoot.replace(/(.)\/+$/, '$1')}/${safeLabelComponent(pool.label) ?? pool.uuid}`;
}

/** A device to name in `mount`: an attached member's path (lowest devid), else `UUID=<uuid>`. */
export function mountSourceFor(pool: Pool): string {
  const member = pool.devices
    .filter((d) => !d.missing && d.path)
    .sort((a, b) => a.devid - b.devid)[0];
  return member?.path ?? `UUID=${pool.uuid}`;
}

/** Size of a missing member when anything remembers it (btrfs shows size 0 for missing ones). */
export function missingMemberSizeBytes(pool: Pool, devid: number): number | null {
  const dev = pool.devices.find((d) => d.devid === devid);
  if (dev && dev.sizeBytes > 0) return dev.sizeBytes;
  const detached = pool.detached.find((d) => d.devid === devid);
  return detached?.sizeBytes ?? null;
}

/** The largest member size known, missing members included (a spare must be able to stand in for any). */
export function largestMemberBytes(pool: Pool): number {
  const sizes = [...pool.devices.map((d) => d.sizeBytes), ...pool.detached.map((d) => d.sizeBytes ?? 0)];
  return sizes.length === 0 ? 0 : Math.max(...sizes);
}

/** The smallest spare at least `minBytes` large (keeps bigger spares for bigger jobs), or null. */
export function pickSpare(spares: readonly SpareDisk[], minBytes: number): SpareDisk | null {
  const fitting = spares.filter((s) => s.sizeBytes >= minBytes).sort((a, b) => a.sizeBytes - b.sizeBytes);
  return fitting[0] ?? null;
}

/**
 * How the text names a member (issue 10, ADR 024): who the disk is first — model and serial, else
 * its by-id name, else (a loop device) its backing file —, its size and slot where known, and the
 * kernel path last, as where it is now: `devid 3 (WDC WD40EFRX serial WD-XYZ, 3.64 TiB; now at /dev/sdc)`.
 */
export function describeMember(pool: Pool, devid: number): string {
  const dev = pool.devices.find((d) => d.devid === devid);
  const detached = pool.detached.find((d) => d.devid === devid);
  const words = diskWords(dev?.disk ?? detached?.disk ?? null, dev?.sizeBytes ?? detached?.sizeBytes ?? null, dev?.path ?? null);
  const last = !dev?.path && detached?.lastPath ? `last seen at ${detached.lastPath}` : null;
  const all = [words, last].filter((x): x is string => x !== null && x !== '').join('; ');
  return all ? `devid ${devid} (${all})` : `devid ${devid}`;
}

/**
 * A disk in words, identity first: `WDC WD40EFRX serial WD-XYZ, 3.64 TiB, slot 1 of enclosure
 * 6:0:12:0; now at /dev/sdc`; a loop device (no serial) by its backing file. Empty when nothing is known.
 */
export function diskWords(disk: DiskIdentity | null, sizeBytes: number | null, path: string | null): string {
  const who: string[] = [];
  if (disk?.model) who.push(disk.model);
  if (disk?.serial) who.push(`serial ${disk.serial}`);
  else if (disk?.byId[0]) who.push(disk.byId[0]);
  else if (disk?.backingFile) who.push(`loop device backed by ${disk.backingFile}`);
  else if (disk?.key.startsWith('loop:')) who.push(`loop device backed by ${disk.key.slice('loop:'.length)}`);
  const parts = [who.join(' '), sizeBytes ? formatBytes(sizeBytes) : null, slotWords(disk?.location ?? null)].filter((x): x is string => Boolean(x));
  const head = parts.join(', ');
  if (!path) return head;
  return head ? `${head}; now at ${path}` : path;
}

/** `slot 1 of enclosure 6:0:12:0`, else the controller port; null when the host does not know. */
export function slotWords(l: DiskLocation | null): string | null {
  if (!l) return null;
  if (l.slot) return `slot ${l.slot}${l.enclosure ? ` of enclosure ${l.enclosure}` : ''}`;
  return l.port;
}

/**
 * A name for the pool in messages: its label as data (control characters and invisible ones
 * escaped, contracts/label.ts), else its uuid.
 */
export function poolName(pool: Pick<Pool, 'label' | 'uuid'>): string {
  return pool.label && pool.label.trim() !== '' ? labelText(pool.label) : pool.uuid;
}

const BYTE_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'] as const;

/** 1.5 GiB style sizes for messages. */
export function formatBytes(bytes: number): string {
  let v = bytes;
  let i = 0;
  while (v >= 1024 && i < BYTE_UNITS.length - 1) {
    v /= 1024;
    i++;
  }
  const digits = i === 0 || v >= 100 ? 0 : v >= 10 ? 1 : 2;
  return `${Number(v.toFixed(digits))} ${BYTE_UNITS[i]}`;
}

/**
 * The exclusive operation holding the pool (`/sys/fs/btrfs/<uuid>/exclusive_operation`), or null
 * when none: `none` and an empty value both mean idle.
 */
export function runningOperation(pool: Pool): string | null {
  const op = pool.exclusiveOperation?.trim().toLowerCase() ?? '';
  return op === '' || op === 'none' ? null : op;
}
