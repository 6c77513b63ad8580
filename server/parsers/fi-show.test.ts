import { describe, expect, it } from 'vitest';
import { FORGED_UUID, hostileLabels } from '../../lab/scenarios.ts';
import { type FiShowPool, parseFiShow, parseFiShowPool } from './fi-show.ts';
import { corpusCases, expectParseError, itEachCapture, itEachCorpusCase, itRejects, labCases, readLab } from '../test-support/fixture-cases.ts';

// Lab scenario hostile-label (fixtures/lab/*hostile*): the victim raid1 and the two pools whose labels imitate fi show.
const HOSTILE_VICTIM = '38e467b1-b378-4b20-87b2-55034121c160';
const MIMIC = '31c155e4-1364-417a-90a1-ef94413d7bab';
const FORGED = 'b907338a-1206-4846-9be7-22b2f778ecb1';

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
  // What a line parser makes of hostile labels (lab scenario hostile-label): two pools that do not
  // exist, the victim's uuid twice, a device path that is an option. Hence parseFiShowPool.
  'fi-show__raw-hostile-labels.txt': [
    {
      label: 'pw-victim', uuid: HOSTILE_VICTIM, totalDevices: 2, fsBytesUsed: 33751040, unitsExact: true,
      devices: [{ devid: 1, sizeBytes: 536870912, usedBytes: 129171456, path: '/dev/loop0', missing: false }],
      someDevicesMissing: true, missingWarnings: [2], missingCount: 1, missingDevids: [2],
    },
    ...([
      ['pw-mimic', HOSTILE_VICTIM, 1, { devid: 1, sizeBytes: 1, usedBytes: 1, path: '/dev/loop2', missing: false }],
      ['pw-mimic-tail', MIMIC, 4341760, { devid: 1, sizeBytes: 536870912, usedBytes: 92274688, path: '/dev/loop2', missing: false }],
      ['pw-forged', FORGED_UUID, 1, { devid: 1, sizeBytes: 1, usedBytes: 1, path: `-U${HOSTILE_VICTIM}`, missing: false }],
      ['pw-forged-tail', FORGED, 4341760, { devid: 1, sizeBytes: 536870912, usedBytes: 92274688, path: '/dev/loop3', missing: false }],
    ] as const).map(([label, uuid, fsBytesUsed, device]) => ({
      label, uuid, totalDevices: 1, fsBytesUsed, unitsExact: true, devices: [device],
      someDevicesMissing: false, missingWarnings: [], missingCount: 0, missingDevids: [],
    })),
  ],
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

describe('parseFiShow: why the inventory never reads every pool at once (hostile labels)', () => {
  it('is fooled by labels that imitate its lines: pools that do not exist, a uuid twice, a device path "-U…"', () => {
    const { pools } = parseFiShow(readLab('fi-show__raw-hostile-labels.txt'));
    expect(pools.map((p) => p.uuid)).toEqual([HOSTILE_VICTIM, HOSTILE_VICTIM, MIMIC, FORGED_UUID, FORGED]);
    expect(pools.flatMap((p) => p.devices.map((d) => d.path))).toContain(`-U${HOSTILE_VICTIM}`);
  });
});

describe('parseFiShowPool: one pool, read from the end', () => {
  const labels = hostileLabels(HOSTILE_VICTIM, '/dev/loop2');
  const one = (devid: number, path: string, sizeBytes: number, usedBytes: number) => ({ devid, path, missing: false, sizeBytes, usedBytes });

  it('reads the real block of a pool whose label forges another pool, with a -U… path', () => {
    const pool = parseFiShowPool(readLab('fi-show-pool__raw-hostile-forged.txt'), FORGED, labels.forged);
    expect(pool).toMatchObject({ uuid: FORGED, label: labels.forged, totalDevices: 1, fsBytesUsed: 4341760, missingCount: 0 });
    expect(pool.devices).toEqual([one(1, '/dev/loop3', 536870912, 92274688)]);
  });

  it('reads the real block of a pool whose label imitates a block with another pool\'s uuid', () => {
    const pool = parseFiShowPool(readLab('fi-show-pool__raw-hostile-mimic.txt'), MIMIC, labels.mimic);
    expect(pool.devices).toEqual([one(1, '/dev/loop2', 536870912, 92274688)]);
    // Its imitation holds `uuid: <victim>` and a line end, but btrfs-progs prints a pool for a uuid
    // argument only when the uuid (or the whole label) matches: asked about the victim, it does not
    // print the mimic at all.
    expect(readLab('fi-show-pool__raw-hostile-victim-unmounted-missing-devid2.txt')).not.toContain('pw-mimic');
  });

  it('reads the degraded unmounted victim, with the warning above its header, beside the hostile pools', () => {
    const pool = parseFiShowPool(readLab('fi-show-pool__raw-hostile-victim-unmounted-missing-devid2.txt'), HOSTILE_VICTIM, 'pw-victim');
    expect(pool).toMatchObject({ totalDevices: 2, someDevicesMissing: true, missingWarnings: [2], missingCount: 1, missingDevids: [2] });
    expect(pool.devices).toEqual([one(1, '/dev/loop0', 536870912, 129171456)]);
  });

  it('ignores a block btrfs-progs adds for a pool whose label is the asked uuid', () => {
    const text = readLab('fi-show-pool__raw-label-equals-other-uuid.txt');
    const pool = parseFiShowPool(text, HOSTILE_VICTIM, 'pw-victim');
    expect(pool.devices.map((d) => d.path)).toEqual(['/dev/loop0']);
    expect(pool.missingDevids).toEqual([2]);
  });

  it('reads warnings only under a header that is exactly the known label (a label cannot plant them)', () => {
    const text = readLab('fi-show-pool__raw-hostile-victim-unmounted-missing-devid2.txt');
    expect(parseFiShowPool(text, HOSTILE_VICTIM, 'another label').missingWarnings).toEqual([]);
    expect(parseFiShowPool(text, HOSTILE_VICTIM).missingWarnings).toEqual([]);
    // Still missing: Total devices 2 with one member listed.
    expect(parseFiShowPool(text, HOSTILE_VICTIM).missingCount).toBe(1);
    const planted = `Label: 'x\nwarning, device 7 is missing'  uuid: ${HOSTILE_VICTIM}\n\tTotal devices 2 FS bytes used 1\n\tdevid    1 size 10 used 1 path /dev/sda\n\n`;
    expect(parseFiShowPool(planted, HOSTILE_VICTIM, 'x\nwarning, device 7 is missing').missingWarnings).toEqual([]);
  });

  it('takes the whitespace blkid trims off a label\'s end from the header (a label is kept byte for byte)', () => {
    const text = `Label: ' pw-edge\n'  uuid: ${HOSTILE_VICTIM}\n\tTotal devices 1 FS bytes used 1000\n\tdevid    1 size 2000 used 1500 path /dev/sda\n\n`;
    expect(parseFiShowPool(text, HOSTILE_VICTIM, ' pw-edge').label).toBe(' pw-edge\n');
    // Given exactly (sysfs), it is kept as given.
    expect(parseFiShowPool(text, HOSTILE_VICTIM, ' pw-edge\n').label).toBe(' pw-edge\n');
    // Anything but whitespace between the given label and the quote: not this pool's header.
    expect(parseFiShowPool(text, HOSTILE_VICTIM, ' pw-ed').label).toBe(' pw-ed');
  });

  it('reads a label with a newline and `Label: none`', () => {
    const block = (header: string) => `${header}  uuid: ${HOSTILE_VICTIM}\n\tTotal devices 1 FS bytes used 1000\n\tdevid    1 size 2000 used 1500 path /dev/sda\n\n`;
    expect(parseFiShowPool(block("Label: 'a\nb\tc'"), HOSTILE_VICTIM, 'a\nb\tc')).toMatchObject({ label: 'a\nb\tc', totalDevices: 1 });
    expect(parseFiShowPool(block('Label: none'), HOSTILE_VICTIM, null)).toMatchObject({ label: null, totalDevices: 1 });
  });

  itRejects('fi-show-pool', (t) => parseFiShowPool(t, HOSTILE_VICTIM), [
    { name: 'no block for the uuid', text: readLab('fi-show-pool__raw-hostile-forged.txt'), lineNumber: undefined, reason: /no block for pool/ },
    { name: 'an unknown line after the header', text: `Label: 'x'  uuid: ${HOSTILE_VICTIM}\n\tTotal devices 1 FS bytes used 1\n\tsomething new\n`, lineNumber: 3, line: '\tsomething new' },
    { name: 'a header without Total devices', text: `Label: 'x'  uuid: ${HOSTILE_VICTIM}\n\n`, reason: /Total devices/ },
  ]);
});
