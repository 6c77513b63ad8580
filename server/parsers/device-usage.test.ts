import { describe, expect, it } from 'vitest';
import { parseDeviceUsage, type DeviceUsage } from './device-usage.ts';
import { corpusCases, itEachCapture, itEachCorpusCase, itRejects, labCases, readCorpus, readLab } from '../test-support/fixture-cases.ts';

const labFiles = labCases('device-usage');

const GiB = 1024 ** 3;

/** devid, path (null = missing), device size, slack, allocations by `type/profile`, unallocated. */
type Dev = [devid: number, path: string | null, size: number, slack: number, allocations: Record<string, number>, unallocated: number];

const R1 = (d: number, m: number, s: number) => ({ 'data/raid1': d, 'metadata/raid1': m, 'system/raid1': s });
const MiB = 1024 ** 2;
/** data, metadata, system, unallocated of each member of the small striped captures. */
const STRIPED_64M = [67108864, 53673984, 8388608, 407699456] as const;
const paths = (...p: (string | null)[]) => p;
/** Members with the same allocations: devids 1.. in order, a null path is the missing member (size 0). */
const same = (profile: string, [d, m, sys, unallocated]: readonly number[]) => (path: string | null, i: number): Dev =>
  [i + 1, path, path === null ? 0 : 512 * MiB, 0, { [`data/${profile}`]: d!, [`metadata/${profile}`]: m!, [`system/${profile}`]: sys! }, unallocated!];

// Written by reading each capture, not by running the parser.
const LAB_EXPECTED: Record<string, Dev[]> = {
  'device-usage__raw-raid1-3-healthy.txt': [
    [1, '/dev/loop0', GiB, 0, { 'data/raid1': 335544320 }, 738197504],
    [2, '/dev/loop1', GiB, 0, R1(496566272, 268435456, 8388608), 300351488],
    [3, '/dev/loop2', GiB, 0, R1(161021952, 268435456, 8388608), 635895808],
  ],
  // The missing member: `<missing disk>, ID: 3`, size 0, its chunks still listed.
  'device-usage__raw-raid1-3-missing-degraded.txt': [
    [1, '/dev/loop0', GiB, 0, { 'data/raid1': 335544320 }, 738197504],
    [2, '/dev/loop1', GiB, 0, R1(496566272, 268435456, 8388608), 300351488],
    [3, null, 0, 0, R1(161021952, 268435456, 8388608), 635895808],
  ],
  // Replaced by a 2GiB device without `resize max`: real size 2GiB, 1GiB slack.
  'device-usage__raw-raid1-3-replaced-larger-slack.txt': [
    [1, '/dev/loop0', GiB, 0, { 'data/raid1': 335544320, 'system/raid1': 33554432 }, 704643072],
    [2, '/dev/loop1', GiB, 0, R1(496566272, 268435456, 41943040), 266797056],
    [3, '/dev/loop4', 2 * GiB, GiB, R1(161021952, 268435456, 8388608), 635895808],
  ],
  'device-usage__raw-raid1-2-missing-degraded-written.txt': [
    [1, '/dev/loop0', GiB, 0, R1(325451776, 107347968, 8388608), 632553472],
    [2, null, 0, 0, R1(325451776, 107347968, 8388608), 632553472],
  ],
  'device-usage__raw-raid1-2-replaced-leftover-single.txt': [
    [1, '/dev/loop0', GiB, 0, { 'data/single': 234881024, 'data/raid1': 325451776, 'metadata/single': 117440512, 'metadata/raid1': 107347968, 'system/single': 33554432, 'system/raid1': 8388608 }, 246677504],
    [2, '/dev/loop4', 2 * GiB, GiB, R1(325451776, 107347968, 8388608), 632553472],
  ],
  // A running replace: the target is devid 0, with nothing allocated yet.
  'device-usage__raw-raid1-2-replace-running.txt': [
    [0, '/dev/loop3', GiB, 0, {}, GiB],
    [1, '/dev/loop0', GiB, 0, R1(564527104, 224788480, 41943040), 242483200],
    [2, '/dev/loop4', 2 * GiB, GiB, R1(564527104, 224788480, 41943040), 242483200],
  ],
  'device-usage__raw-mixed-single-raid1-data.txt': [
    [1, '/dev/loop0', GiB, 0, { 'data/single': 226492416, 'data/raid1': 218103808, 'metadata/single': 8388608, 'system/single': 4194304 }, 616562688],
    [2, '/dev/loop1', GiB, 0, { 'data/single': 436207616, 'data/raid1': 218103808 }, 419430400],
  ],
  'device-usage__raw-single-dup.txt': [[1, '/dev/loop3', GiB, 0, { 'data/single': 125829120, 'metadata/dup': 107347968, 'system/dup': 16777216 }, 823787520]],
  // Every profile form (lab/experiments/capture-profile-forms.ts): 512MiB members, 64MiB written.
  'device-usage__raw-raid0-2.txt': paths('/dev/loop0', '/dev/loop1').map(same('raid0', STRIPED_64M)),
  'device-usage__raw-raid10-4.txt': paths('/dev/loop0', '/dev/loop1', '/dev/loop5', '/dev/loop6').map(same('raid10', STRIPED_64M)),
  'device-usage__raw-raid5-3.txt': paths('/dev/loop0', '/dev/loop1', '/dev/loop5').map(same('raid5', STRIPED_64M)),
  'device-usage__raw-raid6-4.txt': paths('/dev/loop0', '/dev/loop1', '/dev/loop5', '/dev/loop6').map(same('raid6', STRIPED_64M)),
  'device-usage__raw-raid1c3-3.txt': paths('/dev/loop0', '/dev/loop1', '/dev/loop5').map(same('raid1c3', [234881024, 53673984, 8388608, 239927296])),
  'device-usage__raw-raid1c4-4.txt': paths('/dev/loop0', '/dev/loop1', '/dev/loop5', '/dev/loop6').map(same('raid1c4', [285212672, 53673984, 8388608, 189595648])),
  // Mixed block groups: one `Data+Metadata` line per member.
  'device-usage__raw-mixed-dup-1.txt': [[1, '/dev/loop0', 512 * MiB, 0, { 'data+metadata/dup': 268435456, 'system/dup': 16777216 }, 251658240]],
  'device-usage__raw-mixed-raid1-2.txt': paths('/dev/loop0', '/dev/loop1').map((path, i) => [i + 1, path, 512 * MiB, 0, { 'data+metadata/raid1': 184549376, 'system/raid1': 8388608 }, 343932928]),
  // A striped pool with devid 4 pulled: `missing, ID: 4` keeps its RAID10/4 lines.
  'device-usage__raw-raid10-4-missing-degraded.txt': paths('/dev/loop0', '/dev/loop1', '/dev/loop5', null).map(same('raid10', STRIPED_64M)),
  'device-usage__raw-raid6-4-missing-degraded.txt': [
    [1, '/dev/loop0', 512 * MiB, 0, { 'data/raid6': 301989888 }, 234881024],
    [2, '/dev/loop1', 512 * MiB, 0, { 'data/raid6': 301989888, 'metadata/raid1c3': 71565312, 'system/raid1c3': 8388608 }, 154927104],
    [3, '/dev/loop5', 512 * MiB, 0, { 'data/raid6': 301989888, 'metadata/raid1c3': 71565312, 'system/raid1c3': 8388608 }, 154927104],
    [4, null, 0, 0, { 'data/raid6': 301989888, 'metadata/raid1c3': 71565312, 'system/raid1c3': 8388608 }, 154927104],
  ],
};

/** Stripes per chunk printed after the profile (`Data,RAID10/4`); absent keys: none printed. */
const STRIPES: Record<string, Record<string, number>> = {
  'device-usage__raw-raid0-2.txt': { 'data/raid0': 2, 'metadata/raid0': 2, 'system/raid0': 2 },
  'device-usage__raw-raid10-4.txt': { 'data/raid10': 4, 'metadata/raid10': 4, 'system/raid10': 4 },
  'device-usage__raw-raid5-3.txt': { 'data/raid5': 3, 'metadata/raid5': 3, 'system/raid5': 3 },
  'device-usage__raw-raid6-4.txt': { 'data/raid6': 4, 'metadata/raid6': 4, 'system/raid6': 4 },
  'device-usage__raw-raid10-4-missing-degraded.txt': { 'data/raid10': 4, 'metadata/raid10': 4, 'system/raid10': 4 },
  'device-usage__raw-raid6-4-missing-degraded.txt': { 'data/raid6': 4 },
};

const flat = (u: DeviceUsage): Dev[] =>
  u.devices.map((d) => [d.devid, d.path, d.deviceSizeBytes, d.deviceSlackBytes ?? -1, Object.fromEntries(d.allocations.map((a) => [`${a.type}/${a.profile}`, a.bytes])), d.unallocatedBytes]);

describe('parseDeviceUsage over fixtures/lab', () => {
  itEachCapture(labFiles, LAB_EXPECTED, ({ name, text }, want) => {
    const got = parseDeviceUsage(text);
    expect(flat(got)).toEqual(want);
    expect(got.devices.map((d) => d.missing)).toEqual(want.map((d) => d[1] === null));
    expect(got.deviceRemovalInProgress).toBe(false);
    expect(got.unitsExact).toBe(true);
    for (const d of got.devices) {
      for (const a of d.allocations) expect(a.stripes, `devid ${d.devid} ${a.type}/${a.profile}`).toBe(STRIPES[name]?.[`${a.type}/${a.profile}`] ?? null);
    }
  });
});

interface RockstorSidecar {
  expected: { device_removal_in_progress: boolean };
  synthetic?: boolean;
  derived_by_research_parser: {
    devices: { path: string; devid: number; allocations: Record<string, number>; size_bytes: number; slack_bytes: number; unallocated_bytes: number }[];
  };
}

describe('parseDeviceUsage over the Rockstor corpus (fixtures/rockstor/btrfs-device-usage-b__*)', () => {
  const rockstorFiles = corpusCases<RockstorSidecar>('btrfs-device-usage-b');
  itEachCorpusCase(rockstorFiles, 3, ({ text, sidecar: side }) => {
    const got = parseDeviceUsage(text);
    expect(got.deviceRemovalInProgress).toBe(side.expected.device_removal_in_progress);
    expect(flat(got)).toEqual(
      side.derived_by_research_parser.devices.map((d) => [d.devid, d.path, d.size_bytes, d.slack_bytes, d.allocations, d.unallocated_bytes]),
    );
  });
  it('a negative Unallocated is kept negative (device remove in progress)', () => {
    const got = parseDeviceUsage(readCorpus('btrfs-device-usage-b__test_balance_status_internal_running__1.txt'));
    expect(got.devices[0]).toMatchObject({ path: '/dev/vda', devid: 4, unallocatedBytes: -1073741824 });
  });
});

describe('parseDeviceUsage variants', () => {
  it('reads `missing, ID: 3` (older kernels: empty path)', () => {
    const text = readLab('device-usage__raw-raid1-3-missing-degraded.txt').replace('<missing disk>, ID: 3', 'missing, ID: 3');
    expect(parseDeviceUsage(text).devices[2]).toMatchObject({ devid: 3, path: null, missing: true, deviceSizeBytes: 0 });
  });
  it('reads human units and flags them inexact', () => {
    const got = parseDeviceUsage('/dev/sdb, ID: 1\n   Device size:             1.00GiB\n   Device slack:              0.00B\n   Data,single:           120.00MiB\n   Unallocated:           904.00MiB\n');
    expect(got.unitsExact).toBe(false);
    expect(got.devices[0]).toMatchObject({ deviceSizeBytes: 1024 ** 3, allocations: [{ type: 'data', profile: 'single', bytes: 120 * 1024 ** 2 }] });
  });
  it('accepts blocks without `Device slack:` (older btrfs-progs) as slack unknown', () => {
    const got = parseDeviceUsage('/dev/sdb, ID: 1\n   Device size:          1073741824\n   Unallocated:          1073741824\n');
    expect(got.devices[0]!.deviceSlackBytes).toBeNull();
  });
});

describe('parseDeviceUsage rejects what it cannot read', () => {
  itRejects('device-usage', parseDeviceUsage, [
    { name: 'empty output', text: '', lineNumber: undefined, reason: /no "<path>, ID: <devid>" blocks/ },
    { name: 'a size line before any device', text: '   Device size:          1073741824\n', lineNumber: 1, reason: /before any/ },
    { name: 'an unknown line', text: '/dev/sdb, ID: 1\n   Device size:          1073741824\n   Journal:          1\n', lineNumber: 3, reason: /unknown line "Journal"/ },
    { name: 'an unknown profile', text: '/dev/sdb, ID: 1\n   Device size:          1073741824\n   Data,RAID7:          1\n   Unallocated:   0\n', lineNumber: 3, reason: /Data,RAID7/ },
    { name: 'the "unknown" btrfs-progs prints for a profile it does not know', text: '/dev/sdb, ID: 1\n   Device size:          1073741824\n   Data,unknown:          1\n   Unallocated:   0\n', lineNumber: 3, line: '   Data,unknown:          1', reason: /Data,unknown/ },
    { name: 'a stripe count on a profile that has none', text: '/dev/sdb, ID: 1\n   Device size:          1073741824\n   Data,RAID1/2:          1\n   Unallocated:   0\n', lineNumber: 3, reason: /Data,RAID1\/2/ },
    { name: 'a value that is no size', text: '/dev/sdb, ID: 1\n   Device size:          big\n', lineNumber: 2, reason: /not a size/ },
    { name: 'a line of another shape', text: '/dev/sdb, ID: 1\nDevice size 1073741824\n', lineNumber: 2, reason: /expected/ },
    { name: 'a block without Unallocated (blames its header)', text: '/dev/sdb, ID: 1\n   Device size:          1073741824\n\n/dev/sdc, ID: 2\n   Device size:          1073741824\n   Unallocated:          0\n', lineNumber: 1, reason: /devid 1 has no "Unallocated:"/ },
  ]);
});
