import { describe, expect, it } from 'vitest';
import { type BalanceStatus, parseBalanceStatus } from './balance-status.ts';
import { corpusCases, expectParseError, itEachCapture, itEachCorpusCase, itRejects, labCases } from '../test-support/fixture-cases.ts';

interface Sidecar {
  exit_code: number;
  expected: { state: string; percent_done: number };
  derived_by_research_parser?: {
    state: string;
    chunks_balanced?: number;
    chunks_total_estimate?: number;
    chunks_considered?: number;
    percent_left?: number;
  };
}

const corpus = corpusCases<Sidecar>('btrfs-balance-status');

describe('parseBalanceStatus: Rockstor corpus', () => {
  itEachCorpusCase(corpus, 5, ({ text, sidecar }) => {
    const s = parseBalanceStatus(text);
    expect(s.state).toBe(sidecar.expected.state);
    expect(s.percentDone).toBe(sidecar.expected.percent_done);
    // btrfs exits 1 while a balance exists (running or paused), 0 when none.
    expect(sidecar.exit_code).toBe(s.state === 'idle' ? 0 : 1);
    const derived = sidecar.derived_by_research_parser;
    if (derived?.chunks_balanced !== undefined) {
      expect(s).toMatchObject({
        chunksBalanced: derived.chunks_balanced,
        chunksTotal: derived.chunks_total_estimate,
        chunksConsidered: derived.chunks_considered,
        percentLeft: derived.percent_left,
        chunksLeft: (derived.chunks_total_estimate ?? 0) - derived.chunks_balanced,
        path: '/mnt2/test-pool',
      });
    }
  });
});

const IDLE_NUMBERS = { percentDone: 100, percentLeft: 0, chunksBalanced: null, chunksTotal: null, chunksConsidered: null, chunksLeft: null };
const PAUSED: BalanceStatus = {
  state: 'paused',
  path: '/tmp/parsers-a/mntb',
  percentDone: 50,
  percentLeft: 50,
  chunksBalanced: 2,
  chunksTotal: 4,
  chunksConsidered: 2,
  chunksLeft: 2,
};
/** Hand-read from each lab capture (fixtures/lab/balance-status__*.txt). */
const LAB_EXPECTED: Record<string, BalanceStatus> = {
  'balance-status__idle.txt': { state: 'idle', path: '/tmp/parsers-a/mnt', ...IDLE_NUMBERS },
  'balance-status__idle-after-finish.txt': { state: 'idle', path: '/tmp/parsers-a/mntb', ...IDLE_NUMBERS },
  'balance-status__paused.txt': PAUSED,
  'balance-status__paused-verbose.txt': PAUSED,
  'balance-status__running.txt': {
    state: 'running',
    path: '/tmp/parsers-a/mntb',
    percentDone: 0,
    percentLeft: 100,
    chunksBalanced: 0,
    chunksTotal: 3,
    chunksConsidered: 1,
    chunksLeft: 3,
  },
};

describe('parseBalanceStatus: lab captures (btrfs-progs 6.2)', () => {
  itEachCapture(labCases('balance-status'), LAB_EXPECTED, ({ text, meta }, want) => {
    const s = parseBalanceStatus(text);
    expect(s).toEqual(want);
    expect(meta?.exitCode).toBe(s.state === 'idle' ? 0 : 1);
  });
});

describe('parseBalanceStatus: forms', () => {
  it('reads nan/inf percentages (expected chunk count 0) as unknown', () => {
    for (const left of ['nan', '-nan', 'inf', '-inf']) {
      const s = parseBalanceStatus(`Balance on '/mnt' is running\n0 out of about 0 chunks balanced (0 considered), ${left}% left\n`);
      expect(s).toMatchObject({ state: 'running', percentDone: null, percentLeft: null, chunksLeft: 0 });
    }
  });
});

describe('parseBalanceStatus: bad input', () => {
  itRejects('balance-status', parseBalanceStatus, [
    { name: 'rejects empty output', text: '', reason: /empty/ },
    {
      name: 'rejects garbage, naming the line',
      text: "ERROR: balance status on '/mnt' failed: Operation not permitted\n",
      lineNumber: 1,
      line: "ERROR: balance status on '/mnt' failed: Operation not permitted",
    },
    { name: 'rejects output truncated after the header', text: "Balance on '/mnt' is running\n", lineNumber: 1, line: "Balance on '/mnt' is running", reason: /truncated/ },
    { name: 'rejects a progress line cut mid-way', text: "Balance on '/mnt' is paused\n3 out of about 114 chunks bal", lineNumber: 2, line: '3 out of about 114 chunks bal' },
  ]);
  it('rejects unexpected trailing lines', () => {
    expectParseError(() => parseBalanceStatus("No balance found on '/mnt'\nextra\n"), { kind: 'balance-status', lineNumber: 2 });
    const indented = "Balance on '/mnt' is paused\n3 out of about 114 chunks balanced (4 considered),  97% left\n  DATA (flags 0x0): balancing\n";
    expectParseError(() => parseBalanceStatus(indented), { kind: 'balance-status', lineNumber: 3 });
  });
});
