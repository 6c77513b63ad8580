import { describe, expect, it } from 'vitest';
import { type FiShowPool, parseFiShow } from './fi-show.ts';
import { corpusCases, expectParseError, itEachCapture, itEachCorpusCase, itRejects, labCases } from '../test-support/fixture-cases.ts';

interface ExpectedDevice {
  devid: number;
  size_bytes: number;
  used_bytes: number;
  path: string | null;
  missing: boolean;
}
interface ExpectedPool {
  label: string | null;
  uuid: string;
  total_devices: number;
  fs_bytes_used: number;
  devices: ExpectedDevice[];
  some_devices_missing_marker: boolean;
  preceding_missing_warnings: number[];
  present_device_count: number;
  missing_device_count: number;
  degraded: boolean;
}
interface Sidecar {
  expected: { pools: ExpectedPool[]; degraded_pool_count?: number; missing_device_count?: number };
}

const corpus = corpusCases<Sidecar>('btrfs-fi-show-raw', 'btrfs-fi-show-raw-label');

/** Our camelCase pool in the corpus' snake_case vocabulary. */
function asCorpusPool(p: FiShowPool): ExpectedPool {
  const present = p.devices.filter((d) => !d.missing).length;
  return {
    label: p.label,
    uuid: p.uuid,
    total_devices: p.totalDevices,
    fs_bytes_used: p.fsBytesUsed,
    devices: p.devices.map((d) => ({ devid: d.devid, size_bytes: d.sizeBytes, used_bytes: d.usedBytes, path: d.path, missing: d.missing })),
    some_devices_missing_marker: p.someDevicesMissing,
    preceding_missing_warnings: p.missingWarnings,
    present_device_count: present,
    missing_device_count: p.missingCount,
    degraded: p.missingCount > 0,
  };
}

describe('parseFiShow: Rockstor corpus', () => {
  itEachCorpusCase(corpus, 20, ({ text, sidecar }) => {
    const expected = sidecar.expected;
    const { pools } = parseFiShow(text);
    expect(pools.map(asCorpusPool)).toEqual(expected.pools);
    // The values Rockstor's own tests assert.
    if (expected.degraded_pool_count !== undefined) {
      expect(pools.filter((p) => p.missingCount > 0)).toHaveLength(expected.degraded_pool_count);
    }
    if (expected.missing_device_count !== undefined) {
      expect(pools).toHaveLength(1);
      expect(pools[0]?.missingCount).toBe(expected.missing_device_count);
    }
    const humanUnits = /\d(?:KiB|MiB|GiB|TiB)\b/.test(text);
    for (const p of pools) expect(p.unitsExact).toBe(!humanUnits);
    // Every missing devid we name is one btrfs called missing, and never more than are missing.
    for (const p of pools) expect(p.missingDevids.length).toBeLessThanOrEqual(p.missingCount);
  });

  it('attributes warnings to the next pool but names a warned devid only where members are lacking', () => {
    const byName = (suffix: string) => corpus.find((c) => c.name === suffix)!.text;
    // `warning, device 2 is missing` precedes the healthy single-device rock-pool-3.
    const quirky = parseFiShow(byName('btrfs-fi-show-raw__test_degraded_pools_found__8.txt')).pools;
    expect(quirky.find((p) => p.label === 'rock-pool-3')).toMatchObject({ missingWarnings: [2], missingCount: 0, missingDevids: [] });
    // Glued `… path /dev/vde\t*** Some devices missing`: the path stays clean, the marker counts.
    expect(quirky.find((p) => p.label === 'rock-pool')).toMatchObject({
      devices: [{ devid: 2, path: '/dev/vde', missing: false }],
      someDevicesMissing: true,
      missingCount: 1,
    });
    // Warnings 1, 2, 2 before a pool that lists devid 2 itself: only devid 1 is its missing one.
    const seven = parseFiShow(byName('btrfs-fi-show-raw__test_degraded_pools_found__7.txt')).pools;
    expect(seven.find((p) => p.label === 'rock-pool')).toMatchObject({ missingWarnings: [1, 2], missingDevids: [1] });
    // MISSING lines with and without a remembered path.
    const four = parseFiShow(byName('btrfs-fi-show-raw-label__test_pool_missing_dev_count__4.txt')).pools[0];
    expect(four?.missingDevids).toEqual([7, 8]);
    const ten = parseFiShow(byName('btrfs-fi-show-raw__test_degraded_pools_found__10.txt')).pools[1];
    expect(ten?.devices[0]).toEqual({ devid: 1, sizeBytes: 0, usedBytes: 0, path: null, missing: true });
    expect(ten?.missingDevids).toEqual([1]);
  });
});

const LOOP5 = { devid: 1, path: '/dev/loop5', missing: false };
const LOOP6 = { devid: 2, path: '/dev/loop6', missing: false };
const POOL_A = { label: "it's a pool", uuid: 'cd9fbaa7-53d5-4e2b-8bbc-215f2af48450', totalDevices: 3 };
const POOL_B = { label: null, uuid: 'c7668e64-400d-41d5-bb8f-1d921dc5e03b', totalDevices: 2 };
const GIB = 1073741824;
const HEALTHY = { someDevicesMissing: false, missingWarnings: [], missingCount: 0, missingDevids: [] };
const MISSING_3 = { devid: 3, sizeBytes: 0, usedBytes: 0, path: null, missing: true };

/** Hand-read from each lab capture (fixtures/lab/fi-show__*.txt). */
const LAB_EXPECTED: Record<string, FiShowPool[]> = {
  'fi-show__raw-healthy-raid1-label-with-quote.txt': [
    {
      ...POOL_A, fsBytesUsed: 29556736, unitsExact: true, ...HEALTHY,
      devices: [
        { ...LOOP5, sizeBytes: 536870912, usedBytes: 167772160 },
        { ...LOOP6, sizeBytes: 536870912, usedBytes: 337117184 },
        { devid: 3, path: '/dev/loop7', missing: false, sizeBytes: 536870912, usedBytes: 169345024 },
      ],
    },
  ],
  'fi-show__human-healthy-raid1-label-with-quote.txt': [
    {
      // 28.19MiB, 160.00MiB, 321.50MiB, 161.50MiB: rounded by btrfs, rounded back here.
      ...POOL_A, fsBytesUsed: 29559357, unitsExact: false, ...HEALTHY,
      devices: [
        { ...LOOP5, sizeBytes: 536870912, usedBytes: 167772160 },
        { ...LOOP6, sizeBytes: 536870912, usedBytes: 337117184 },
        { devid: 3, path: '/dev/loop7', missing: false, sizeBytes: 536870912, usedBytes: 169345024 },
      ],
    },
  ],
  'fi-show__raw-unmounted-missing-devid3.txt': [
    {
      ...POOL_A, fsBytesUsed: 29556736, unitsExact: true,
      someDevicesMissing: true, missingWarnings: [3], missingCount: 1, missingDevids: [3],
      devices: [
        { ...LOOP5, sizeBytes: 536870912, usedBytes: 201326592 },
        { ...LOOP6, sizeBytes: 536870912, usedBytes: 337117184 },
      ],
    },
  ],
  'fi-show__human-unmounted-missing-devid3.txt': [
    {
      ...POOL_A, fsBytesUsed: 29559357, unitsExact: false,
      someDevicesMissing: true, missingWarnings: [3], missingCount: 1, missingDevids: [3],
      devices: [
        { ...LOOP5, sizeBytes: 536870912, usedBytes: 201326592 },
        { ...LOOP6, sizeBytes: 536870912, usedBytes: 337117184 },
      ],
    },
  ],
  'fi-show__raw-mounted-degraded-missing-devid3.txt': [
    {
      ...POOL_A, fsBytesUsed: 29556736, unitsExact: true,
      someDevicesMissing: false, missingWarnings: [], missingCount: 1, missingDevids: [3],
      devices: [{ ...LOOP5, sizeBytes: 536870912, usedBytes: 201326592 }, { ...LOOP6, sizeBytes: 536870912, usedBytes: 337117184 }, MISSING_3],
    },
  ],
  'fi-show__human-mounted-degraded-missing-devid3.txt': [
    {
      ...POOL_A, fsBytesUsed: 29559357, unitsExact: false,
      someDevicesMissing: false, missingWarnings: [], missingCount: 1, missingDevids: [3],
      devices: [{ ...LOOP5, sizeBytes: 536870912, usedBytes: 201326592 }, { ...LOOP6, sizeBytes: 536870912, usedBytes: 337117184 }, MISSING_3],
    },
  ],
  'fi-show__raw-label-none.txt': [
    {
      ...POOL_B, fsBytesUsed: 210075648, unitsExact: true, ...HEALTHY,
      devices: [
        { devid: 1, path: '/dev/loop21', missing: false, sizeBytes: GIB, usedBytes: 441188352 },
        { devid: 2, path: '/dev/loop22', missing: false, sizeBytes: GIB, usedBytes: 441188352 },
      ],
    },
  ],
  'fi-show__raw-replace-running.txt': [
    {
      // The replace target is devid 0 and counts in Total devices.
      ...POOL_B, totalDevices: 3, fsBytesUsed: 210092032, unitsExact: true, ...HEALTHY,
      devices: [
        { devid: 0, path: '/dev/loop23', missing: false, sizeBytes: GIB, usedBytes: 441188352 },
        { devid: 1, path: '/dev/loop21', missing: false, sizeBytes: GIB, usedBytes: 474742784 },
        { devid: 2, path: '/dev/loop22', missing: false, sizeBytes: GIB, usedBytes: 474742784 },
      ],
    },
  ],
  'fi-show__raw-after-replace-cancel.txt': [
    {
      ...POOL_B, fsBytesUsed: 210075648, unitsExact: true, ...HEALTHY,
      devices: [
        { devid: 1, path: '/dev/loop21', missing: false, sizeBytes: GIB, usedBytes: 367394816 },
        { devid: 2, path: '/dev/loop22', missing: false, sizeBytes: GIB, usedBytes: 367394816 },
      ],
    },
  ],
  'fi-show__raw-after-replace-finished.txt': [
    {
      ...POOL_B, fsBytesUsed: 210075648, unitsExact: true, ...HEALTHY,
      devices: [
        { devid: 1, path: '/dev/loop21', missing: false, sizeBytes: GIB, usedBytes: 367394816 },
        { devid: 2, path: '/dev/loop23', missing: false, sizeBytes: GIB, usedBytes: 367394816 },
      ],
    },
  ],
};

describe('parseFiShow: lab captures (btrfs-progs 6.2)', () => {
  itEachCapture(labCases('fi-show'), LAB_EXPECTED, ({ text }, want) => {
    expect(parseFiShow(text).pools).toEqual(want);
  });
});

const HEALTHY_BLOCK = [
  "Label: 'data'  uuid: 0b3d6f5e-1111-4222-8333-944455556666",
  '\tTotal devices 1 FS bytes used 1000',
  '\tdevid    1 size 2000 used 1500 path /dev/sda',
  '',
];

describe('parseFiShow: forms', () => {
  it('reads no output as no pools (btrfs-progs prints nothing, exit 0, when it finds none)', () => {
    expect(parseFiShow('')).toEqual({ pools: [] });
    expect(parseFiShow('\n\n')).toEqual({ pools: [] });
  });

  it('skips the version trailer of old progs and stderr noise merged into stdout', () => {
    const text = ['ERROR: cannot scan /dev/loop9: No such file or directory', ...HEALTHY_BLOCK, 'btrfs-progs v4.4', 'Btrfs v3.12', ''].join('\n');
    expect(parseFiShow(text).pools).toHaveLength(1);
  });

  it('reads labels with spaces and quotes, and `none` as no label', () => {
    const quoted = parseFiShow(["Label: 'my 'odd' label'  uuid: 0b3d6f5e-1111-4222-8333-944455556666", ...HEALTHY_BLOCK.slice(1)].join('\n'));
    expect(quoted.pools[0]?.label).toBe("my 'odd' label");
    const literalNone = parseFiShow(["Label: 'none'  uuid: 0b3d6f5e-1111-4222-8333-944455556666", ...HEALTHY_BLOCK.slice(1)].join('\n'));
    expect(literalNone.pools[0]?.label).toBe('none');
  });

  it('drops warnings that no pool follows', () => {
    expect(parseFiShow([...HEALTHY_BLOCK, 'warning, device 4 is missing', ''].join('\n')).pools[0]?.missingWarnings).toEqual([]);
  });

  it('converts human units, IEC and SI (and flags them inexact)', () => {
    const human = ["Label: 'data'  uuid: 0b3d6f5e-1111-4222-8333-944455556666", '\tTotal devices 2 FS bytes used 1.00MB', '\tdevid    1 size 1.50GiB used 320.00KiB path /dev/sda', '\tdevid    2 size 4096 used 0.00B path /dev/sdb'];
    expect(parseFiShow(human.join('\n')).pools[0]).toMatchObject({
      fsBytesUsed: 1000000,
      unitsExact: false,
      devices: [
        { devid: 1, sizeBytes: 1610612736, usedBytes: 327680 },
        { devid: 2, sizeBytes: 4096, usedBytes: 0 },
      ],
    });
  });
});

describe('parseFiShow: bad input', () => {
  itRejects('fi-show', parseFiShow, [
    { name: 'rejects garbage, naming the line', text: 'hello world\n', lineNumber: 1, line: 'hello world' },
    { name: 'rejects output truncated after the Label line', text: HEALTHY_BLOCK[0]!, lineNumber: 1, line: HEALTHY_BLOCK[0], reason: /Total devices/ },
    {
      name: 'rejects output truncated inside a devid line',
      text: [...HEALTHY_BLOCK.slice(0, 2), '\tdevid    1 size 2000 used'].join('\n'),
      lineNumber: 3,
      line: '\tdevid    1 size 2000 used',
    },
    { name: 'rejects an unknown line inside a pool block', text: [...HEALTHY_BLOCK.slice(0, 3), '\tsomething new', ''].join('\n'), lineNumber: 4, line: '\tsomething new' },
  ]);

  it('rejects a devid line before Total devices, and an unreadable size', () => {
    expectParseError(() => parseFiShow([HEALTHY_BLOCK[0], HEALTHY_BLOCK[2]].join('\n')), { kind: 'fi-show', lineNumber: 2 });
    expectParseError(() => parseFiShow([HEALTHY_BLOCK[0], '\tTotal devices 1 FS bytes used 12XB'].join('\n')), { kind: 'fi-show', lineNumber: 2, reason: /12XB/ });
    // A bare unit, or a sign (fi show prints no negative sizes), is no size either.
    expectParseError(() => parseFiShow([HEALTHY_BLOCK[0], '\tTotal devices 1 FS bytes used GiB'].join('\n')), { kind: 'fi-show', lineNumber: 2, reason: /"GiB"/ });
    expectParseError(() => parseFiShow([HEALTHY_BLOCK[0], '\tTotal devices 1 FS bytes used -1000'].join('\n')), { kind: 'fi-show', lineNumber: 2, reason: /"-1000"/ });
  });
});
