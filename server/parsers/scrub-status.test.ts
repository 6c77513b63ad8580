import { describe, expect, it } from 'vitest';
import { corpusCases, expectParseError, itEachCapture, itEachCorpusCase, itRejects, labCases } from '../test-support/fixture-cases.ts';
import { type ScrubCounters, type ScrubStatus, parseScrubStatus } from './scrub-status.ts';

interface Sidecar {
  command: string;
  expected: {
    state?: string;
    duration_seconds?: number;
    counters?: Record<string, number>;
    rate?: string;
    time_left_seconds?: number;
    eta_local?: string;
  };
  derived_by_research_parser?: { format?: string; uuid?: string; started?: string; state?: string; duration_seconds?: number };
}

const corpus = corpusCases<Sidecar>('btrfs-scrub-status', 'btrfs-scrub-status-R');

describe('parseScrubStatus: Rockstor corpus', () => {
  itEachCorpusCase(corpus, 12, ({ text, sidecar }) => {
    const { expected, derived_by_research_parser: derived } = sidecar;
    const s = parseScrubStatus(text);
    if (expected.state !== undefined) expect(s.state).toBe(expected.state.replace(/_/g, '-'));
    if (expected.duration_seconds !== undefined) expect(s.durationSeconds).toBe(expected.duration_seconds);
    if (expected.counters !== undefined) expect(s.counters).toEqual(expected.counters);
    if (expected.rate !== undefined) expect(s.rate).toBe(expected.rate);
    if (expected.time_left_seconds !== undefined) expect(s.etaSeconds).toBe(expected.time_left_seconds);
    if (expected.eta_local !== undefined) expect(s.etaLocal).toBe(expected.eta_local);
    // Raw form iff -R was asked for.
    expect(s.counters !== null).toBe(sidecar.command.includes(' -R '));
    if (derived) {
      if (derived.format) expect(s.format).toBe(derived.format);
      if (derived.uuid) expect(s.uuid).toBe(derived.uuid);
      if (derived.started) expect(s.started).toBe(derived.started);
      if (derived.state) expect(s.state).toBe(derived.state.replace(/_/g, '-'));
      if (derived.duration_seconds !== undefined) expect(s.durationSeconds).toBe(derived.duration_seconds);
    }
  });
});

const UUID_A = 'cd9fbaa7-53d5-4e2b-8bbc-215f2af48450';
const mib = (v: number): number => Math.round(v * 2 ** 20);
const NO_ERRORS = { read: 0, super: 0, verify: 0, csum: 0, corrected: 0, uncorrectable: 0, unverified: 0 };
const BASE: ScrubStatus = {
  format: 'modern',
  uuid: UUID_A,
  state: 'no-stats',
  started: null,
  startedLocal: null,
  resumed: false,
  durationSeconds: null,
  etaSeconds: null,
  eta: null,
  etaLocal: null,
  totalBytes: null,
  bytesScrubbed: null,
  percentDone: null,
  rate: null,
  rateBytesPerSecond: null,
  rateLimit: null,
  counters: null,
  errorSummary: NO_ERRORS,
  mallocWarning: false,
};
const counters = (c: Partial<ScrubCounters>): ScrubCounters => ({
  data_extents_scrubbed: 0,
  tree_extents_scrubbed: 0,
  data_bytes_scrubbed: 0,
  tree_bytes_scrubbed: 0,
  read_errors: 0,
  csum_errors: 0,
  verify_errors: 0,
  no_csum: 0,
  csum_discards: 0,
  super_errors: 0,
  malloc_errors: 0,
  uncorrectable_errors: 0,
  unverified_errors: 0,
  corrected_errors: 0,
  last_physical: 0,
  ...c,
});
const started = (hms: string) => ({ started: `Thu Nov 26 ${hms} 2026`, startedLocal: `2026-11-26T${hms}` });
const CSUM_3_CORRECTED = { ...NO_ERRORS, csum: 3, corrected: 3 };
const CSUM_3_UNCORRECTABLE_2 = { ...NO_ERRORS, csum: 3, corrected: 1, uncorrectable: 2 };

/** Hand-read from each lab capture (fixtures/lab/scrub-status__*.txt). */
const LAB_EXPECTED: Record<string, ScrubStatus> = {
  'scrub-status__never-run.txt': { ...BASE, totalBytes: mib(56.38), rate: '0.00B/s', rateBytesPerSecond: 0 },
  'scrub-status__raw-never-run.txt': { ...BASE, counters: counters({}), bytesScrubbed: 0 },
  // At once after `scrub cancel`: btrfs-progs has not written the result yet; it reads like a scrub never run.
  'scrub-status__just-cancelled.txt': { ...BASE, uuid: 'd9eb825e-f161-4672-8076-c71482e7f932', totalBytes: mib(192.55), rate: '0.00B/s', rateBytesPerSecond: 0 },
  // Polled 4 s after start, before the first progress record: no Status line, but Time left/ETA.
  'scrub-status__running-no-stats-yet.txt': {
    ...BASE,
    state: 'running',
    etaSeconds: 0,
    eta: 'Thu Nov 26 15:02:31 2026',
    etaLocal: '2026-11-26T15:02:31',
    totalBytes: mib(56.39),
    bytesScrubbed: 0,
    percentDone: 0,
    rate: '0.00B/s',
    rateBytesPerSecond: 0,
  },
  // The raw form of the same moment cannot be told apart from a scrub that never ran.
  'scrub-status__raw-running-no-stats-yet.txt': { ...BASE, counters: counters({}), bytesScrubbed: 0 },
  'scrub-status__running-throttled.txt': {
    ...BASE,
    state: 'running',
    ...started('15:02:39'),
    durationSeconds: 10,
    etaSeconds: 5,
    eta: 'Thu Nov 26 15:02:56 2026',
    etaLocal: '2026-11-26T15:02:56',
    totalBytes: mib(56.38),
    bytesScrubbed: mib(36.88),
    percentDone: 65.41,
    rate: '3.69MiB/s',
    rateBytesPerSecond: mib(3.69),
  },
  'scrub-status__raw-running-throttled.txt': {
    ...BASE,
    state: 'running',
    ...started('15:02:39'),
    durationSeconds: 10,
    counters: counters({ data_extents_scrubbed: 584, tree_extents_scrubbed: 24, data_bytes_scrubbed: 38273024, tree_bytes_scrubbed: 393216, last_physical: 170393600 }),
    bytesScrubbed: 38273024 + 393216,
  },
  'scrub-status__aborted.txt': {
    ...BASE,
    state: 'aborted',
    ...started('15:02:27'),
    durationSeconds: 5,
    totalBytes: mib(56.39),
    rate: '4.38MiB/s',
    rateBytesPerSecond: mib(4.38),
  },
  'scrub-status__raw-aborted.txt': {
    ...BASE,
    state: 'aborted',
    ...started('15:02:27'),
    durationSeconds: 5,
    counters: counters({ data_extents_scrubbed: 344, tree_extents_scrubbed: 24, data_bytes_scrubbed: 22544384, tree_bytes_scrubbed: 393216, last_physical: 97255424 }),
    bytesScrubbed: 22544384 + 393216,
  },
  'scrub-status__finished-csum-corrected.txt': {
    ...BASE,
    state: 'finished',
    ...started('15:02:18'),
    durationSeconds: 1,
    totalBytes: mib(56.39),
    percentDone: 100,
    rate: '56.38MiB/s',
    rateBytesPerSecond: mib(56.38),
    errorSummary: CSUM_3_CORRECTED,
  },
  'scrub-status__raw-finished-csum-corrected.txt': {
    ...BASE,
    state: 'finished',
    ...started('15:02:18'),
    durationSeconds: 1,
    counters: counters({
      data_extents_scrubbed: 896,
      tree_extents_scrubbed: 24,
      data_bytes_scrubbed: 58720256,
      tree_bytes_scrubbed: 393216,
      csum_errors: 3,
      corrected_errors: 3,
      last_physical: 170393600,
    }),
    bytesScrubbed: 58720256 + 393216,
    percentDone: 100,
    errorSummary: CSUM_3_CORRECTED,
  },
  // `scrub start -B` prints the report under `scrub done for <uuid>` (and its own total).
  'scrub-status__start-B-uncorrectable.txt': {
    ...BASE,
    state: 'finished',
    ...started('15:02:59'),
    durationSeconds: 0,
    totalBytes: mib(707),
    percentDone: 100,
    rate: '0.00B/s',
    rateBytesPerSecond: 0,
    errorSummary: CSUM_3_UNCORRECTABLE_2,
  },
  'scrub-status__uncorrectable.txt': {
    ...BASE,
    state: 'finished',
    ...started('15:02:59'),
    durationSeconds: 0,
    totalBytes: mib(56.38),
    percentDone: 100,
    rate: '0.00B/s',
    rateBytesPerSecond: 0,
    errorSummary: CSUM_3_UNCORRECTABLE_2,
  },
  'scrub-status__raw-uncorrectable.txt': {
    ...BASE,
    state: 'finished',
    ...started('15:02:59'),
    durationSeconds: 0,
    counters: counters({
      data_extents_scrubbed: 896,
      tree_extents_scrubbed: 24,
      data_bytes_scrubbed: 58720256,
      tree_bytes_scrubbed: 393216,
      csum_errors: 3,
      uncorrectable_errors: 2,
      corrected_errors: 1,
      last_physical: 170459136,
    }),
    bytesScrubbed: 58720256 + 393216,
    percentDone: 100,
    errorSummary: CSUM_3_UNCORRECTABLE_2,
  },
};

describe('parseScrubStatus: lab captures (btrfs-progs 6.2)', () => {
  itEachCapture(labCases('scrub-status'), LAB_EXPECTED, ({ text }, want) => {
    expect(parseScrubStatus(text)).toEqual(want);
  });
});

const UUID_X = '44803366-3981-4ebb-853b-6c991380c8a6';

describe('parseScrubStatus: forms from other btrfs-progs versions', () => {
  it('reads a newer running status with a device limit note and errors', () => {
    // btrfs-progs 6.x as posted to linux-btrfs (a stale progress record: more than 100%).
    const text = [
      `UUID:             ${UUID_X}`,
      'Scrub started:    Sat Sep 28 19:20:34 2024',
      'Status:           running',
      'Duration:         28:09:48',
      'Time left:        19507110:45:51',
      'ETA:              Sat Feb  9 05:16:16 4250',
      'Total to scrub:   24.21TiB',
      'Bytes scrubbed:   24.22TiB  (100.06%)',
      'Rate:             250.51MiB/s (some device limits set)',
      'Error summary:    read=1',
      '  Corrected:      1',
      '  Uncorrectable:  0',
      '  Unverified:     0',
      '',
    ].join('\n');
    expect(parseScrubStatus(text)).toMatchObject({
      state: 'running',
      durationSeconds: 28 * 3600 + 9 * 60 + 48,
      etaSeconds: 19507110 * 3600 + 45 * 60 + 51,
      etaLocal: '4250-02-09T05:16:16',
      percentDone: 100.06,
      rate: '250.51MiB/s',
      rateLimit: 'some device limits set',
      errorSummary: { ...NO_ERRORS, read: 1, corrected: 1 },
    });
  });

  it('reads a resumed scrub, several error kinds and the allocation warning', () => {
    const text = [
      `UUID:             ${UUID_X}`,
      'Scrub resumed:    Sun Oct 20 10:01:21 2024',
      'Status:           finished',
      'Duration:         0:00:03',
      'Total to scrub:   332.22MiB',
      'Rate:             110.74MiB/s (limit 100.00MiB/s)',
      '*** WARNING: memory allocation failed while scrubbing. results may be inaccurate',
      'Error summary:    read=2 super=1 verify=3 csum=4',
      '  Corrected:      6',
      '  Uncorrectable:  4',
      '  Unverified:     1',
    ].join('\n');
    expect(parseScrubStatus(text)).toMatchObject({
      resumed: true,
      startedLocal: '2024-10-20T10:01:21',
      rateLimit: 'limit 100.00MiB/s',
      mallocWarning: true,
      errorSummary: { read: 2, super: 1, verify: 3, csum: 4, corrected: 6, uncorrectable: 4, unverified: 1 },
    });
  });

  it('reads the legacy human summary, with and without errors', () => {
    const head = ['scrub status for 030baa1c-faab-4599-baa4-6077f7f6451b', '\tscrub started at Sun Aug  6 16:39:43 2017 and finished after 00:00:16'];
    expect(parseScrubStatus([...head, '\ttotal bytes scrubbed: 2.75GiB with 0 errors'].join('\n'))).toMatchObject({
      format: 'legacy',
      state: 'finished',
      durationSeconds: 16,
      startedLocal: '2017-08-06T16:39:43',
      bytesScrubbed: Math.round(2.75 * 2 ** 30),
      errorSummary: NO_ERRORS,
      counters: null,
    });
    const withErrors = [
      ...head,
      '\ttotal bytes scrubbed: 2.75GiB with 3 errors',
      '\terror details: read=1 csum=2',
      '\tcorrected errors: 3, uncorrectable errors: 0, unverified errors: 0',
    ];
    expect(parseScrubStatus(withErrors.join('\n')).errorSummary).toEqual({ ...NO_ERRORS, read: 1, csum: 2, corrected: 3 });
  });

  it('reads every legacy state line', () => {
    const line = (tail: string) =>
      parseScrubStatus(
        ['scrub status for 030baa1c-faab-4599-baa4-6077f7f6451b', `\tscrub resumed at Sun Aug  6 16:39:43 2017${tail}`, '\ttotal bytes scrubbed: 0.00B with 0 errors'].join('\n'),
      );
    expect(line(', running for 01:02:03')).toMatchObject({ state: 'running', resumed: true, durationSeconds: 3723 });
    expect(line(' and was aborted after 00:04:56')).toMatchObject({ state: 'aborted', durationSeconds: 296 });
    expect(line(', interrupted after 00:00:09, not running')).toMatchObject({ state: 'interrupted', durationSeconds: 9 });
  });

  it('skips `scrub start -B` chatter and stderr lines merged into stdout', () => {
    const lab = LAB_EXPECTED['scrub-status__start-B-uncorrectable.txt'];
    const text = [
      'Starting scrub on devid 1',
      'Starting scrub on devid 2',
      `scrub done for ${UUID_A}`,
      'Scrub started:    Thu Nov 26 15:02:59 2026',
      'Status:           finished',
      'Duration:         0:00:00',
      'Total to scrub:   707.00MiB',
      'Rate:             0.00B/s',
      'Error summary:    csum=3',
      '  Corrected:      1',
      '  Uncorrectable:  2',
      '  Unverified:     0',
      'ERROR: there are uncorrectable errors',
    ].join('\n');
    expect(parseScrubStatus(text)).toEqual(lab);
  });
});

describe('parseScrubStatus: bad input', () => {
  const header = [`UUID:             ${UUID_A}`, 'Scrub started:    Thu Nov 26 15:02:59 2026'];
  const finished = [...header, 'Status:           finished', 'Duration:         0:00:00'];
  itRejects('scrub-status', parseScrubStatus, [
    { name: 'rejects empty output', text: '', reason: /empty/ },
    {
      name: 'rejects garbage, naming the line',
      text: 'Usage: btrfs scrub status [-dR] <path>|<device>\n',
      lineNumber: 1,
      line: 'Usage: btrfs scrub status [-dR] <path>|<device>',
    },
    { name: 'rejects output truncated after the header', text: `${header[0]}\n`, lineNumber: 1, reason: /truncated/ },
    { name: 'rejects a Status line without Duration', text: [...header, 'Status:           finished', ''].join('\n'), lineNumber: 3, line: 'Status:           finished' },
    {
      name: 'rejects raw counters cut short, naming the last counter line',
      text: [...finished, '\tdata_extents_scrubbed: 896', '\ttree_extents_scrubbed: 24'].join('\n'),
      lineNumber: 6,
      line: '\ttree_extents_scrubbed: 24',
      reason: /last_physical/,
    },
    {
      name: 'rejects an error summary cut before its Corrected lines',
      text: [...finished, 'Total to scrub:   1.00GiB', 'Rate:             0.00B/s', 'Error summary:    csum=3'].join('\n'),
      lineNumber: 7,
    },
    // Sizes in a scrub report are never negative (the shared size reader allows a sign for `device usage`).
    { name: 'rejects a negative size', text: [...finished, 'Total to scrub:   -1.00GiB'].join('\n'), lineNumber: 5, reason: /not a size: "-1.00GiB"/ },
  ]);
  it('rejects an unknown status word, an unknown line and per-device output', () => {
    const head = `${header.join('\n')}\n`;
    expectParseError(() => parseScrubStatus(`${head}Status:           exploded\n`), { kind: 'scrub-status', lineNumber: 3 });
    expectParseError(() => parseScrubStatus(`${head}Mood:             fine\n`), { kind: 'scrub-status', lineNumber: 3 });
    const perDevice = `UUID:             ${UUID_A}\nscrub device /dev/loop5 (id 1) history\n`;
    expectParseError(() => parseScrubStatus(perDevice), { kind: 'scrub-status', reason: /-d/ });
  });
});
