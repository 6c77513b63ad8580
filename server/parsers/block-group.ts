/**
 * Block-group types and profiles as btrfs-progs names them in text output (`Data`, `RAID1`,
 * `single`, `DUP`, `Data+Metadata`), normalised to the lowercase contract values.
 */
import { z } from 'zod';
import { PROFILES, type Profile, type ProfileSet } from '../../contracts/api.ts';

/**
 * Chunk types that hold allocations. `data+metadata` is the shared type of a filesystem made
 * with `mkfs.btrfs --mixed`; it counts as both data and metadata in a profile set.
 */
export const ALLOCATION_TYPES = ['data', 'metadata', 'system', 'data+metadata'] as const;
export const AllocationType = z.enum(ALLOCATION_TYPES);
export type AllocationType = z.infer<typeof AllocationType>;

const TYPE_NAMES: Readonly<Record<string, AllocationType>> = {
  data: 'data',
  metadata: 'metadata',
  system: 'system',
  'data+metadata': 'data+metadata',
};

/** `Data`, `Metadata`, `System`, `Data+Metadata` (any case) → the allocation type, else null. */
export function allocationTypeOf(name: string): AllocationType | null {
  return TYPE_NAMES[name.trim().toLowerCase()] ?? null;
}

/** `RAID1`, `raid1c3`, `DUP`, `single` (any case) → the contract profile, else null. */
export function profileOf(name: string): Profile | null {
  return profileTokenOf(name)?.profile ?? null;
}

export interface ProfileToken {
  profile: Profile;
  /**
   * Stripes per chunk, for the striped profiles `btrfs device usage` prints with a count:
   * `RAID0/2`, `RAID10/4`, `RAID5/3`, `RAID6/4` (btrfs-progs >= 5.x). null where none is printed.
   */
  stripes: number | null;
}

/**
 * A profile as any btrfs-progs output prints it: `RAID1`, `RAID1C3`, `RAID1C4`, `DUP`, `single`,
 * and the striped forms with their stripe count, `RAID10/4`, `RAID5/3`, `RAID6/4`, `RAID0/2`.
 * Null for anything else (e.g. the `unknown` btrfs-progs prints for a profile it does not know).
 */
export function profileTokenOf(token: string): ProfileToken | null {
  const m = /^([A-Za-z0-9]+)(?:\/(\d+))?$/.exec(token.trim());
  if (!m) return null;
  const p = m[1]!.toLowerCase();
  if (!(PROFILES as readonly string[]).includes(p)) return null;
  const stripes = m[2] === undefined ? null : Number(m[2]);
  // Only the striped profiles carry a count, and a chunk has at least one stripe.
  if (stripes !== null && (!STRIPED.has(p as Profile) || stripes < 1)) return null;
  return { profile: p as Profile, stripes };
}

const STRIPED: ReadonlySet<Profile> = new Set(['raid0', 'raid10', 'raid5', 'raid6']);

export function emptyProfileSet(): ProfileSet {
  return { data: [], metadata: [], system: [] };
}

/**
 * Adds a profile seen for an allocation type, keeping each list unique and in the contract's
 * PROFILES order (so two parsers reading the same pool give equal sets).
 */
export function addProfile(set: ProfileSet, type: AllocationType, profile: Profile): void {
  const targets: (keyof ProfileSet)[] = type === 'data+metadata' ? ['data', 'metadata'] : [type];
  for (const key of targets) {
    const list = set[key];
    if (!list.includes(profile)) {
      list.push(profile);
      list.sort((a, b) => PROFILES.indexOf(a) - PROFILES.indexOf(b));
    }
  }
}

/** More than one profile for any one type: leftover chunks from a degraded write, replace or convert. */
export function hasMixedProfiles(set: ProfileSet): boolean {
  return set.data.length > 1 || set.metadata.length > 1 || set.system.length > 1;
}
