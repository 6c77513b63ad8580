/// <reference types="vite/client" />
// Fixtures come in through Vite's import.meta.glob (raw text) rather than node:fs: parser files,
// tests included, are lint-barred from I/O modules. Rockstor has no replace feature, so every
// capture here is from the lab machine.
import { describe, expect, it } from 'vitest';
import { ParseError } from './parse-error.ts';
import { type ReplaceStatus, parseReplaceStatus } from './replace-status.ts';

function parseErrorOf(fn: () => unknown): ParseError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ParseError) return err;
    throw err;
  }
  throw new Error('expected a ParseError, got a result');
}

const NEVER: ReplaceStatus = {
  state: 'never-started',
  percentDone: null,
  writeErrors: null,
  uncorrectableReadErrors: null,
  startedAt: null,
  stoppedAt: null,
};
const RUNNING_20_8: ReplaceStatus = {
  state: 'running',
  percentDone: 20.8,
  writeErrors: 0,
  uncorrectableReadErrors: 0,
  startedAt: null,
  stoppedAt: null,
};

/** Hand-read from each lab capture (fixtures/lab/replace-status__*.txt). */
const LAB_EXPECTED: Record<string, ReplaceStatus> = {
  'replace-status__never-started.txt': NEVER,
  'replace-status__never-started-b.txt': NEVER,
  'replace-status__running-throttled.txt': RUNNING_20_8,
  // Without -1: the line is reprinted behind backspaces until killed.
  'replace-status__continuous-running.txt': RUNNING_20_8,
  'replace-status__cancelled.txt': {
    state: 'cancelled',
    percentDone: 0,
    writeErrors: 0,
    uncorrectableReadErrors: 0,
    startedAt: '26.Nov 15:03:20',
    stoppedAt: '26.Nov 15:03:58',
  },
  'replace-status__finished.txt': {
    state: 'finished',
    percentDone: 100,
    writeErrors: 0,
    uncorrectableReadErrors: 0,
    startedAt: '26.Nov 15:04:05',
    stoppedAt: '26.Nov 15:04:06',
  },
};

describe('parseReplaceStatus: lab captures (btrfs-progs 6.2)', () => {
  const lab = import.meta.glob<string>('../../fixtures/lab/replace-status__*.txt', { query: '?raw', import: 'default', eager: true });
  const files = Object.entries(lab).map(([path, text]) => ({ name: path.split('/').pop() ?? path, text }));
  it('has an expectation for every capture and a capture for every expectation', () => {
    expect(files.map((f) => f.name).sort()).toEqual(Object.keys(LAB_EXPECTED).sort());
  });
  it.each(files)('$name', ({ name, text }) => {
    expect(parseReplaceStatus(text)).toEqual(LAB_EXPECTED[name]);
  });
});

describe('parseReplaceStatus: forms from the btrfs-progs source', () => {
  it('reads a suspended replace (unmounted mid-way, mounted read-only)', () => {
    expect(parseReplaceStatus('Started on  9.Feb 18:52:08, suspended on  9.Feb 19:01:00 at 42.5%, 3 write errs, 1 uncorr. read errs\n')).toEqual({
      state: 'suspended',
      percentDone: 42.5,
      writeErrors: 3,
      uncorrectableReadErrors: 1,
      startedAt: '9.Feb 18:52:08',
      stoppedAt: '9.Feb 19:01:00',
    });
  });
  it('reads error counters of a running replace', () => {
    expect(parseReplaceStatus('99.9% done, 12 write errs, 7 uncorr. read errs\n')).toMatchObject({
      state: 'running',
      percentDone: 99.9,
      writeErrors: 12,
      uncorrectableReadErrors: 7,
    });
  });
});

describe('parseReplaceStatus: bad input', () => {
  it('rejects empty output', () => {
    const e = parseErrorOf(() => parseReplaceStatus(''));
    expect(e.kind).toBe('replace-status');
    expect(e.reason).toMatch(/empty/);
  });
  it('rejects garbage, naming the line', () => {
    const e = parseErrorOf(() => parseReplaceStatus('ERROR: not a btrfs filesystem: /mnt\n'));
    expect(e).toMatchObject({ kind: 'replace-status', lineNumber: 1, line: 'ERROR: not a btrfs filesystem: /mnt' });
  });
  it('rejects a truncated status line', () => {
    const e = parseErrorOf(() => parseReplaceStatus('20.8% done, 0 write'));
    expect(e).toMatchObject({ kind: 'replace-status', lineNumber: 1, line: '20.8% done, 0 write' });
    expect(parseErrorOf(() => parseReplaceStatus('Started on 26.Nov 15:03:20, finished on'))).toMatchObject({ kind: 'replace-status', lineNumber: 1 });
  });
  it('rejects a second line', () => {
    expect(parseErrorOf(() => parseReplaceStatus('Never started\nNever started\n'))).toMatchObject({ kind: 'replace-status', lineNumber: 2 });
  });
});
