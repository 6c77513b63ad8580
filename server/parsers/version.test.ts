import { describe, expect, it } from 'vitest';
import { corpusCases, itEachCapture, itEachCorpusCase, itRejects, labCases } from '../test-support/fixture-cases.ts';
import { parseBtrfsVersion } from './version.ts';

interface Sidecar {
  expected: { version: string; legacy_scrub_status_format: boolean };
}

const corpus = corpusCases<Sidecar>('btrfs-version');

describe('parseBtrfsVersion: Rockstor corpus', () => {
  itEachCorpusCase(corpus, 7, ({ text, sidecar }) => {
    const v = parseBtrfsVersion(text);
    expect(v.version).toBe(sidecar.expected.version);
    expect(v.legacyScrubStatusFormat).toBe(sidecar.expected.legacy_scrub_status_format);
  });
});

const LAB_EXPECTED: Record<string, ReturnType<typeof parseBtrfsVersion>> = {
  'version__v6-2.txt': { version: 'v6.2', major: 6, minor: 2, patch: 0, legacyScrubStatusFormat: false },
};

describe('parseBtrfsVersion: lab captures', () => {
  itEachCapture(labCases('version'), LAB_EXPECTED, ({ text }, want) => {
    expect(parseBtrfsVersion(text)).toEqual(want);
  });
});

describe('parseBtrfsVersion: forms', () => {
  it.each([
    ['btrfs-progs v4.19.1 \n', 'v4.19.1', 4, 19, 1, true],
    ['btrfs-progs v5.1.1\n', 'v5.1.1', 5, 1, 1, true],
    ['btrfs-progs v5.1.2\n', 'v5.1.2', 5, 1, 2, false],
    ['btrfs-progs v5.1\n', 'v5.1', 5, 1, 0, true],
    ['Btrfs v3.12\n', 'v3.12', 3, 12, 0, true],
    ['btrfs-progs v6.10-rc1\n', 'v6.10-rc1', 6, 10, 0, false],
    ['btrfs-progs v6.9.2\n-EXPERIMENTAL -INJECT -STATIC +LZO +ZSTD +UDEV +FSVERITY +ZONED CRYPTO=builtin\n', 'v6.9.2', 6, 9, 2, false],
  ] as const)('%j', (text, version, major, minor, patch, legacy) => {
    expect(parseBtrfsVersion(text)).toEqual({ version, major, minor, patch, legacyScrubStatusFormat: legacy });
  });

  it('keeps an unreadable version token and treats it as the modern layout', () => {
    expect(parseBtrfsVersion('btrfs-progs NonsenseVersion \n')).toEqual({
      version: 'NonsenseVersion',
      major: null,
      minor: null,
      patch: null,
      legacyScrubStatusFormat: false,
    });
  });
});

describe('parseBtrfsVersion: bad input', () => {
  itRejects('version', parseBtrfsVersion, [
    { name: 'rejects empty output', text: '', reason: /empty/ },
    { name: 'rejects garbage, naming the line', text: 'bash: btrfs: command not found\n', lineNumber: 1, line: 'bash: btrfs: command not found' },
    { name: 'rejects truncated output (prefix without a version)', text: 'btrfs-progs', lineNumber: 1, line: 'btrfs-progs' },
    { name: 'rejects an unexpected second line', text: 'btrfs-progs v6.2\nsomething else\n', lineNumber: 2, line: 'something else' },
  ]);
});
