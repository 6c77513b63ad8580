/// <reference types="vite/client" />
// Fixtures come in through Vite's import.meta.glob (raw text) rather than node:fs: parser files,
// tests included, are lint-barred from I/O modules.
import { describe, expect, it } from 'vitest';
import { type BalanceStatus, parseBalanceStatus } from './balance-status.ts';
import { ParseError } from './parse-error.ts';

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

const texts = import.meta.glob<string>('../../fixtures/rockstor/btrfs-balance-status__*.txt', { query: '?raw', import: 'default', eager: true });
const sidecars = import.meta.glob<Sidecar>('../../fixtures/rockstor/btrfs-balance-status__*.expected.json', { import: 'default', eager: true });
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

describe('parseBalanceStatus: Rockstor corpus', () => {
  it('finds all 5 captures and their sidecars', () => {
    expect(corpus).toHaveLength(5);
    for (const c of corpus) expect(c.sidecar, c.name).toBeDefined();
  });

  it.each(corpus)('$name', ({ text, sidecar }) => {
    const s = parseBalanceStatus(text);
    expect(s.state).toBe(sidecar!.expected.state);
    expect(s.percentDone).toBe(sidecar!.expected.percent_done);
    // btrfs exits 1 while a balance exists (running or paused), 0 when none.
    expect(sidecar!.exit_code).toBe(s.state === 'idle' ? 0 : 1);
    const derived = sidecar!.derived_by_research_parser;
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
  const lab = import.meta.glob<string>('../../fixtures/lab/balance-status__*.txt', { query: '?raw', import: 'default', eager: true });
  const meta = import.meta.glob<{ exitCode: number }>('../../fixtures/lab/balance-status__*.meta.json', { import: 'default', eager: true });
  const files = Object.entries(lab).map(([path, text]) => ({
    name: path.split('/').pop() ?? path,
    text,
    exitCode: meta[path.replace(/\.txt$/, '.meta.json')]?.exitCode,
  }));
  it('has an expectation for every capture and a capture for every expectation', () => {
    expect(files.map((f) => f.name).sort()).toEqual(Object.keys(LAB_EXPECTED).sort());
  });
  it.each(files)('$name', ({ name, text, exitCode }) => {
    const s = parseBalanceStatus(text);
    expect(s).toEqual(LAB_EXPECTED[name]);
    expect(exitCode).toBe(s.state === 'idle' ? 0 : 1);
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
  it('rejects empty output', () => {
    const e = parseErrorOf(() => parseBalanceStatus(''));
    expect(e.kind).toBe('balance-status');
    expect(e.reason).toMatch(/empty/);
  });
  it('rejects garbage, naming the line', () => {
    const e = parseErrorOf(() => parseBalanceStatus("ERROR: balance status on '/mnt' failed: Operation not permitted\n"));
    expect(e).toMatchObject({ kind: 'balance-status', lineNumber: 1, line: "ERROR: balance status on '/mnt' failed: Operation not permitted" });
  });
  it('rejects output truncated after the header', () => {
    const e = parseErrorOf(() => parseBalanceStatus("Balance on '/mnt' is running\n"));
    expect(e).toMatchObject({ kind: 'balance-status', lineNumber: 1, line: "Balance on '/mnt' is running" });
    expect(e.reason).toMatch(/truncated/);
  });
  it('rejects a progress line cut mid-way', () => {
    const e = parseErrorOf(() => parseBalanceStatus("Balance on '/mnt' is paused\n3 out of about 114 chunks bal"));
    expect(e).toMatchObject({ kind: 'balance-status', lineNumber: 2, line: '3 out of about 114 chunks bal' });
  });
  it('rejects unexpected trailing lines', () => {
    expect(parseErrorOf(() => parseBalanceStatus("No balance found on '/mnt'\nextra\n"))).toMatchObject({ kind: 'balance-status', lineNumber: 2 });
    const indented = "Balance on '/mnt' is paused\n3 out of about 114 chunks balanced (4 considered),  97% left\n  DATA (flags 0x0): balancing\n";
    expect(parseErrorOf(() => parseBalanceStatus(indented))).toMatchObject({ kind: 'balance-status', lineNumber: 3 });
  });
});
