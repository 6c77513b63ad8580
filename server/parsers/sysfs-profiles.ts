/**
 * A mounted pool's profiles without running a command: `/sys/fs/btrfs/<uuid>/allocation/<type>/`
 * has one subdirectory per profile in use (`raid1`, `single`, `dup`, …) next to files such as
 * `total_bytes` and `bytes_used`. Only names that are profiles count, so the host may pass
 * every entry name it listed.
 */
import type { ProfileSet } from '../../contracts/api.ts';
import { addProfile, emptyProfileSet, profileOf } from './block-group.ts';

export interface SysfsAllocationEntry {
  type: 'data' | 'metadata' | 'system';
  /** Names found in `/sys/fs/btrfs/<uuid>/allocation/<type>/`. */
  dirNames: readonly string[];
}

export function profilesFromSysfsAllocation(entries: readonly SysfsAllocationEntry[]): ProfileSet {
  const set = emptyProfileSet();
  for (const { type, dirNames } of entries) {
    for (const name of dirNames) {
      // Exact lowercase names only: sysfs uses raid1, never RAID1, and files like `flags` are not profiles.
      const profile = profileOf(name);
      if (profile && profile === name) addProfile(set, type, profile);
    }
  }
  return set;
}
