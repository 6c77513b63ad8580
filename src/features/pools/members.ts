/**
 * Rows of a pool's Disks table: attached members, missing members with the disk poolwatch
 * remembers for them, and a count of missing members btrfs did not name. Pure.
 */
import type { DetachedDisk, DeviceErrors, DiskIdentity } from '../../../contracts/api.ts';

export interface MemberRow {
  devid: number;
  missing: boolean;
  path: string | null;
  /** The attached disk, or for a missing member the disk poolwatch remembers in that slot. */
  disk: DiskIdentity | null;
  sizeBytes: number | null;
  usedBytes: number | null;
  errors: DeviceErrors | null;
  /** Unused bytes after a replace by a larger disk; null when none. */
  slackBytes: number | null;
}

export interface MemberPool {
  missingCount: number;
  missingDevids: readonly number[];
  devices: readonly { devid: number; path: string | null; missing: boolean; sizeBytes: number; usedBytes: number | null; errors: DeviceErrors | null; disk: DiskIdentity | null }[];
  detached: readonly DetachedDisk[];
  slack: readonly { devid: number; slackBytes: number }[];
}

export interface MemberTable {
  rows: MemberRow[];
  /** Members btrfs says are missing without naming their devid (older btrfs-progs, unmounted pools). */
  unnamedMissing: number;
}

export function memberTable(pool: MemberPool): MemberTable {
  const rememberedFor = (devid: number) => pool.detached.find((d) => d.devid === devid) ?? null;
  const slackOf = (devid: number) => pool.slack.find((s) => s.devid === devid && s.slackBytes > 0)?.slackBytes ?? null;
  const missingDevids = new Set(pool.missingDevids);
  const rows: MemberRow[] = pool.devices.map((d) => {
    const missing = d.missing || missingDevids.has(d.devid);
    const remembered = missing ? rememberedFor(d.devid) : null;
    return {
      devid: d.devid,
      missing,
      path: missing ? null : d.path,
      disk: d.disk ?? remembered?.disk ?? null,
      // A missing member reports size 0; the remembered size says which disk to look for.
      sizeBytes: missing ? (remembered?.sizeBytes ?? (d.sizeBytes || null)) : d.sizeBytes,
      usedBytes: d.usedBytes,
      errors: d.errors,
      slackBytes: slackOf(d.devid),
    };
  });
  for (const devid of pool.missingDevids) {
    if (rows.some((r) => r.devid === devid)) continue;
    const remembered = rememberedFor(devid);
    rows.push({ devid, missing: true, path: null, disk: remembered?.disk ?? null, sizeBytes: remembered?.sizeBytes ?? null, usedBytes: null, errors: null, slackBytes: null });
  }
  rows.sort((a, b) => a.devid - b.devid);
  const namedMissing = rows.filter((r) => r.missing).length;
  return { rows, unnamedMissing: Math.max(0, pool.missingCount - namedMissing) };
}

