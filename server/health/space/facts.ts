/**
 * What the space engine reads: per member, its size, unallocated space and allocations; per
 * block-group type and profile, logical size and use; the global reserve. Built from a parsed
 * `btrfs filesystem usage -T -b` (and, where available, `btrfs device usage -b` for the stripe
 * count of striped profiles).
 */
import type { Profile } from '../../../contracts/api.ts';
import type { DeviceUsage } from '../../parsers/device-usage.ts';
import type { FiUsage } from '../../parsers/fi-usage.ts';
import type { ChunkType } from './allocator.ts';

export interface SpaceAllocation {
  type: ChunkType | 'data+metadata';
  profile: Profile;
  /** Bytes of this member taken by chunks of this type/profile (physical). */
  bytes: number;
  /** Stripes per chunk, when known (`RAID10/4` in device usage). */
  stripes: number | null;
}

export interface SpaceMember {
  devid: number;
  /** null when missing. */
  path: string | null;
  missing: boolean;
  /** The size btrfs uses on the member (fi usage's Total column; for a missing member, its recorded size). */
  sizeBytes: number;
  unallocatedBytes: number;
  allocations: SpaceAllocation[];
}

export interface SpaceTypeUsage {
  type: ChunkType | 'data+metadata';
  profile: Profile;
  /** Logical bytes of chunks (what `fi df` calls total). */
  totalBytes: number;
  usedBytes: number;
}

export interface SpaceFacts {
  members: SpaceMember[];
  types: SpaceTypeUsage[];
  globalReserveBytes: number;
}

/**
 * Facts from `fi usage -T -b`. A running replace's target (devid 0) is left out: it takes no new
 * chunks. Returns null for human units (rounded numbers would make verdicts wrong at the edge).
 */
export function spaceFactsOf(usage: FiUsage, deviceUsage?: DeviceUsage | null): SpaceFacts | null {
  if (!usage.unitsExact) return null;
  const stripesOf = (devid: number, type: string, profile: Profile): number | null =>
    deviceUsage?.devices.find((d) => d.devid === devid)?.allocations.find((a) => a.type === type && a.profile === profile)?.stripes ?? null;
  const members: SpaceMember[] = usage.devices
    .filter((d) => !d.replaceTarget)
    .map((d) => {
      const allocated = d.allocations.reduce((s, a) => s + a.bytes, 0);
      return {
        devid: d.devid,
        path: d.path,
        missing: d.missing,
        sizeBytes: d.totalBytes ?? allocated + Math.max(0, d.unallocatedBytes),
        unallocatedBytes: d.unallocatedBytes,
        allocations: d.allocations.map((a) => ({ type: a.type, profile: a.profile, bytes: a.bytes, stripes: stripesOf(d.devid, a.type, a.profile) })),
      };
    });
  const types: SpaceTypeUsage[] = usage.columnTotals.map((c) => ({ type: c.type, profile: c.profile, totalBytes: c.totalBytes, usedBytes: c.usedBytes ?? c.totalBytes }));
  return { members, types, globalReserveBytes: usage.overall.globalReserveBytes ?? 0 };
}
