import { describe, expect, it } from 'vitest';
import { parseFiDf, type FiDf } from './fi-df.ts';
import { corpusCases, itEachCapture, itEachCorpusCase, itRejects, labCases, readCorpus } from '../test-support/fixture-cases.ts';

const labFiles = labCases('fi-df');
const rockstorFiles = corpusCases<{ expected: { block_group_profiles: Record<string, string>; pool_profile: string } }>('btrfs-fi-df');

const MiB = 1024 ** 2;
const KiB = 1024;
const mib = (v: number) => Math.round(v * MiB);

type Entry = [type: string, profile: string, total: number, used: number];
interface Expectation {
  exact: boolean;
  entries: Entry[];
  profiles: FiDf['profiles'];
  poolProfile: string;
}

const RAID1_ALL = { data: ['raid1'], metadata: ['raid1'], system: ['raid1'] } as FiDf['profiles'];
const RAID1_3_HEALTHY_RAW: Entry[] = [
  ['data', 'raid1', 496566272, 367001600],
  ['system', 'raid1', 8388608, 16384],
  ['metadata', 'raid1', 268435456, 540672],
  ['globalreserve', 'single', 5767168, 0],
];
const MIXED_RAW: Entry[] = [
  ['data', 'single', 662700032, 419430400],
  ['data', 'raid1', 218103808, 209715200],
  ['system', 'single', 4194304, 16384],
  ['metadata', 'single', 8388608, 770048],
  ['globalreserve', 'single', 5767168, 0],
];
const MIXED_PROFILES = { data: ['single', 'raid1'], metadata: ['single'], system: ['single'] } as FiDf['profiles'];
const RAID1_3_HUMAN: Entry[] = [
  ['data', 'raid1', mib(473.56), 350 * MiB],
  ['system', 'raid1', 8 * MiB, 16 * KiB],
  ['metadata', 'raid1', 256 * MiB, 528 * KiB],
  ['globalreserve', 'single', mib(5.5), 0],
];

/** The profile-form captures: data, system, metadata lines (64MiB data, 208KiB metadata used), then the global reserve. */
const stripedDf = (profile: string, data: number, system: number, metadata: number): Expectation => ({
  exact: true,
  entries: [['data', profile, data, 67108864], ['system', profile, system, 16384], ['metadata', profile, metadata, 212992], ['globalreserve', 'single', 5767168, 0]],
  profiles: { data: [profile], metadata: [profile], system: [profile] } as FiDf['profiles'],
  poolProfile: profile,
});

// Written by reading each capture, not by running the parser.
const LAB_EXPECTED: Record<string, Expectation> = {
  'fi-df__raw-raid1-3-healthy.txt': { exact: true, entries: RAID1_3_HEALTHY_RAW, profiles: RAID1_ALL, poolProfile: 'raid1' },
  'fi-df__json-raid1-3-healthy.txt': { exact: true, entries: RAID1_3_HEALTHY_RAW, profiles: RAID1_ALL, poolProfile: 'raid1' },
  'fi-df__raw-mixed-single-raid1-data.txt': { exact: true, entries: MIXED_RAW, profiles: MIXED_PROFILES, poolProfile: 'single' },
  'fi-df__json-mixed-single-raid1-data.txt': { exact: true, entries: MIXED_RAW, profiles: MIXED_PROFILES, poolProfile: 'single' },
  'fi-df__human-raid1-3-healthy.txt': { exact: false, entries: RAID1_3_HUMAN, profiles: RAID1_ALL, poolProfile: 'raid1' },
  'fi-df__human-raid1-3-missing-degraded.txt': { exact: false, entries: RAID1_3_HUMAN, profiles: RAID1_ALL, poolProfile: 'raid1' },
  'fi-df__human-raid1-3-replaced-larger-slack.txt': {
    exact: false,
    entries: [
      ['data', 'raid1', mib(473.56), 350 * MiB],
      ['system', 'raid1', 40 * MiB, 16 * KiB],
      ['metadata', 'raid1', 256 * MiB, 528 * KiB],
      ['globalreserve', 'single', mib(5.5), 0],
    ],
    profiles: RAID1_ALL,
    poolProfile: 'raid1',
  },
  'fi-df__human-raid1-2-replace-running.txt': {
    exact: false,
    entries: [
      ['data', 'raid1', mib(538.38), 300 * MiB],
      ['system', 'raid1', 40 * MiB, 16 * KiB],
      ['metadata', 'raid1', mib(214.38), 448 * KiB],
      ['globalreserve', 'single', mib(5.5), 16 * KiB],
    ],
    profiles: RAID1_ALL,
    poolProfile: 'raid1',
  },
  'fi-df__human-mixed-single-raid1-data.txt': {
    exact: false,
    entries: [
      ['data', 'single', 632 * MiB, 400 * MiB],
      ['data', 'raid1', 208 * MiB, 200 * MiB],
      ['system', 'single', 4 * MiB, 16 * KiB],
      ['metadata', 'single', 8 * MiB, 752 * KiB],
      ['globalreserve', 'single', mib(5.5), 0],
    ],
    profiles: MIXED_PROFILES,
    poolProfile: 'single',
  },
  // After a degraded replace the empty `single` chunks are listed BEFORE the raid1 ones, so
  // Rockstor's first-seen rule names this raid1 pool `single`: one reason poolwatch keeps every profile.
  'fi-df__human-raid1-2-replaced-leftover-single.txt': {
    exact: false,
    entries: [
      ['data', 'single', 224 * MiB, 0],
      ['data', 'raid1', mib(310.38), 300 * MiB],
      ['system', 'single', 32 * MiB, 16 * KiB],
      ['system', 'raid1', 8 * MiB, 0],
      ['metadata', 'single', 112 * MiB, 0],
      ['metadata', 'raid1', mib(102.38), 448 * KiB],
      ['globalreserve', 'single', mib(5.5), 0],
    ],
    profiles: { data: ['single', 'raid1'], metadata: ['single', 'raid1'], system: ['single', 'raid1'] },
    poolProfile: 'single',
  },
  // Every profile form (lab/experiments/capture-profile-forms.ts): 512MiB members, 64MiB written.
  'fi-df__raw-raid0-2.txt': stripedDf('raid0', 134217728, 16777216, 107347968),
  'fi-df__raw-raid10-4.txt': stripedDf('raid10', 134217728, 16777216, 107347968),
  'fi-df__raw-raid10-4-missing-degraded.txt': stripedDf('raid10', 134217728, 16777216, 107347968),
  'fi-df__raw-raid5-3.txt': stripedDf('raid5', 134217728, 16777216, 107347968),
  'fi-df__raw-raid6-4.txt': stripedDf('raid6', 134217728, 16777216, 107347968),
  'fi-df__raw-raid1c3-3.txt': stripedDf('raid1c3', 234881024, 8388608, 53673984),
  'fi-df__raw-raid1c4-4.txt': stripedDf('raid1c4', 285212672, 8388608, 53673984),
  'fi-df__raw-raid6-4-missing-degraded.txt': {
    exact: true,
    entries: [['data', 'raid6', 603979776, 67108864], ['system', 'raid1c3', 8388608, 16384], ['metadata', 'raid1c3', 71565312, 212992], ['globalreserve', 'single', 5767168, 0]],
    profiles: { data: ['raid6'], metadata: ['raid1c3'], system: ['raid1c3'] },
    poolProfile: 'raid6-1c3',
  },
  // Mixed block groups: `Data+Metadata` counts as data and as metadata.
  'fi-df__raw-mixed-dup-1.txt': {
    exact: true,
    entries: [['system', 'dup', 8388608, 4096], ['data+metadata', 'dup', 134217728, 67219456], ['globalreserve', 'single', 1441792, 0]],
    profiles: { data: ['dup'], metadata: ['dup'], system: ['dup'] },
    poolProfile: 'dup',
  },
  'fi-df__raw-mixed-raid1-2.txt': {
    exact: true,
    entries: [['system', 'raid1', 8388608, 4096], ['data+metadata', 'raid1', 184549376, 67219456], ['globalreserve', 'single', 1441792, 0]],
    profiles: { data: ['raid1'], metadata: ['raid1'], system: ['raid1'] },
    poolProfile: 'raid1',
  },
  'fi-df__human-single-dup.txt': {
    exact: false,
    entries: [
      ['data', 'single', 120 * MiB, 100 * MiB],
      ['system', 'dup', 8 * MiB, 16 * KiB],
      ['metadata', 'dup', mib(51.19), 240 * KiB],
      ['globalreserve', 'single', mib(5.5), 0],
    ],
    profiles: { data: ['single'], metadata: ['dup'], system: ['dup'] },
    poolProfile: 'single-dup',
  },
};

describe('parseFiDf over fixtures/lab', () => {
  itEachCapture(labFiles, LAB_EXPECTED, ({ text }, want) => {
    const got = parseFiDf(text);
    expect(got.unitsExact).toBe(want.exact);
    expect(got.entries.map((e) => [e.type, e.profile, e.totalBytes, e.usedBytes])).toEqual(want.entries);
    expect(got.profiles).toEqual(want.profiles);
    expect(got.mixedProfiles).toBe(Object.values(want.profiles).some((l) => l.length > 1));
    expect(got.rockstorPoolProfile).toBe(want.poolProfile);
  });
});

describe('parseFiDf over the Rockstor corpus (fixtures/rockstor/btrfs-fi-df__*)', () => {
  itEachCorpusCase(rockstorFiles, 11, ({ text, sidecar: side }) => {
    const got = parseFiDf(text);
    expect(got.rockstorBlockGroupProfiles).toEqual(side.expected.block_group_profiles);
    expect(got.rockstorPoolProfile).toBe(side.expected.pool_profile);
    // poolwatch's own view keeps every profile, the first-seen one among them.
    for (const type of ['data', 'metadata', 'system'] as const) {
      expect(got.profiles[type]).toContain(side.expected.block_group_profiles[type]);
    }
    expect(got.unitsExact).toBe(false);
  });

  it('keeps the stray profiles Rockstor drops (corpus 8: Data single after RAID1; 9: Metadata/System single after DUP)', () => {
    const eight = parseFiDf(readCorpus('btrfs-fi-df__test_get_pool_raid_levels_identification__8.txt'));
    expect(eight.profiles.data).toEqual(['single', 'raid1']);
    expect(eight.mixedProfiles).toBe(true);
    const nine = parseFiDf(readCorpus('btrfs-fi-df__test_get_pool_raid_levels_identification__9.txt'));
    expect(nine.profiles).toEqual({ data: ['single'], metadata: ['single', 'dup'], system: ['single', 'dup'] });
  });
});

describe('parseFiDf variants', () => {
  it('reads a mixed block-group filesystem (mkfs --mixed: Data+Metadata) as both data and metadata', () => {
    const got = parseFiDf('System, single: total=4.00MiB, used=4.00KiB\nData+Metadata, single: total=8.00MiB, used=28.00KiB\nGlobalReserve, single: total=1.00MiB, used=0.00B\n');
    expect(got.entries[1]).toMatchObject({ type: 'data+metadata', profile: 'single' });
    expect(got.profiles).toEqual({ data: ['single'], metadata: ['single'], system: ['single'] });
    expect(got.rockstorPoolProfile).toBe('single');
  });
  it('reads --si units', () => {
    expect(parseFiDf('Data, single: total=1.07GB, used=0.00B\n').entries[0]!.totalBytes).toBe(1_070_000_000);
  });
});

describe('parseFiDf rejects what it cannot read', () => {
  itRejects('fi-df', parseFiDf, [
    { name: 'empty output', text: '', lineNumber: undefined, reason: /no block-group lines/ },
    { name: 'a line of another shape', text: 'Data, RAID1: total=1.00GiB, used=0.00B\nOverall:\n', lineNumber: 2, reason: /expected/ },
    { name: 'an unknown profile', text: 'Data, RAID1: total=1.00GiB, used=0.00B\nMetadata, RAID7: total=1.00GiB, used=0.00B\n', lineNumber: 2, reason: /unknown profile "RAID7"/ },
    { name: 'an unknown type', text: 'Journal, single: total=1.00GiB, used=0.00B\n', lineNumber: 1, reason: /unknown block-group type/ },
    { name: 'a size without a known unit', text: 'Data, single: total=1.00QiB, used=0.00B\n', lineNumber: 1, reason: /not a size/ },
    { name: 'JSON that is not a filesystem-df report', text: '{\n  "__header": {"version": "1"},\n  "device-stats": []\n}\n', lineNumber: 1, reason: /filesystem-df/ },
    {
      name: 'JSON with an unknown profile (blames that entry)',
      text: '{\n "filesystem-df": [\n  {"bg-type": "Data", "bg-profile": "RAID1", "total": "1", "used": "0"},\n  {"bg-type": "Data", "bg-profile": "RAID9", "total": "1", "used": "0"}\n ]\n}\n',
      lineNumber: 4,
      reason: /RAID9/,
    },
    {
      name: 'JSON with a number that is no number (blames that entry)',
      text: '{\n "filesystem-df": [\n  {"bg-type": "Data", "bg-profile": "RAID1", "total": "1", "used": "0"},\n  {"bg-type": "Data", "bg-profile": "single", "total": "1.5GiB", "used": "0"}\n ]\n}\n',
      lineNumber: 4,
      reason: /total/,
    },
    { name: 'truncated JSON', text: '{\n "filesystem-df": [\n  {"bg-type": "Data"', lineNumber: 3, reason: /invalid JSON/ },
  ]);
});
