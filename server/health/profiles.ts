/**
 * The one table of what each btrfs profile can survive (mkfs.btrfs(8) PROFILES, degraded mounts
 * per btrfs(5)), and how a pool's data/metadata/system profiles combine into one redundancy.
 */
import type { Profile, ProfileSet } from '../../contracts/api.ts';

export interface ProfileRule {
  /** Fewest devices btrfs itself accepts for the profile. */
  readonly btrfsMinDevices: number;
  /** Fewest attached members at which we still advise plain removal of a missing one (conservative). */
  readonly guidanceMinDevices: number;
  /** Members that can go missing without losing data. */
  readonly failuresTolerated: number;
  /** Whether `mount -o degraded` can work with a member missing. */
  readonly degradedMountable: boolean;
  /** raid5/raid6: parity levels btrfs does not consider production-ready. */
  readonly parity: boolean;
  /** Kernel that introduced the profile, when newer than any kernel we expect; null otherwise. */
  readonly minKernel: readonly [major: number, minor: number] | null;
}

// Why one table: every rule (beyond-redundancy, at-minimum, repair route) reads the same numbers,
// so a correction to a profile lands everywhere at once.
export const PROFILE_RULES: Readonly<Record<Profile, ProfileRule>> = {
  single: { btrfsMinDevices: 1, guidanceMinDevices: 1, failuresTolerated: 0, degradedMountable: false, parity: false, minKernel: null },
  // Two copies, but on the same device: losing the device loses both.
  dup: { btrfsMinDevices: 1, guidanceMinDevices: 1, failuresTolerated: 0, degradedMountable: false, parity: false, minKernel: null },
  // Striping without copies; a one-device raid0 is allowed but pointless, hence guidance 2.
  raid0: { btrfsMinDevices: 1, guidanceMinDevices: 2, failuresTolerated: 0, degradedMountable: false, parity: false, minKernel: null },
  raid1: { btrfsMinDevices: 2, guidanceMinDevices: 2, failuresTolerated: 1, degradedMountable: true, parity: false, minKernel: null },
  raid1c3: { btrfsMinDevices: 3, guidanceMinDevices: 3, failuresTolerated: 2, degradedMountable: true, parity: false, minKernel: [5, 5] },
  raid1c4: { btrfsMinDevices: 4, guidanceMinDevices: 4, failuresTolerated: 3, degradedMountable: true, parity: false, minKernel: [5, 5] },
  // btrfs itself accepts 2, but the recovery guidance we follow only trusts a plain removal with 4 attached.
  raid10: { btrfsMinDevices: 2, guidanceMinDevices: 4, failuresTolerated: 1, degradedMountable: true, parity: false, minKernel: null },
  raid5: { btrfsMinDevices: 2, guidanceMinDevices: 3, failuresTolerated: 1, degradedMountable: true, parity: true, minKernel: null },
  raid6: { btrfsMinDevices: 3, guidanceMinDevices: 4, failuresTolerated: 2, degradedMountable: true, parity: true, minKernel: null },
};

export const BLOCK_GROUP_TYPES = ['data', 'metadata', 'system'] as const;
export type BlockGroupType = (typeof BLOCK_GROUP_TYPES)[number];

/** Orders profiles from most to least redundant: more failures tolerated, then mirror before parity. */
function strength(p: Profile): [number, number, number] {
  const r = PROFILE_RULES[p];
  return [r.failuresTolerated, r.parity ? 0 : 1, -r.guidanceMinDevices];
}

function compareStrength(a: Profile, b: Profile): number {
  const sa = strength(a);
  const sb = strength(b);
  for (let i = 0; i < sa.length; i++) {
    const d = (sa[i] ?? 0) - (sb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/**
 * The profile a block-group type is meant to have: the most redundant one listed. A second,
 * weaker profile in the same type is almost always leftover `single` chunks from a degraded
 * write or a replace (seen in the lab: raid1 of 2 written while degraded,rw gets `single` data
 * chunks, all on the attached member). Those are reported as mixed profiles and fixed with a
 * soft convert; judging the whole pool by them would call a recoverable pool lost.
 */
export function intendedProfile(profiles: readonly Profile[]): Profile | null {
  let best: Profile | null = null;
  for (const p of profiles) if (best === null || compareStrength(p, best) > 0) best = p;
  return best;
}

/** The least redundant of the given profiles (null for an empty list). */
export function weakestProfile(profiles: readonly Profile[]): Profile | null {
  let worst: Profile | null = null;
  for (const p of profiles) if (worst === null || compareStrength(p, worst) < 0) worst = p;
  return worst;
}

export interface UnknownRedundancy {
  readonly known: false;
  /** Block-group types whose profile nobody could read. */
  readonly unknownTypes: readonly BlockGroupType[];
}

export interface KnownRedundancy {
  readonly known: true;
  /** The weakest intended profile across data/metadata/system: what the pool can survive. */
  readonly weakest: Profile;
  readonly intended: Readonly<Record<BlockGroupType, Profile>>;
  readonly failuresTolerated: number;
  readonly degradedMountable: boolean;
  /** Largest guidance minimum of any intended profile: every one must be satisfied. */
  readonly guidanceMinDevices: number;
  /** The intended profile that sets `guidanceMinDevices` (raid10 data + raid1 metadata → raid10). */
  readonly guidanceProfile: Profile;
  readonly btrfsMinDevices: number;
  /** Any intended profile is raid5/raid6. */
  readonly parity: boolean;
  /** Newest kernel any intended profile needs, or null. */
  readonly minKernel: readonly [number, number] | null;
  /** Some type lists more than one profile. */
  readonly mixed: boolean;
}

export type PoolRedundancy = UnknownRedundancy | KnownRedundancy;

/**
 * Combines the pool's profiles into one redundancy: the weakest of data, metadata and system.
 * Unknown when any type lists no profile — a missing type could be the weak one, so guessing
 * would risk promising redundancy the pool does not have.
 */
export function poolRedundancy(profiles: ProfileSet): PoolRedundancy {
  const unknownTypes = BLOCK_GROUP_TYPES.filter((t) => profiles[t].length === 0);
  const data = intendedProfile(profiles.data);
  const metadata = intendedProfile(profiles.metadata);
  const system = intendedProfile(profiles.system);
  if (data === null || metadata === null || system === null) return { known: false, unknownTypes };

  const intended = { data, metadata, system };
  const used = [data, metadata, system];
  const weakest = weakestProfile(used) ?? data;
  const rules = used.map((p) => PROFILE_RULES[p]);
  const guidanceMinDevices = Math.max(...rules.map((r) => r.guidanceMinDevices));
  const guidanceProfile = used.find((p) => PROFILE_RULES[p].guidanceMinDevices === guidanceMinDevices) ?? weakest;
  let minKernel: readonly [number, number] | null = null;
  for (const r of rules) {
    if (r.minKernel && (minKernel === null || compareVersion(r.minKernel, minKernel) > 0)) minKernel = r.minKernel;
  }
  return {
    known: true,
    weakest,
    intended,
    failuresTolerated: PROFILE_RULES[weakest].failuresTolerated,
    degradedMountable: rules.every((r) => r.degradedMountable),
    guidanceMinDevices,
    guidanceProfile,
    btrfsMinDevices: Math.max(...rules.map((r) => r.btrfsMinDevices)),
    parity: rules.some((r) => r.parity),
    minKernel,
    mixed: BLOCK_GROUP_TYPES.some((t) => new Set(profiles[t]).size > 1),
  };
}

function compareVersion(a: readonly [number, number], b: readonly [number, number]): number {
  return a[0] !== b[0] ? a[0] - b[0] : a[1] - b[1];
}

/**
 * True when `release` (`uname -r`, e.g. `6.1.0-18-amd64`) is at least `min`; null when the
 * release string has no leading major.minor we can read.
 */
export function kernelAtLeast(release: string, min: readonly [number, number]): boolean | null {
  const m = /^(\d+)\.(\d+)/.exec(release.trim());
  if (!m) return null;
  return compareVersion([Number(m[1]), Number(m[2])], min) >= 0;
}
