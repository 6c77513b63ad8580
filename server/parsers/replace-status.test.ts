// Rockstor has no replace feature, so every capture here is from the lab machine.
import { describe, expect, it } from 'vitest';
import { expectParseError, itEachCapture, itRejects, labCases } from '../test-support/fixture-cases.ts';
import { type ReplaceStatus, parseReplaceStatus } from './replace-status.ts';

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
  // The kernel refused it for lack of space: btrfs-progs prints the same "canceled" (see kernel-log__replace-enospc).
  'replace-status__enospc.txt': {
    state: 'cancelled',
    percentDone: 0,
    writeErrors: 0,
    uncorrectableReadErrors: 0,
    startedAt: '3.Dec 14:56:44',
    stoppedAt: '3.Dec 14:56:44',
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
  itEachCapture(labCases('replace-status'), LAB_EXPECTED, ({ text }, want) => {
    expect(parseReplaceStatus(text)).toEqual(want);
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
  itRejects('replace-status', parseReplaceStatus, [
    { name: 'rejects empty output', text: '', reason: /empty/ },
    { name: 'rejects garbage, naming the line', text: 'ERROR: not a btrfs filesystem: /mnt\n', lineNumber: 1, line: 'ERROR: not a btrfs filesystem: /mnt' },
    { name: 'rejects a second line', text: 'Never started\nNever started\n', lineNumber: 2 },
  ]);
  it('rejects a truncated status line', () => {
    expectParseError(() => parseReplaceStatus('20.8% done, 0 write'), { kind: 'replace-status', lineNumber: 1, line: '20.8% done, 0 write' });
    expectParseError(() => parseReplaceStatus('Started on 26.Nov 15:03:20, finished on'), { kind: 'replace-status', lineNumber: 1 });
  });
});
