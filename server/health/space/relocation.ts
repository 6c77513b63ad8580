/**
 * Relocation, the way `btrfs device remove` and `btrfs balance` move chunks: one block group at a
 * time, its data written into free space elsewhere or into new chunks the allocator creates.
 *
 * The model is deliberately pessimistic where the lab showed btrfs failing:
 * - the relocated chunks are assumed as full as the type's used bytes allow;
 * - new chunks are sized as the kernel sizes them (up to 10 % of the writable space, limited by
 *   the device with the least room among those chosen), so one data relocation can swallow the
 *   last unallocated space of a member;
 * - space freed by a relocated chunk comes back only after `freeLag` further block groups (btrfs
 *   frees a device extent when the transaction that removed its chunk commits; the lab showed it
 *   usable one block group later), and on the device where it helps least.
 * Metadata also needs room for its reservations (the global reserve and what relocation reserves
 * on top) in block groups that are not being relocated.
 */
import type { Profile } from '../../../contracts/api.ts';
import { allocateChunk, chunkLimits, dataStripes, type AllocDevice, type ChunkType } from './allocator.ts';

export interface RelocationPlan {
  type: ChunkType;
  /** Profile of the new chunks. */
  toProfile: Profile;
  /** Logical bytes of chunks of this type that move (all of them for a full balance). */
  relocatedBytes: number;
  /** Logical bytes of chunks of this type that stay where they are (their free space is usable). */
  stayingBytes: number;
  usedBytes: number;
  /** Stripes on the remaining devices that the moved chunks free, by device id, once all have moved (totals). */
  frees: Map<number, number>;
  /** Typical logical size of one moved chunk (the unit of the simulation). */
  chunkBytes: number;
}

export interface RelocationResult {
  ok: boolean;
  /** The type whose chunk could not be allocated. */
  failedType: ChunkType | null;
  /** Block groups already moved when it failed: after data moved, a metadata failure aborts a transaction. */
  movedBefore: number;
  /** Logical bytes of new chunks per type. */
  newBytes: Record<ChunkType, number>;
}

export interface RelocationOptions {
  devices: AllocDevice[];
  totalRwBytes: number;
  /** Metadata reservations that must fit in writable metadata block groups while metadata moves. */
  metadataReserveBytes: number;
  /** Block groups after which freed stripes become usable; Infinity: not before the end. */
  freeLag: number;
}

/** Runs the plans in order (callers pass data, then metadata, then system: the kernel's usual order). */
export function simulateRelocation(plans: readonly RelocationPlan[], opts: RelocationOptions): RelocationResult {
  const devices = opts.devices.map((d) => ({ ...d }));
  const newBytes: Record<ChunkType, number> = { data: 0, metadata: 0, system: 0 };
  const pending: Map<number, number>[] = [];
  let moved = 0;
  const release = () => {
    while (pending.length > opts.freeLag) {
      const frees = pending.shift()!;
      for (const d of devices) d.freeBytes += frees.get(d.id) ?? 0;
    }
  };
  for (const plan of plans) {
    if (plan.relocatedBytes <= 0) continue;
    let remaining = plan.relocatedBytes;
    let usedInMoved = Math.min(plan.usedBytes, plan.relocatedBytes);
    // Free space in chunks that stay (worst case: the used bytes fill the moved chunks first).
    let spare = Math.max(0, plan.stayingBytes - (plan.usedBytes - usedInMoved));
    const reserve = plan.type === 'metadata' ? opts.metadataReserveBytes : 0;
    const unit = Math.max(1, plan.chunkBytes);
    const freesLeft = new Map(plan.frees);
    while (remaining > 0) {
      const length = Math.min(unit, remaining);
      const data = (usedInMoved * length) / remaining;
      remaining -= length;
      usedInMoved -= data;
      // Chunks not moved yet are writable too: data may land there (and move again later).
      const unmovedSpare = remaining - usedInMoved;
      while (spare + unmovedSpare < data + reserve) {
        const chunk = allocateChunk(devices, plan.type, plan.toProfile, opts.totalRwBytes);
        if (!chunk) return { ok: false, failedType: plan.type, movedBefore: moved, newBytes };
        spare += chunk.logicalBytes;
        newBytes[plan.type] += chunk.logicalBytes;
      }
      const intoSpare = Math.min(spare, data);
      spare -= intoSpare;
      usedInMoved += data - intoSpare;
      pending.push(freesOfUnit(plan, freesLeft, devices, length));
      moved++;
      release();
    }
  }
  return { ok: true, failedType: null, movedBefore: moved, newBytes };
}

/**
 * The stripes one moved block group frees on the devices that stay. Which device they sit on is
 * not known from `fi usage`; pessimistically they go first to the devices that already have the
 * most room (where they help least), up to what each device holds of the moved chunks in total.
 */
function freesOfUnit(plan: RelocationPlan, left: Map<number, number>, devices: readonly AllocDevice[], length: number): Map<number, number> {
  const totalFrees = [...plan.frees.values()].reduce((s, b) => s + b, 0);
  let toFree = Math.floor((totalFrees * length) / plan.relocatedBytes);
  const out = new Map<number, number>();
  const order = [...devices].sort((a, b) => b.freeBytes - a.freeBytes || a.id - b.id);
  for (const d of order) {
    if (toFree <= 0) break;
    const take = Math.min(toFree, left.get(d.id) ?? 0);
    if (take <= 0) continue;
    out.set(d.id, take);
    left.set(d.id, (left.get(d.id) ?? 0) - take);
    toFree -= take;
  }
  return out;
}

/** The unit of the simulation: a chunk as large as the pool's size allowed (the kernel's limit). */
export function typicalChunkBytes(type: ChunkType, profile: Profile, totalRwBytes: number, stripes: number): number {
  const { maxChunkBytes, maxStripeBytes } = chunkLimits(type, totalRwBytes);
  return Math.max(1, Math.min(maxChunkBytes, maxStripeBytes * dataStripes(profile, stripes)));
}
