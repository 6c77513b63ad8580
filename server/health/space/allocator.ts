/**
 * The btrfs chunk allocator, as the kernel (6.x) sizes and places chunks, for predicting whether
 * an operation can allocate what it needs. Pure arithmetic; the rules and the measurements that
 * confirmed them are in docs/recovery-space.md.
 */
import type { Profile } from '../../../contracts/api.ts';

export const MiB = 1024 * 1024;
export const GiB = 1024 * MiB;

/** btrfs never allocates the first MiB of a device (BTRFS_DEVICE_RANGE_RESERVED), yet `Unallocated` counts it. */
export const DEVICE_RESERVED_BYTES = MiB;
/** Chunk stripes are rounded down to the stripe length (BTRFS_STRIPE_LEN). */
const STRIPE_LEN = 64 * 1024;
/** A shrunk stripe size is rounded up to this before use (decide_stripe_size_regular). */
const STRIPE_ROUND = 16 * MiB;

/** Per profile, the kernel's btrfs_raid_array: how many devices a chunk takes and how many copies it keeps. */
export interface Geometry {
  devsMin: number;
  /** 0: as many devices as have room. */
  devsMax: number;
  devsIncrement: number;
  /** Copies of each byte (what `fi usage` calls the ratio for mirrored profiles). */
  ncopies: number;
  nparity: number;
  /** Stripes per device (dup: 2 on the one device). */
  devStripes: number;
}

export const GEOMETRY: Readonly<Record<Profile, Geometry>> = {
  single: { devsMin: 1, devsMax: 1, devsIncrement: 1, ncopies: 1, nparity: 0, devStripes: 1 },
  dup: { devsMin: 1, devsMax: 1, devsIncrement: 1, ncopies: 2, nparity: 0, devStripes: 2 },
  raid0: { devsMin: 1, devsMax: 0, devsIncrement: 1, ncopies: 1, nparity: 0, devStripes: 1 },
  raid1: { devsMin: 2, devsMax: 2, devsIncrement: 2, ncopies: 2, nparity: 0, devStripes: 1 },
  raid1c3: { devsMin: 3, devsMax: 3, devsIncrement: 3, ncopies: 3, nparity: 0, devStripes: 1 },
  raid1c4: { devsMin: 4, devsMax: 4, devsIncrement: 4, ncopies: 4, nparity: 0, devStripes: 1 },
  raid10: { devsMin: 2, devsMax: 0, devsIncrement: 2, ncopies: 2, nparity: 0, devStripes: 1 },
  raid5: { devsMin: 2, devsMax: 0, devsIncrement: 1, ncopies: 1, nparity: 1, devStripes: 1 },
  raid6: { devsMin: 3, devsMax: 0, devsIncrement: 1, ncopies: 1, nparity: 2, devStripes: 1 },
};

export type ChunkType = 'data' | 'metadata' | 'system';

/** Stripes of a chunk spread over `stripes` devices that hold data (the rest is copies or parity). */
export function dataStripes(profile: Profile, stripes: number): number {
  const g = GEOMETRY[profile];
  return Math.max(1, (stripes * g.devStripes - g.nparity) / g.ncopies);
}

/**
 * The kernel's "10 % of the writable space" (mult_perc of fs_devices->total_rw_bytes): no chunk
 * is larger, and it is also the data chunk size the metadata overcommit keeps aside.
 */
export function tenPercent(totalRwBytes: number): number {
  return Math.floor((totalRwBytes * 10) / 100);
}

/** Largest logical chunk and stripe of a type (calc_chunk_size, init_alloc_chunk_ctl_policy_regular). */
export function chunkLimits(type: ChunkType, totalRwBytes: number): { maxChunkBytes: number; maxStripeBytes: number } {
  const typeChunk = type === 'data' ? 10 * GiB : type === 'system' ? 32 * MiB : totalRwBytes > 50 * GiB ? GiB : 256 * MiB;
  return { maxChunkBytes: Math.min(typeChunk, tenPercent(totalRwBytes)), maxStripeBytes: Math.min(typeChunk, GiB) };
}

/**
 * The data chunk size the metadata overcommit check keeps free (calc_effective_data_chunk_size):
 * min(10 % of the writable space, 1 GiB).
 */
export function effectiveDataChunkBytes(totalRwBytes: number): number {
  return Math.min(tenPercent(totalRwBytes), GiB);
}

/**
 * How much metadata/system space btrfs lets a reservation "overcommit" against unallocated space
 * (calc_available_free_space with BTRFS_RESERVE_NO_FLUSH, the mode used when a block group is
 * made read-only): (Σ unallocated / copies − data chunk size) / 2, or 0.
 */
export function overcommitBytes(unallocatedSum: number, profile: Profile, totalRwBytes: number): number {
  const perCopy = Math.floor(unallocatedSum / GEOMETRY[profile].ncopies);
  const dataChunk = effectiveDataChunkBytes(totalRwBytes);
  if (perCopy <= dataChunk) return 0;
  return Math.floor((perCopy - dataChunk) / 2);
}

export interface AllocDevice {
  /** devid, or a negative id for a disk not yet in the pool. */
  id: number;
  /** Bytes a chunk may still take on it (its unallocated space less the reserved first MiB). */
  freeBytes: number;
}

export interface AllocatedChunk {
  profile: Profile;
  /** Logical size (what the type gains). */
  logicalBytes: number;
  stripeBytes: number;
  /** Bytes taken per device id. */
  taken: Map<number, number>;
}

/**
 * Allocates one chunk the way btrfs_create_chunk does: the devices with the most room first, as
 * many as the profile takes, a stripe as large as the last chosen device allows, capped by the
 * type's limits. Mutates `devices` (their free space shrinks). Null when the profile cannot get
 * enough devices with room (the kernel's ENOSPC).
 */
export function allocateChunk(devices: AllocDevice[], type: ChunkType, profile: Profile, totalRwBytes: number): AllocatedChunk | null {
  const g = GEOMETRY[profile];
  const minRoom = STRIPE_LEN * g.devStripes;
  const candidates = devices.filter((d) => d.freeBytes >= minRoom).sort((a, b) => b.freeBytes - a.freeBytes || a.id - b.id);
  let ndevs = g.devsMax === 0 ? candidates.length : Math.min(candidates.length, g.devsMax);
  ndevs -= ndevs % g.devsIncrement;
  if (ndevs < g.devsMin || ndevs === 0) return null;
  const chosen = candidates.slice(0, ndevs);
  const { maxChunkBytes, maxStripeBytes } = chunkLimits(type, totalRwBytes);
  const dStripes = dataStripes(profile, ndevs);
  let stripe = Math.floor(chosen[ndevs - 1]!.freeBytes / g.devStripes);
  stripe = Math.min(stripe, maxStripeBytes);
  if (stripe * dStripes > maxChunkBytes) {
    stripe = Math.min(Math.ceil(maxChunkBytes / dStripes / STRIPE_ROUND) * STRIPE_ROUND, stripe);
  }
  stripe = Math.min(stripe, GiB);
  stripe -= stripe % STRIPE_LEN;
  if (stripe <= 0) return null;
  const taken = new Map<number, number>();
  for (const d of chosen) {
    d.freeBytes -= stripe * g.devStripes;
    taken.set(d.id, stripe * g.devStripes);
  }
  return { profile, logicalBytes: stripe * dStripes, stripeBytes: stripe, taken };
}

/** Devices as the allocator sees them: unallocated less the reserved first MiB. */
export function allocDevices(devices: readonly { id: number; unallocatedBytes: number }[]): AllocDevice[] {
  return devices.map((d) => ({ id: d.id, freeBytes: Math.max(0, d.unallocatedBytes - DEVICE_RESERVED_BYTES) }));
}
