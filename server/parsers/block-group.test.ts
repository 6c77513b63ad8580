import { describe, expect, it } from 'vitest';
import { addProfile, allocationTypeOf, emptyProfileSet, hasMixedProfiles, profileOf, profileTokenOf } from './block-group.ts';

describe('block-group names', () => {
  it('maps btrfs-progs type names', () => {
    expect(['Data', 'Metadata', 'System', 'Data+Metadata', 'GlobalReserve', 'data'].map(allocationTypeOf)).toEqual(['data', 'metadata', 'system', 'data+metadata', null, 'data']);
  });
  it('maps btrfs-progs profile names', () => {
    expect(['RAID1', 'RAID1C3', 'single', 'DUP', 'raid10', 'RAID7', 'unknown'].map(profileOf)).toEqual(['raid1', 'raid1c3', 'single', 'dup', 'raid10', null, null]);
  });
});

describe('profileTokenOf: every form btrfs-progs prints', () => {
  it.each([
    ['single', 'single', null], ['DUP', 'dup', null], ['RAID0', 'raid0', null], ['RAID1', 'raid1', null],
    ['RAID1C3', 'raid1c3', null], ['RAID1C4', 'raid1c4', null], ['RAID10', 'raid10', null], ['RAID5', 'raid5', null], ['RAID6', 'raid6', null],
    ['RAID0/2', 'raid0', 2], ['RAID10/4', 'raid10', 4], ['RAID10/6', 'raid10', 6], ['RAID5/3', 'raid5', 3], ['RAID6/4', 'raid6', 4],
  ])('%s', (token, profile, stripes) => {
    expect(profileTokenOf(token)).toEqual({ profile, stripes });
    expect(profileOf(token)).toBe(profile);
  });
  it.each(['unknown', 'RAID7', 'RAID1/2', 'DUP/2', 'single/1', 'RAID10/0', 'RAID10/', '/4', 'RAID 10'])('rejects %s', (token) => {
    expect(profileTokenOf(token)).toBeNull();
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
