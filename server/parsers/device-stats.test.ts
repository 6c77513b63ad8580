import { describe, expect, it } from 'vitest';
import type { DeviceErrors } from '../../contracts/api.ts';
import { type DeviceStatsEntry, decodeDeviceStatsExit, parseDeviceStatsJson, parseDeviceStatsText } from './device-stats.ts';
import { corpusCases, expectParseError, itEachCapture, itEachCorpusCase, itRejects, labCases } from '../test-support/fixture-cases.ts';

interface CorpusCounters {
  write_io_errs: number;
  read_io_errs: number;
  flush_io_errs: number;
  corruption_errs: number;
  generation_errs: number;
}
interface Sidecar {
  exit_code: number;
  expected: { all_counters_zero?: boolean; device_counters?: CorpusCounters | null };
}

const corpus = corpusCases<Sidecar>('btrfs-device-stats-c');

const total = (e: DeviceErrors): number => e.write + e.read + e.flush + e.corruption + e.generation;

describe('parseDeviceStatsText: Rockstor corpus (btrfs device stats -c)', () => {
  itEachCorpusCase(corpus, 7, ({ text, sidecar }) => {
    const { exit_code: exitCode, expected } = sidecar;
    const exit = decodeDeviceStatsExit(exitCode);
    if (expected.device_counters === null) {
      // Not a mounted btrfs device: the exit status says so and there is nothing to parse.
      expect(exit.failed).toBe(true);
      expectParseError(() => parseDeviceStatsText(text), { kind: 'dev-stats' });
      return;
    }
    expect(exit.failed).toBe(false);
    const { devices } = parseDeviceStatsText(text);
    const anyNonZero = devices.some((d) => total(d.errors) > 0);
    expect(exit.nonZeroCounters).toBe(anyNonZero);
    for (const d of devices) expect(d).toMatchObject({ devid: null, missing: false });
    if (expected.all_counters_zero !== undefined) expect(!anyNonZero).toBe(expected.all_counters_zero);
    if (expected.device_counters) {
      expect(devices).toHaveLength(1);
      const c = expected.device_counters;
      expect(devices[0]?.errors).toEqual({
        write: c.write_io_errs,
        read: c.read_io_errs,
        flush: c.flush_io_errs,
        corruption: c.corruption_errs,
        generation: c.generation_errs,
      });
    }
  });

  it('keeps device paths and order, including device-mapper names', () => {
    const luks = corpus.find((c) => c.name === 'btrfs-device-stats-c__test_dev_stats_zero__3.txt')!;
    expect(parseDeviceStatsText(luks.text).devices.map((d) => d.device)).toEqual([
      '/dev/mapper/luks-3efb3830-fee1-4a9e-a5c6-ea456bfc269e',
      '/dev/mapper/luks-41cd2e3c-3bd6-49fc-9f42-20e368a66efc',
      '/dev/mapper/luks-a47f4950-3296-4504-b9a4-2dc75681a6ad',
    ]);
  });
});

const ZERO: DeviceErrors = { write: 0, read: 0, flush: 0, corruption: 0, generation: 0 };
const dev = (device: string, devid: number | null, corruption = 0, missing = false): DeviceStatsEntry => ({
  device,
  devid,
  missing,
  errors: { ...ZERO, corruption },
});

/** Hand-read from each lab capture (fixtures/lab/dev-stats*__*.txt). */
const LAB_TEXT: Record<string, DeviceStatsEntry[]> = {
  'dev-stats__healthy-raid1.txt': [dev('/dev/loop5', null), dev('/dev/loop6', null), dev('/dev/loop7', null)],
  'dev-stats__csum-corrected.txt': [dev('/dev/loop5', null), dev('/dev/loop6', null, 3), dev('/dev/loop7', null)],
  'dev-stats__mounted-degraded-missing-devid3.txt': [dev('/dev/loop5', null), dev('/dev/loop6', null, 4), dev('devid:3', 3, 2, true)],
};
const LAB_JSON: Record<string, DeviceStatsEntry[]> = {
  'dev-stats-json__healthy-raid1.txt': [dev('/dev/loop5', 1), dev('/dev/loop6', 2), dev('/dev/loop7', 3)],
  'dev-stats-json__csum-corrected.txt': [dev('/dev/loop5', 1), dev('/dev/loop6', 2, 3), dev('/dev/loop7', 3)],
  'dev-stats-json__after-uncorrectable.txt': [dev('/dev/loop5', 1), dev('/dev/loop6', 2, 4), dev('/dev/loop7', 3, 2)],
  'dev-stats-json__mounted-degraded-missing-devid3.txt': [dev('/dev/loop5', 1), dev('/dev/loop6', 2, 4), dev('devid:3', 3, 2, true)],
};

describe('parseDeviceStatsText: lab captures (btrfs-progs 6.2)', () => {
  itEachCapture(labCases<{ command: string; exitCode: number }>('dev-stats'), LAB_TEXT, ({ text, meta }, want) => {
    const { devices } = parseDeviceStatsText(text);
    expect(devices).toEqual(want);
    // Captured with -c: the recorded exit status agrees with the counters.
    expect(meta?.command).toMatch(/ -c /);
    const exit = decodeDeviceStatsExit(meta!.exitCode);
    expect(exit).toEqual({ nonZeroCounters: devices.some((d) => total(d.errors) > 0), failed: false });
  });
});

describe('parseDeviceStatsJson: lab captures (btrfs-progs 6.2)', () => {
  itEachCapture(labCases('dev-stats-json'), LAB_JSON, ({ text }, want) => {
    expect(parseDeviceStatsJson(text).devices).toEqual(want);
  });
});

describe('parseDeviceStatsJson: forms', () => {
  it('accepts counters and devid as numbers as well as strings', () => {
    const text = JSON.stringify({
      'device-stats': [
        { device: '/dev/sda', devid: 1, write_io_errs: 5, read_io_errs: '6', flush_io_errs: 0, corruption_errs: 0, generation_errs: 1 },
      ],
    });
    expect(parseDeviceStatsJson(text).devices).toEqual([
      { device: '/dev/sda', devid: 1, missing: false, errors: { write: 5, read: 6, flush: 0, corruption: 0, generation: 1 } },
    ]);
  });

  it('takes the devid from a devid:N name when the field is absent', () => {
    const text = JSON.stringify({
      'device-stats': [{ device: 'devid:4', write_io_errs: '0', read_io_errs: '0', flush_io_errs: '0', corruption_errs: '0', generation_errs: '0' }],
    });
    expect(parseDeviceStatsJson(text).devices[0]).toMatchObject({ devid: 4, missing: true });
  });
});

describe('decodeDeviceStatsExit', () => {
  it.each([
    [0, { nonZeroCounters: false, failed: false }],
    [64, { nonZeroCounters: true, failed: false }],
    [1, { nonZeroCounters: false, failed: true }],
    [65, { nonZeroCounters: true, failed: true }],
    [-1, { nonZeroCounters: false, failed: true }],
  ])('%i', (code, expected) => {
    expect(decodeDeviceStatsExit(code)).toEqual(expected);
  });
});

const GOOD_TEXT = [
  '[/dev/sdb].write_io_errs    0',
  '[/dev/sdb].read_io_errs     0',
  '[/dev/sdb].flush_io_errs    0',
  '[/dev/sdb].corruption_errs  0',
  '[/dev/sdb].generation_errs  0',
];

describe('parseDeviceStatsText: bad input', () => {
  itRejects('dev-stats', parseDeviceStatsText, [
    { name: 'rejects empty output', text: '', reason: /empty/ },
    {
      name: 'rejects garbage, naming the line',
      text: "ERROR: '/dev/sdz' is not a mounted btrfs device\n",
      lineNumber: 1,
      line: "ERROR: '/dev/sdz' is not a mounted btrfs device",
    },
    {
      name: 'rejects truncated output (a device without all five counters)',
      text: GOOD_TEXT.slice(0, 3).join('\n'),
      lineNumber: 1,
      line: GOOD_TEXT[0],
      reason: /corruption_errs, generation_errs/,
    },
  ]);
  it('rejects a line cut mid-way, an unknown counter and a repeated counter', () => {
    expectParseError(() => parseDeviceStatsText([...GOOD_TEXT.slice(0, 4), '[/dev/sdb].generation_e'].join('\n')), { kind: 'dev-stats', lineNumber: 5 });
    expectParseError(() => parseDeviceStatsText([...GOOD_TEXT, '[/dev/sdb].fancy_errs 0'].join('\n')), { kind: 'dev-stats', lineNumber: 6 });
    expectParseError(() => parseDeviceStatsText([...GOOD_TEXT, GOOD_TEXT[0]].join('\n')), { kind: 'dev-stats', lineNumber: 6 });
  });
});

describe('parseDeviceStatsJson: bad input', () => {
  const good = JSON.stringify(
    { 'device-stats': [{ device: '/dev/sda', devid: '1', write_io_errs: '0', read_io_errs: '0', flush_io_errs: '0', corruption_errs: '0', generation_errs: '0' }] },
    null,
    2,
  );
  const cut = good.split('\n').slice(0, 5).join('\n');
  itRejects('dev-stats-json', parseDeviceStatsJson, [
    { name: 'rejects empty output', text: '', reason: /^empty output$/ },
    { name: 'rejects garbage', text: '[/dev/sda].write_io_errs 0\n', reason: /not valid JSON/ },
    { name: 'rejects truncated JSON, naming the last line', text: cut, lineNumber: 5, line: cut.split('\n')[4] },
  ]);
  it('rejects a syntax error, naming its line', () => {
    const broken = good.replace('"read_io_errs": "0",', '"read_io_errs": "0" "x": 1,');
    const e = expectParseError(() => parseDeviceStatsJson(broken), { kind: 'dev-stats-json' });
    expect(e.line).toContain('"read_io_errs"');
  });
  it('rejects valid JSON of the wrong shape', () => {
    expectParseError(() => parseDeviceStatsJson('{"device-stats": []}'), { kind: 'dev-stats-json', reason: /device-stats/ });
    expectParseError(() => parseDeviceStatsJson(good.replace('"corruption_errs": "0"', '"corruption_errs": "lots"')), {
      kind: 'dev-stats-json',
      reason: /corruption_errs/,
    });
  });
});
