/**
 * `btrfs balance status [-v] <mnt>`. It exits 1 while a balance is running or paused and 0 when
 * there is none, so the host must not treat exit 1 as failure here. A device remove runs an
 * internal balance this command does not report (it says `No balance found`).
 */
import { z } from 'zod';
import { ParseError, numberedLines } from './parse-error.ts';

const KIND = 'balance-status';

export const BalanceState = z.enum(['idle', 'running', 'paused', 'cancelling', 'pausing']);
export type BalanceState = z.infer<typeof BalanceState>;

export const BalanceStatus = z.object({
  state: BalanceState,
  /** The mount point btrfs echoes back. */
  path: z.string().nullable(),
  /**
   * 100 − `% left`. `idle` reports 100: nothing is left to do (Rockstor's reading of
   * `No balance found`, which the captures assert). Null when btrfs printed `nan`/`inf`.
   */
  percentDone: z.number().nullable(),
  percentLeft: z.number().nullable(),
  chunksBalanced: z.number().int().nonnegative().nullable(),
  /** btrfs' own estimate ("out of about N"); it can change while the balance runs. */
  chunksTotal: z.number().int().nonnegative().nullable(),
  chunksConsidered: z.number().int().nonnegative().nullable(),
  chunksLeft: z.number().int().nonnegative().nullable(),
});
export type BalanceStatus = z.infer<typeof BalanceStatus>;

const IDLE_RE = /^No balance found on '(.*)'\s*$/;
const HEADER_RE = /^Balance on '(.*)' is (running|paused)(?:, (cancel|pause) requested)?\s*$/;
// `%3.f%%` in btrfs-progs: the percentage is right-aligned and can be nan/-nan/inf when the
// expected chunk count is 0.
const PROGRESS_RE = /^(\d+) out of about (\d+) chunks balanced \((\d+) considered\),\s+(-?(?:\d+|nan|inf))% left\s*$/i;
const FILTERS_RE = /^Dumping filters: /;

export function parseBalanceStatus(text: string): BalanceStatus {
  const lines = numberedLines(text).filter((l) => l.text.trim() !== '');
  const first = lines[0];
  if (!first) throw new ParseError(KIND, 'empty output');

  const idle = IDLE_RE.exec(first.text);
  if (idle) {
    const extra = lines[1];
    if (extra) throw new ParseError(KIND, "unexpected line after 'No balance found'", extra.n, extra.text);
    return BalanceStatus.parse({
      state: 'idle',
      path: idle[1] ?? null,
      percentDone: 100,
      percentLeft: 0,
      chunksBalanced: null,
      chunksTotal: null,
      chunksConsidered: null,
      chunksLeft: null,
    });
  }

  const header = HEADER_RE.exec(first.text);
  if (!header) throw new ParseError(KIND, "expected 'Balance on … is running|paused' or 'No balance found'", first.n, first.text);
  const state: BalanceState =
    header[2] === 'paused' ? 'paused' : header[3] === 'cancel' ? 'cancelling' : header[3] === 'pause' ? 'pausing' : 'running';

  const second = lines[1];
  if (!second) throw new ParseError(KIND, 'truncated: no progress line after the header', first.n, first.text);
  const progress = PROGRESS_RE.exec(second.text);
  if (!progress) throw new ParseError(KIND, "expected '<n> out of about <m> chunks balanced (<k> considered), <p>% left'", second.n, second.text);

  let verbose = false;
  for (const line of lines.slice(2)) {
    // -v dumps the balance filters: a header line, then indented per-type lines.
    if (FILTERS_RE.test(line.text)) verbose = true;
    else if (!(verbose && /^\s/.test(line.text))) throw new ParseError(KIND, 'unexpected line', line.n, line.text);
  }

  const balanced = Number(progress[1]);
  const total = Number(progress[2]);
  const leftText = (progress[4] ?? '').toLowerCase();
  const percentLeft = /^-?\d+$/.test(leftText) ? Number(leftText) : null;
  return BalanceStatus.parse({
    state,
    path: header[1] ?? null,
    percentDone: percentLeft === null ? null : 100 - percentLeft,
    percentLeft,
    chunksBalanced: balanced,
    chunksTotal: total,
    chunksConsidered: Number(progress[3]),
    chunksLeft: Math.max(0, total - balanced),
  });
}
