/// <reference types="vite/client" />
// Fixtures come in through Vite's import.meta.glob (raw text) rather than node:fs: parser files,
// tests included, are lint-barred from I/O modules.
import { describe, expect, it } from 'vitest';
import { ParseError } from './parse-error.ts';
import { parseBtrfsVersion } from './version.ts';

interface Sidecar {
  expected: { version: string; legacy_scrub_status_format: boolean };
}

const texts = import.meta.glob<string>('../../fixtures/rockstor/btrfs-version__*.txt', { query: '?raw', import: 'default', eager: true });
const sidecars = import.meta.glob<Sidecar>('../../fixtures/rockstor/btrfs-version__*.expected.json', { import: 'default', eager: true });
const corpus = Object.entries(texts).map(([path, text]) => ({
  name: path.split('/').pop() ?? path,
  text,
  sidecar: sidecars[path.replace(/\.txt$/, '.expected.json')],
}));

function parseErrorOf(fn: () => unknown): ParseError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ParseError) return err;
    throw err;
  }
  throw new Error('expected a ParseError, got a result');
}

describe('parseBtrfsVersion: Rockstor corpus', () => {
  it('finds all 7 captures and their sidecars', () => {
    expect(corpus).toHaveLength(7);
    for (const c of corpus) expect(c.sidecar, c.name).toBeDefined();
  });

  it.each(corpus)('$name', ({ text, sidecar }) => {
    const v = parseBtrfsVersion(text);
    expect(v.version).toBe(sidecar?.expected.version);
    expect(v.legacyScrubStatusFormat).toBe(sidecar?.expected.legacy_scrub_status_format);
  });
});

const lab = import.meta.glob<string>('../../fixtures/lab/version__*.txt', { query: '?raw', import: 'default', eager: true });
const LAB_EXPECTED: Record<string, ReturnType<typeof parseBtrfsVersion>> = {
  'version__v6-2.txt': { version: 'v6.2', major: 6, minor: 2, patch: 0, legacyScrubStatusFormat: false },
};

describe('parseBtrfsVersion: lab captures', () => {
  const files = Object.entries(lab).map(([path, text]) => ({ name: path.split('/').pop() ?? path, text }));
  it('has an expectation for every capture and a capture for every expectation', () => {
    expect(files.map((f) => f.name).sort()).toEqual(Object.keys(LAB_EXPECTED).sort());
  });
  it.each(files)('$name', ({ name, text }) => {
    expect(parseBtrfsVersion(text)).toEqual(LAB_EXPECTED[name]);
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
  it('rejects empty output', () => {
    const e = parseErrorOf(() => parseBtrfsVersion(''));
    expect(e.kind).toBe('version');
    expect(e.reason).toMatch(/empty/);
  });
  it('rejects garbage, naming the line', () => {
    const e = parseErrorOf(() => parseBtrfsVersion('bash: btrfs: command not found\n'));
    expect(e).toMatchObject({ kind: 'version', lineNumber: 1, line: 'bash: btrfs: command not found' });
  });
  it('rejects truncated output (prefix without a version)', () => {
    const e = parseErrorOf(() => parseBtrfsVersion('btrfs-progs'));
    expect(e).toMatchObject({ kind: 'version', lineNumber: 1, line: 'btrfs-progs' });
  });
  it('rejects an unexpected second line', () => {
    const e = parseErrorOf(() => parseBtrfsVersion('btrfs-progs v6.2\nsomething else\n'));
    expect(e).toMatchObject({ kind: 'version', lineNumber: 2, line: 'something else' });
  });
});
