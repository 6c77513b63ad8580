/**
 * Facts derived from one Pool snapshot that several rules need. Pure: snapshot in, values out.
 */
import type { Pool } from '../../contracts/api.ts';
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

/** How the text names a member: `devid 3 (/dev/sdc, serial WD-XYZ)`, with what is known. */
export function describeMember(pool: Pool, devid: number): string {
  const dev = pool.devices.find((d) => d.devid === devid);
  const detached = pool.detached.find((d) => d.devid === devid);
  const path = dev?.path ?? detached?.lastPath ?? null;
  const disk = dev?.disk ?? detached?.disk ?? null;
  const details = [path, disk?.serial ? `serial ${disk.serial}` : null, disk?.model ?? null].filter(
    (x): x is string => x !== null && x !== '',
  );
  return details.length > 0 ? `devid ${devid} (${details.join(', ')})` : `devid ${devid}`;
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
