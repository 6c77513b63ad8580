/// <reference types="vite/client" />
// Fixtures come in through Vite's import.meta.glob (raw text) rather than node:fs: parser files,
// tests included, are lint-barred from I/O modules.
import { describe, expect, it } from 'vitest';
import type { DeviceErrors } from '../../contracts/api.ts';
import { type DeviceStatsEntry, decodeDeviceStatsExit, parseDeviceStatsJson, parseDeviceStatsText } from './device-stats.ts';
import { ParseError } from './parse-error.ts';

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

const texts = import.meta.glob<string>('../../fixtures/rockstor/btrfs-device-stats-c__*.txt', { query: '?raw', import: 'default', eager: true });
const sidecars = import.meta.glob<Sidecar>('../../fixtures/rockstor/btrfs-device-stats-c__*.expected.json', { import: 'default', eager: true });
const corpus = Object.entries(texts).map(([path, text]) => ({
  name: path.split('/').pop() ?? path,
  text,
  sidecar: sidecars[path.replace(/\.txt$/, '.expected.json')],
}));

const total = (e: DeviceErrors): number => e.write + e.read + e.flush + e.corruption + e.generation;

function parseErrorOf(fn: () => unknown): ParseError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ParseError) return err;
    throw err;
  }
  throw new Error('expected a ParseError, got a result');
}

describe('parseDeviceStatsText: Rockstor corpus (btrfs device stats -c)', () => {
  it('finds all 7 captures and their sidecars', () => {
    expect(corpus).toHaveLength(7);
    for (const c of corpus) expect(c.sidecar, c.name).toBeDefined();
  });

  it.each(corpus)('$name', ({ text, sidecar }) => {
    const { exit_code: exitCode, expected } = sidecar!;
    const exit = decodeDeviceStatsExit(exitCode);
    if (expected.device_counters === null) {
      // Not a mounted btrfs device: the exit status says so and there is nothing to parse.
      expect(exit.failed).toBe(true);
      expect(() => parseDeviceStatsText(text)).toThrow(ParseError);
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

interface Meta {
  command: string;
  exitCode: number;
}
const labMeta = import.meta.glob<Meta>('../../fixtures/lab/dev-stats*__*.meta.json', { import: 'default', eager: true });
const labFiles = (texts: Record<string, string>) =>
  Object.entries(texts).map(([path, text]) => ({
    name: path.split('/').pop() ?? path,
    text,
    meta: labMeta[path.replace(/\.txt$/, '.meta.json')],
  }));

describe('parseDeviceStatsText: lab captures (btrfs-progs 6.2)', () => {
  const files = labFiles(import.meta.glob<string>('../../fixtures/lab/dev-stats__*.txt', { query: '?raw', import: 'default', eager: true }));
  it('has an expectation for every capture and a capture for every expectation', () => {
    expect(files.map((f) => f.name).sort()).toEqual(Object.keys(LAB_TEXT).sort());
  });
  it.each(files)('$name', ({ name, text, meta }) => {
    const { devices } = parseDeviceStatsText(text);
    expect(devices).toEqual(LAB_TEXT[name]);
    // Captured with -c: the recorded exit status agrees with the counters.
    expect(meta?.command).toMatch(/ -c /);
    const exit = decodeDeviceStatsExit(meta!.exitCode);
    expect(exit).toEqual({ nonZeroCounters: devices.some((d) => total(d.errors) > 0), failed: false });
  });
});

describe('parseDeviceStatsJson: lab captures (btrfs-progs 6.2)', () => {
  const files = labFiles(import.meta.glob<string>('../../fixtures/lab/dev-stats-json__*.txt', { query: '?raw', import: 'default', eager: true }));
  it('has an expectation for every capture and a capture for every expectation', () => {
    expect(files.map((f) => f.name).sort()).toEqual(Object.keys(LAB_JSON).sort());
  });
  it.each(files)('$name', ({ name, text }) => {
    expect(parseDeviceStatsJson(text).devices).toEqual(LAB_JSON[name]);
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
  it('rejects empty output', () => {
    const e = parseErrorOf(() => parseDeviceStatsText(''));
    expect(e.kind).toBe('dev-stats');
    expect(e.reason).toMatch(/empty/);
  });
  it('rejects garbage, naming the line', () => {
    const e = parseErrorOf(() => parseDeviceStatsText("ERROR: '/dev/sdz' is not a mounted btrfs device\n"));
    expect(e).toMatchObject({ kind: 'dev-stats', lineNumber: 1, line: "ERROR: '/dev/sdz' is not a mounted btrfs device" });
  });
  it('rejects truncated output (a device without all five counters)', () => {
    const e = parseErrorOf(() => parseDeviceStatsText(GOOD_TEXT.slice(0, 3).join('\n')));
    expect(e).toMatchObject({ kind: 'dev-stats', lineNumber: 1, line: GOOD_TEXT[0] });
    expect(e.reason).toMatch(/corruption_errs, generation_errs/);
  });
  it('rejects a line cut mid-way, an unknown counter and a repeated counter', () => {
    expect(parseErrorOf(() => parseDeviceStatsText([...GOOD_TEXT.slice(0, 4), '[/dev/sdb].generation_e'].join('\n')))).toMatchObject({
      kind: 'dev-stats',
      lineNumber: 5,
    });
    expect(parseErrorOf(() => parseDeviceStatsText([...GOOD_TEXT, '[/dev/sdb].fancy_errs 0'].join('\n')))).toMatchObject({
      kind: 'dev-stats',
      lineNumber: 6,
    });
    expect(parseErrorOf(() => parseDeviceStatsText([...GOOD_TEXT, GOOD_TEXT[0]].join('\n')))).toMatchObject({ kind: 'dev-stats', lineNumber: 6 });
  });
});

describe('parseDeviceStatsJson: bad input', () => {
  const good = JSON.stringify(
    { 'device-stats': [{ device: '/dev/sda', devid: '1', write_io_errs: '0', read_io_errs: '0', flush_io_errs: '0', corruption_errs: '0', generation_errs: '0' }] },
    null,
    2,
  );
  it('rejects empty output', () => {
    expect(parseErrorOf(() => parseDeviceStatsJson(''))).toMatchObject({ kind: 'dev-stats-json', reason: 'empty output' });
  });
  it('rejects garbage', () => {
    const e = parseErrorOf(() => parseDeviceStatsJson('[/dev/sda].write_io_errs 0\n'));
    expect(e.kind).toBe('dev-stats-json');
    expect(e.reason).toMatch(/not valid JSON/);
  });
  it('rejects truncated JSON, naming the last line', () => {
    const cut = good.split('\n').slice(0, 5).join('\n');
    const e = parseErrorOf(() => parseDeviceStatsJson(cut));
    expect(e).toMatchObject({ kind: 'dev-stats-json', lineNumber: 5, line: cut.split('\n')[4] });
  });
  it('rejects a syntax error, naming its line', () => {
    const broken = good.replace('"read_io_errs": "0",', '"read_io_errs": "0" "x": 1,');
    const e = parseErrorOf(() => parseDeviceStatsJson(broken));
    expect(e.kind).toBe('dev-stats-json');
    expect(e.line).toContain('"read_io_errs"');
  });
  it('rejects valid JSON of the wrong shape', () => {
    expect(parseErrorOf(() => parseDeviceStatsJson('{"device-stats": []}')).reason).toMatch(/device-stats/);
    expect(parseErrorOf(() => parseDeviceStatsJson(good.replace('"corruption_errs": "0"', '"corruption_errs": "lots"'))).reason).toMatch(
      /corruption_errs/,
    );
  });
});
