import { describe, expect, it } from 'vitest';
import { PROFILES, type Profile } from '../../contracts/api.ts';
import { intendedProfile, kernelAtLeast, poolRedundancy, PROFILE_RULES, weakestProfile } from './profiles.ts';
import { profilesOf } from '../test-support/pools.ts';

// The btrfs profiles table (mkfs.btrfs(8) PROFILES; degraded mounts per btrfs(5)), copied here independently of the implementation's table.
const DOMAIN_TABLE: Record<Profile, [btrfsMin: number, guidanceMin: number, tolerated: number, degradedMountable: boolean, parity: boolean]> = {
  single: [1, 1, 0, false, false],
  dup: [1, 1, 0, false, false],
  raid0: [1, 2, 0, false, false],
  raid1: [2, 2, 1, true, false],
  raid1c3: [3, 3, 2, true, false],
  raid1c4: [4, 4, 3, true, false],
  raid10: [2, 4, 1, true, false],
  raid5: [2, 3, 1, true, true],
  raid6: [3, 4, 2, true, true],
};

describe('PROFILE_RULES', () => {
  it.each(PROFILES)('%s matches the domain table', (p) => {
    const r = PROFILE_RULES[p];
    expect([r.btrfsMinDevices, r.guidanceMinDevices, r.failuresTolerated, r.degradedMountable, r.parity]).toEqual(DOMAIN_TABLE[p]);
  });

  it('marks raid1c3/raid1c4 as needing kernel 5.5', () => {
    expect(PROFILE_RULES.raid1c3.minKernel).toEqual([5, 5]);
    expect(PROFILE_RULES.raid1c4.minKernel).toEqual([5, 5]);
    expect(PROFILE_RULES.raid1.minKernel).toBeNull();
  });
});

describe('weakestProfile / intendedProfile', () => {
  it('orders by failures tolerated, parity below mirrors on a tie', () => {
    expect(weakestProfile(['raid1', 'single'])).toBe('single');
    expect(weakestProfile(['raid6', 'raid1c3'])).toBe('raid6');
    expect(weakestProfile(['raid1', 'raid5'])).toBe('raid5');
    expect(weakestProfile(['raid10', 'raid1'])).toBe('raid10');
    expect(weakestProfile([])).toBeNull();
  });

  it('takes the most redundant profile of a mixed type as the intended one', () => {
    expect(intendedProfile(['single', 'raid1'])).toBe('raid1');
    expect(intendedProfile(['raid1', 'single'])).toBe('raid1');
    expect(intendedProfile([])).toBeNull();
  });
});

describe('poolRedundancy', () => {
  it('is the weakest of data, metadata and system', () => {
    const r = poolRedundancy(profilesOf('raid0', 'raid1'));
    expect(r).toMatchObject({ known: true, weakest: 'raid0', failuresTolerated: 0, degradedMountable: false });
  });

  it('takes the largest guidance minimum and names the profile that sets it', () => {
    const r = poolRedundancy(profilesOf('raid10', 'raid1'));
    expect(r).toMatchObject({ known: true, guidanceMinDevices: 4, guidanceProfile: 'raid10', failuresTolerated: 1 });
  });

  it('flags parity when any type is raid5/raid6', () => {
    expect(poolRedundancy(profilesOf('raid5', 'raid1'))).toMatchObject({ parity: true, weakest: 'raid5' });
    expect(poolRedundancy(profilesOf('raid1c3', 'raid6'))).toMatchObject({ parity: true, weakest: 'raid6', failuresTolerated: 2 });
  });

  it('judges a mixed type by its intended profile and reports the mix (lab: raid1 of 2 written degraded gets single data)', () => {
    const r = poolRedundancy(profilesOf(['raid1', 'single'], 'raid1'));
    expect(r).toMatchObject({ known: true, weakest: 'raid1', failuresTolerated: 1, mixed: true });
  });

  it('is unknown when any type has no profile, naming the types', () => {
    expect(poolRedundancy({ data: [], metadata: [], system: [] })).toEqual({ known: false, unknownTypes: ['data', 'metadata', 'system'] });
    expect(poolRedundancy({ data: ['raid1'], metadata: ['raid1'], system: [] })).toEqual({ known: false, unknownTypes: ['system'] });
  });

  it('carries the newest kernel requirement', () => {
    expect(poolRedundancy(profilesOf('raid1', 'raid1c3'))).toMatchObject({ minKernel: [5, 5] });
    expect(poolRedundancy(profilesOf('raid1'))).toMatchObject({ minKernel: null });
  });
});

describe('kernelAtLeast', () => {
  it.each([
    ['6.1.0-18-amd64', true],
    ['5.5.0', true],
    ['5.4.0-150-generic', false],
    ['4.19.0', false],
    ['6.18.44-fc-v657', true],
    ['weird', null],
  ] as const)('%s ≥ 5.5 → %s', (release, expected) => {
    expect(kernelAtLeast(release, [5, 5])).toBe(expected);
  });
});
