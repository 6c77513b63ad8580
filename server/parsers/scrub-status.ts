/**
 * `btrfs scrub status [-R] <mnt>` (and the same report that `btrfs scrub start -B` prints).
 * Two layouts exist: btrfs-progs < v5.1.2 print `scrub status for <uuid>` and a one-line
 * `scrub started at … and finished after …`; newer ones print `UUID:`, `Scrub started:`,
 * `Status:`, `Duration:`. Each comes as a human summary or, with -R, as the raw kernel counters.
 * Sizes in the human summary are rounded (`56.38MiB`), so byte figures from it are approximate.
 */
import { z } from 'zod';
import { ParseError, numberedLines } from './parse-error.ts';
import { parseBtrfsSize } from './size-units.ts';

const KIND = 'scrub-status';

export const ScrubState = z.enum(['running', 'finished', 'aborted', 'interrupted', 'no-stats']);
export type ScrubState = z.infer<typeof ScrubState>;

/** The counters `-R` prints, in btrfs-progs' order (the kernel's btrfs_scrub_progress). */
const COUNTER_NAMES = [
  'data_extents_scrubbed',
  'tree_extents_scrubbed',
  'data_bytes_scrubbed',
  'tree_bytes_scrubbed',
  'read_errors',
  'csum_errors',
  'verify_errors',
  'no_csum',
  'csum_discards',
  'super_errors',
  'malloc_errors',
  'uncorrectable_errors',
  'unverified_errors',
  'corrected_errors',
  'last_physical',
] as const;
type CounterName = (typeof COUNTER_NAMES)[number];

const Count = z.number().int().nonnegative();

export const ScrubCounters = z
  .object(Object.fromEntries(COUNTER_NAMES.map((n) => [n, Count])) as Record<CounterName, typeof Count>)
  // A future kernel counter must not make the whole status unreadable.
  .catchall(Count);
export type ScrubCounters = z.infer<typeof ScrubCounters>;

export const ScrubErrorSummary = z.object({
  read: Count,
  super: Count,
  verify: Count,
  csum: Count,
  corrected: Count,
  uncorrectable: Count,
  unverified: Count,
});
export type ScrubErrorSummary = z.infer<typeof ScrubErrorSummary>;

export const ScrubStatus = z.object({
  format: z.enum(['modern', 'legacy']),
  /** Filesystem uuid from the header line. */
  uuid: z.string(),
  state: ScrubState,
  /** Start (or resume) time as printed (`%c`, local time). */
  started: z.string().nullable(),
  /** The same as `YYYY-MM-DDTHH:MM:SS` local time, when printed in the C locale. */
  startedLocal: z.string().nullable(),
  resumed: z.boolean(),
  durationSeconds: Count.nullable(),
  /** `Time left:` of a running scrub (human form only). */
  etaSeconds: Count.nullable(),
  /** `ETA:` as printed, and as `YYYY-MM-DDTHH:MM:SS` local time. */
  eta: z.string().nullable(),
  etaLocal: z.string().nullable(),
  /** `Total to scrub:` (human form only). */
  totalBytes: z.number().nonnegative().nullable(),
  /** data + tree bytes from -R; `Bytes scrubbed:` / `total bytes scrubbed:` in human forms. */
  bytesScrubbed: z.number().nonnegative().nullable(),
  percentDone: z.number().nonnegative().nullable(),
  /** As printed, e.g. `530.83MiB/s`. */
  rate: z.string().nullable(),
  rateBytesPerSecond: z.number().nonnegative().nullable(),
  /** The parenthesis after the rate: `limit 1.00GiB/s` or `some device limits set`. */
  rateLimit: z.string().nullable(),
  /** All raw counters (`-R` only). */
  counters: ScrubCounters.nullable(),
  errorSummary: ScrubErrorSummary.nullable(),
  /** btrfs warned that memory allocation failed while scrubbing: numbers may be low. */
  mallocWarning: z.boolean(),
});
export type ScrubStatus = z.infer<typeof ScrubStatus>;

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const C_LOCALE_DATE_RE = /^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) ([A-Z][a-z]{2}) +(\d{1,2}) (\d{2}):(\d{2}):(\d{2}) (\d{4})$/;

/** `Fri Feb 10 11:47:24 2023` (strftime `%c`, C locale) → `2023-02-10T11:47:24`; null otherwise. */
function cLocaleDateToIso(text: string): string | null {
  const m = C_LOCALE_DATE_RE.exec(text.trim());
  if (!m) return null;
  const month = MONTHS.indexOf(m[1] ?? '');
  if (month < 0) return null;
  const pad = (s: string | number): string => String(s).padStart(2, '0');
  return `${m[6]}-${pad(month + 1)}-${pad(m[2] ?? '')}T${m[3]}:${m[4]}:${m[5]}`;
}

function hmsToSeconds(h: string | undefined, m: string | undefined, s: string | undefined): number {
  return Number(h) * 3600 + Number(m) * 60 + Number(s);
}

const HMS = String.raw`(\d+):(\d{2}):(\d{2})`;
const RE = {
  uuidHeader: /^UUID:\s+([0-9a-fA-F-]{36})\s*$/,
  startHeader: /^scrub (?:done|canceled) for ([0-9a-fA-F-]{36})\s*$/,
  legacyHeader: /^scrub status for ([0-9a-fA-F-]{36})\s*$/,
  noStats: /^\s*no stats available\s*$/,
  started: /^Scrub (started|resumed):\s+(.+?)\s*$/,
  status: /^Status:\s+(\S+)\s*$/,
  duration: new RegExp(String.raw`^Duration:\s+${HMS}\s*$`),
  timeLeft: new RegExp(String.raw`^Time left:\s+${HMS}\s*$`),
  eta: /^ETA:\s+(.+?)\s*$/,
  total: /^Total to scrub:\s+(\S+)\s*$/,
  bytesScrubbed: /^Bytes scrubbed:\s+(\S+)(?:\s+\((\d+(?:\.\d+)?)%\))?\s*$/,
  rate: /^Rate:\s+(\S+\/s)(?:\s+\((.*)\))?\s*$/,
  errorSummary: /^Error summary:\s+(.*?)\s*$/,
  corrected: /^\s+Corrected:\s+(\d+)\s*$/,
  uncorrectable: /^\s+Uncorrectable:\s+(\d+)\s*$/,
  unverified: /^\s+Unverified:\s+(\d+)\s*$/,
  counter: /^\s+([a-z_]+): (\d+)\s*$/,
  legacyStarted: new RegExp(
    String.raw`^\s*scrub (started|resumed) at (.+?)(?: and finished after | and was aborted after |, running for |, interrupted after )${HMS}(?:, not running)?\s*$`,
  ),
  legacyTotal: /^\s*total bytes scrubbed: (\S+) with (\d+) errors\s*$/,
  legacyDetails: /^\s*error details:(.*?)\s*$/,
  legacyCorrected: /^\s*corrected errors: (\d+), uncorrectable errors: (\d+), unverified errors: (\d+)\s*$/,
  mallocWarning: /^\*\*\* WARNING: memory allocation failed while scrubbing/,
  perDevice: /^scrub device /,
  // `scrub start -B` progress chatter, and stderr lines when the streams are merged.
  ignorable: /^(?:Starting scrub on devid \d+|ERROR: .*|WARNING: .*)\s*$/,
};

const MODERN_STATES: Record<string, ScrubState> = {
  running: 'running',
  finished: 'finished',
  aborted: 'aborted',
  interrupted: 'interrupted',
};

function legacyState(text: string): ScrubState {
  if (text.includes(' and finished after ')) return 'finished';
  if (text.includes(' and was aborted after ')) return 'aborted';
  if (text.includes(', running for ')) return 'running';
  return 'interrupted';
}

/** `read=1 super=2 verify=3 csum=4` (any subset, any order). */
function errorCounts(list: string, line: { n: number; text: string }): Record<'read' | 'super' | 'verify' | 'csum', number> {
  const counts = { read: 0, super: 0, verify: 0, csum: 0 };
  for (const item of list.trim().split(/\s+/).filter(Boolean)) {
    const m = /^(read|super|verify|csum)=(\d+)$/.exec(item);
    if (!m) throw new ParseError(KIND, `unknown error count ${JSON.stringify(item)}`, line.n, line.text);
    counts[m[1] as keyof typeof counts] = Number(m[2]);
  }
  return counts;
}

function sizeOf(token: string, line: { n: number; text: string }): number {
  // Scrub reports no negative sizes: a sign means a line we misread.
  const parsed = token.startsWith('-') ? null : parseBtrfsSize(token);
  if (!parsed) throw new ParseError(KIND, `not a size: ${JSON.stringify(token)}`, line.n, line.text);
  return parsed.bytes;
}

export function parseScrubStatus(text: string): ScrubStatus {
  const lines = numberedLines(text);
  const meaningful = lines.filter((l) => l.text.trim() !== '' && !RE.ignorable.test(l.text));
  const first = meaningful[0];
  if (!first) throw new ParseError(KIND, 'empty output');
  const last = meaningful[meaningful.length - 1] ?? first;

  let format: 'modern' | 'legacy' | null = null;
  let uuid: string | null = null;
  const header = RE.uuidHeader.exec(first.text) ?? RE.startHeader.exec(first.text);
  const legacyHeader = RE.legacyHeader.exec(first.text);
  if (header) {
    uuid = header[1] ?? null;
    format = RE.uuidHeader.test(first.text) ? 'modern' : null;
  } else if (legacyHeader) {
    uuid = legacyHeader[1] ?? null;
    format = 'legacy';
  } else {
    throw new ParseError(KIND, "expected a 'UUID:' or 'scrub status for' header", first.n, first.text);
  }

  let noStats = false;
  let started: string | null = null;
  let resumed = false;
  let state: ScrubState | null = null;
  let statusLine: { n: number; text: string } | null = null;
  let durationSeconds: number | null = null;
  let etaSeconds: number | null = null;
  let eta: string | null = null;
  let totalBytes: number | null = null;
  let bytesScrubbed: number | null = null;
  let printedPercent: number | null = null;
  let rate: string | null = null;
  let rateBytesPerSecond: number | null = null;
  let rateLimit: string | null = null;
  let mallocWarning = false;
  let summaryLine: { n: number; text: string } | null = null;
  let summaryCounts: Record<'read' | 'super' | 'verify' | 'csum', number> | null = null;
  let corrected: number | null = null;
  let uncorrectable: number | null = null;
  let unverified: number | null = null;
  /** The legacy summary line said `with N errors`, N > 0: the detail lines must follow. */
  let errorsAnnounced = false;
  const counters: Record<string, number> = {};
  let lastCounterLine: { n: number; text: string } | null = null;

  const setFormat = (f: 'modern' | 'legacy', line: { n: number; text: string }): void => {
    if (format !== null && format !== f) throw new ParseError(KIND, `${f}-layout line in ${format}-layout output`, line.n, line.text);
    format = f;
  };

  for (const line of meaningful.slice(1)) {
    const t = line.text;
    let m: RegExpExecArray | null;
    if (RE.perDevice.test(t)) {
      throw new ParseError(KIND, 'per-device output (-d) is not supported', line.n, t);
    } else if (RE.noStats.test(t)) {
      noStats = true;
    } else if ((m = RE.started.exec(t))) {
      setFormat('modern', line);
      resumed = m[1] === 'resumed';
      started = m[2] ?? null;
    } else if ((m = RE.status.exec(t))) {
      setFormat('modern', line);
      const s = MODERN_STATES[m[1] ?? ''];
      if (!s) throw new ParseError(KIND, `unknown scrub status ${JSON.stringify(m[1])}`, line.n, t);
      state = s;
      statusLine = line;
    } else if ((m = RE.duration.exec(t))) {
      setFormat('modern', line);
      durationSeconds = hmsToSeconds(m[1], m[2], m[3]);
    } else if ((m = RE.timeLeft.exec(t))) {
      setFormat('modern', line);
      etaSeconds = hmsToSeconds(m[1], m[2], m[3]);
    } else if ((m = RE.eta.exec(t))) {
      setFormat('modern', line);
      eta = m[1] ?? null;
    } else if ((m = RE.total.exec(t))) {
      setFormat('modern', line);
      totalBytes = sizeOf(m[1] ?? '', line);
    } else if ((m = RE.bytesScrubbed.exec(t))) {
      setFormat('modern', line);
      bytesScrubbed = sizeOf(m[1] ?? '', line);
      printedPercent = m[2] === undefined ? null : Number(m[2]);
    } else if ((m = RE.rate.exec(t))) {
      setFormat('modern', line);
      rate = m[1] ?? null;
      rateBytesPerSecond = sizeOf((m[1] ?? '').replace(/\/s$/, ''), line);
      rateLimit = m[2] ?? null;
    } else if ((m = RE.errorSummary.exec(t))) {
      setFormat('modern', line);
      summaryLine = line;
      summaryCounts = m[1] === 'no errors found' ? { read: 0, super: 0, verify: 0, csum: 0 } : errorCounts(m[1] ?? '', line);
    } else if ((m = RE.corrected.exec(t))) {
      corrected = Number(m[1]);
    } else if ((m = RE.uncorrectable.exec(t))) {
      uncorrectable = Number(m[1]);
    } else if ((m = RE.unverified.exec(t))) {
      unverified = Number(m[1]);
    } else if ((m = RE.legacyStarted.exec(t))) {
      setFormat('legacy', line);
      resumed = m[1] === 'resumed';
      started = m[2] ?? null;
      state = legacyState(t);
      statusLine = line;
      durationSeconds = hmsToSeconds(m[3], m[4], m[5]);
    } else if ((m = RE.legacyTotal.exec(t))) {
      setFormat('legacy', line);
      summaryLine = line;
      bytesScrubbed = sizeOf(m[1] ?? '', line);
      summaryCounts = { read: 0, super: 0, verify: 0, csum: 0 };
      errorsAnnounced = Number(m[2]) > 0;
    } else if ((m = RE.legacyDetails.exec(t))) {
      setFormat('legacy', line);
      summaryCounts = errorCounts(m[1] ?? '', line);
    } else if ((m = RE.legacyCorrected.exec(t))) {
      setFormat('legacy', line);
      corrected = Number(m[1]);
      uncorrectable = Number(m[2]);
      unverified = Number(m[3]);
    } else if (RE.mallocWarning.test(t)) {
      mallocWarning = true;
    } else if ((m = RE.counter.exec(t))) {
      const name = m[1] ?? '';
      if (name in counters) throw new ParseError(KIND, `counter ${name} repeated`, line.n, t);
      counters[name] = Number(m[2]);
      lastCounterLine = line;
    } else {
      throw new ParseError(KIND, 'unexpected line', line.n, t);
    }
  }

  // `scrub done for` headers say nothing about the layout; the lines after it do.
  const layout: 'modern' | 'legacy' = format ?? 'modern';

  if (state === null) {
    if (!noStats) throw new ParseError(KIND, "truncated: no 'Status:' line and no 'no stats available'", last.n, last.text);
    // A running scrub that has not recorded progress yet prints no Status line, only `Time left:`.
    state = etaSeconds !== null ? 'running' : 'no-stats';
  } else if (layout === 'modern' && durationSeconds === null) {
    const at = statusLine ?? last;
    throw new ParseError(KIND, "truncated: 'Status:' without 'Duration:'", at.n, at.text);
  }

  let counterSet: ScrubCounters | null = null;
  if (lastCounterLine) {
    const absent = COUNTER_NAMES.filter((n) => !(n in counters));
    if (absent.length > 0) {
      throw new ParseError(KIND, `truncated raw counters: missing ${absent.join(', ')}`, lastCounterLine.n, lastCounterLine.text);
    }
    counterSet = ScrubCounters.parse(counters);
  } else if (!summaryLine) {
    throw new ParseError(KIND, 'truncated: neither raw counters nor an error summary', last.n, last.text);
  }

  let errorSummary: ScrubErrorSummary | null = null;
  if (counterSet) {
    errorSummary = {
      read: counterSet.read_errors,
      super: counterSet.super_errors,
      verify: counterSet.verify_errors,
      csum: counterSet.csum_errors,
      corrected: counterSet.corrected_errors,
      uncorrectable: counterSet.uncorrectable_errors,
      unverified: counterSet.unverified_errors,
    };
    bytesScrubbed = counterSet.data_bytes_scrubbed + counterSet.tree_bytes_scrubbed;
  } else if (summaryCounts && summaryLine) {
    if ((errorsAnnounced || Object.values(summaryCounts).some((v) => v > 0)) && corrected === null) {
      throw new ParseError(KIND, 'truncated: error counts without the corrected/uncorrectable counts', summaryLine.n, summaryLine.text);
    }
    errorSummary = {
      ...summaryCounts,
      corrected: corrected ?? 0,
      uncorrectable: uncorrectable ?? 0,
      unverified: unverified ?? 0,
    };
  }

  let percentDone: number | null = printedPercent;
  if (percentDone === null) {
    if (state === 'finished') percentDone = 100;
    else if (bytesScrubbed !== null && totalBytes) percentDone = Math.round((bytesScrubbed / totalBytes) * 10000) / 100;
  }

  return ScrubStatus.parse({
    format: layout,
    uuid: (uuid ?? '').toLowerCase(),
    state,
    started,
    startedLocal: started === null ? null : cLocaleDateToIso(started),
    resumed,
    durationSeconds,
    etaSeconds,
    eta,
    etaLocal: eta === null ? null : cLocaleDateToIso(eta),
    totalBytes,
    bytesScrubbed,
    percentDone,
    rate,
    rateBytesPerSecond,
    rateLimit,
    counters: counterSet,
    errorSummary,
    mallocWarning,
  });
}
