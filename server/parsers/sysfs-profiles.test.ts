import { describe, expect, it } from 'vitest';
import type { ProfileSet } from '../../contracts/api.ts';
import { profilesFromSysfsAllocation, type SysfsAllocationEntry } from './sysfs-profiles.ts';
import { parseFiUsage } from './fi-usage.ts';
import { expectEveryCaptureCovered, labCases, readLab } from '../test-support/fixture-cases.ts';

/** `sysfs-allocation__*.json`: every entry of allocation/<type>/ with whether it is a directory. */
interface Listing {
  allocation: { type: SysfsAllocationEntry['type']; entries: { name: string; dir: boolean }[] }[];
}
const listings = labCases('sysfs-allocation', '.json');
/** `sysfs-allocation-profiles__*.txt` (lab suite): `data: raid1 single` — the profile dirs per type. */
const dirLines = labCases('sysfs-allocation-profiles');

// Written from how each pool was made (see the .meta.json), not by running the helper.
const EXPECTED: Record<string, { profiles: ProfileSet; sameAs: string }> = {
  'sysfs-allocation__mixed-single-raid1-data.json': {
    profiles: { data: ['single', 'raid1'], metadata: ['single'], system: ['single'] },
    sameAs: 'fi-usage__raw-mixed-single-raid1-data.txt',
  },
  'sysfs-allocation__single-dup.json': {
    profiles: { data: ['single'], metadata: ['dup'], system: ['dup'] },
    sameAs: 'fi-usage__raw-single-dup.txt',
  },
  'sysfs-allocation-profiles__raid1-2-degraded-rw-after-writes.txt': {
    profiles: { data: ['single', 'raid1'], metadata: ['raid1'], system: ['raid1'] },
    sameAs: 'fi-usage__human-raid1-2-degraded-rw-after-writes.txt',
  },
};

describe('profilesFromSysfsAllocation over fixtures/lab', () => {
  it('has an expectation for every capture', () => {
    expectEveryCaptureCovered([...listings, ...dirLines], EXPECTED);
  });
  for (const { name: file, text } of listings) {
    const want = EXPECTED[file];
    if (!want) continue;
    const listing = JSON.parse(text) as Listing;
    it(`${file}: from the directory names`, () => {
      const entries = listing.allocation.map((a) => ({ type: a.type, dirNames: a.entries.filter((e) => e.dir).map((e) => e.name) }));
      expect(profilesFromSysfsAllocation(entries)).toEqual(want.profiles);
    });
    it(`${file}: from every entry name (files like total_bytes do not count)`, () => {
      const entries = listing.allocation.map((a) => ({ type: a.type, dirNames: a.entries.map((e) => e.name) }));
      expect(entries.flatMap((e) => e.dirNames)).toContain('total_bytes');
      expect(profilesFromSysfsAllocation(entries)).toEqual(want.profiles);
    });
    it(`${file}: agrees with ${want.sameAs}`, () => {
      expect(want.profiles).toEqual(parseFiUsage(readLab(want.sameAs)).profiles);
    });
  }
  for (const { name: file, text } of dirLines) {
    const want = EXPECTED[file];
    if (!want) continue;
    it(`${file}: from the directory names`, () => {
      const entries = text
        .split('\n')
        .filter((l) => l.trim() !== '')
        .map((l) => {
          const [type, names] = l.split(':');
          return { type: type!.trim() as SysfsAllocationEntry['type'], dirNames: (names ?? '').trim().split(/\s+/) };
        });
      expect(profilesFromSysfsAllocation(entries)).toEqual(want.profiles);
      expect(want.profiles).toEqual(parseFiUsage(readLab(want.sameAs)).profiles);
    });
  }
});

describe('profilesFromSysfsAllocation', () => {
  it('ignores names that are not lowercase profile names', () => {
    const got = profilesFromSysfsAllocation([
      { type: 'data', dirNames: ['raid1', 'RAID1', 'flags', 'bytes_used', 'chunk_size', 'raid1c3', 'raid7', ''] },
      { type: 'metadata', dirNames: ['dup', 'dup'] },
      { type: 'system', dirNames: [] },
    ]);
    expect(got).toEqual({ data: ['raid1', 'raid1c3'], metadata: ['dup'], system: [] });
  });
  it('merges repeated types and orders profiles as the contract lists them', () => {
    const got = profilesFromSysfsAllocation([
      { type: 'data', dirNames: ['raid6'] },
      { type: 'data', dirNames: ['single', 'raid10'] },
    ]);
    expect(got.data).toEqual(['single', 'raid10', 'raid6']);
  });
  it('gives empty lists for no entries (an unmounted pool has no sysfs directory)', () => {
    expect(profilesFromSysfsAllocation([])).toEqual({ data: [], metadata: [], system: [] });
  });
});
