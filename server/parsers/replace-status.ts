/**
 * `btrfs replace status -1 <mnt>`: one line. Without `-1` btrfs reprints the line every second,
 * erasing it with backspaces; such a stream is accepted too and its last line wins.
 * The kernel updates progress once per chunk, and a cancelled replace reports `at 0.0%` whatever
 * it had reached, so `percentDone` of a cancelled replace says little.
 */
import { z } from 'zod';
import { ParseError, numberedLines } from './parse-error.ts';

const KIND = 'replace-status';

export const ReplaceState = z.enum(['never-started', 'running', 'finished', 'cancelled', 'suspended']);
export type ReplaceState = z.infer<typeof ReplaceState>;

export const ReplaceStatus = z.object({
  state: ReplaceState,
  /** Tenths of a percent as printed; 100 when finished; null when never started. */
  percentDone: z.number().min(0).max(100).nullable(),
  /** Null when btrfs printed no counters (`Never started`). */
  writeErrors: z.number().int().nonnegative().nullable(),
  uncorrectableReadErrors: z.number().int().nonnegative().nullable(),
  /** Local time as printed (`%e.%b %T`, e.g. `26.Nov 15:03:20`: no year, no zone). */
  startedAt: z.string().nullable(),
  /** When it finished, was cancelled or suspended; same format as startedAt. */
  stoppedAt: z.string().nullable(),
});
export type ReplaceStatus = z.infer<typeof ReplaceStatus>;

const ERRS = String.raw`(\d+) write errs, (\d+) uncorr\. read errs`;
const NEVER_RE = /^Never started\s*$/;
const RUNNING_RE = new RegExp(String.raw`^(\d+(?:\.\d+)?)% done, ${ERRS}\s*$`);
const FINISHED_RE = new RegExp(String.raw`^Started on (.+?), finished on (.+?), ${ERRS}\s*$`);
const STOPPED_RE = new RegExp(String.raw`^Started on (.+?), (canceled|suspended) on (.+?) at (\d+(?:\.\d+)?)%, ${ERRS}\s*$`);

export function parseReplaceStatus(text: string): ReplaceStatus {
  const lines = numberedLines(text).filter((l) => l.text.trim() !== '');
  const first = lines[0];
  if (!first) throw new ParseError(KIND, 'empty output');
  const extra = lines[1];
  if (extra) throw new ParseError(KIND, 'expected a single status line', extra.n, extra.text);

  // Continuous mode: "<status>\b\b\b…<status>\b\b\b…<status>"; the last segment is the newest.
  const segments = first.text.split('\b').filter((s) => s.trim() !== '');
  const t = (segments[segments.length - 1] ?? '').trim();
  const fail = (reason: string): never => {
    throw new ParseError(KIND, reason, first.n, first.text);
  };

  if (NEVER_RE.test(t)) {
    return ReplaceStatus.parse({
      state: 'never-started',
      percentDone: null,
      writeErrors: null,
      uncorrectableReadErrors: null,
      startedAt: null,
      stoppedAt: null,
    });
  }
  const running = RUNNING_RE.exec(t);
  if (running) {
    return ReplaceStatus.parse({
      state: 'running',
      percentDone: Number(running[1]),
      writeErrors: Number(running[2]),
      uncorrectableReadErrors: Number(running[3]),
      startedAt: null,
      stoppedAt: null,
    });
  }
  const finished = FINISHED_RE.exec(t);
  if (finished) {
    return ReplaceStatus.parse({
      state: 'finished',
      percentDone: 100,
      writeErrors: Number(finished[3]),
      uncorrectableReadErrors: Number(finished[4]),
      startedAt: finished[1]?.trim() ?? null,
      stoppedAt: finished[2]?.trim() ?? null,
    });
  }
  const stopped = STOPPED_RE.exec(t);
  if (stopped) {
    return ReplaceStatus.parse({
      state: stopped[2] === 'canceled' ? 'cancelled' : 'suspended',
      percentDone: Number(stopped[4]),
      writeErrors: Number(stopped[5]),
      uncorrectableReadErrors: Number(stopped[6]),
      startedAt: stopped[1]?.trim() ?? null,
      stoppedAt: stopped[3]?.trim() ?? null,
    });
  }
  return fail("expected 'Never started', '<p>% done, …' or 'Started on …, finished|canceled|suspended on …'");
}
