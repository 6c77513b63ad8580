import { describe, expect, it } from 'vitest';
import { addProfile, allocationTypeOf, emptyProfileSet, hasMixedProfiles, profileOf } from './block-group.ts';

describe('block-group names', () => {
  it('maps btrfs-progs type names', () => {
    expect(['Data', 'Metadata', 'System', 'Data+Metadata', 'GlobalReserve', 'data'].map(allocationTypeOf)).toEqual(['data', 'metadata', 'system', 'data+metadata', null, 'data']);
  });
  it('maps btrfs-progs profile names', () => {
    expect(['RAID1', 'RAID1C3', 'single', 'DUP', 'raid10', 'RAID7', 'unknown'].map(profileOf)).toEqual(['raid1', 'raid1c3', 'single', 'dup', 'raid10', null, null]);
  });
});

describe('addProfile', () => {
  it('keeps each list unique and in contract order; data+metadata counts for both', () => {
    const set = emptyProfileSet();
    addProfile(set, 'data', 'raid1');
    addProfile(set, 'data', 'single');
    addProfile(set, 'data', 'raid1');
    addProfile(set, 'data+metadata', 'dup');
    expect(set).toEqual({ data: ['single', 'dup', 'raid1'], metadata: ['dup'], system: [] });
    expect(hasMixedProfiles(set)).toBe(true);
    expect(hasMixedProfiles({ data: ['raid1'], metadata: ['raid1'], system: ['raid1'] })).toBe(false);
  });
});
