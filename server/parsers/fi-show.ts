/**
 * `btrfs filesystem show [--raw] [<pool>]`: every pool btrfs can see, its members, and which of
 * them are missing.
 *
 * fi show prints each pool's label raw, and btrfs accepts almost any bytes in a label (newlines,
 * tabs, quotes, text like `devid 1 … path …`): a label can imitate whole pool blocks. The inventory
 * therefore never splits the output of every pool (`parseFiShow`, kept for reading bug reports and
 * the Rockstor corpus); it asks about one pool by uuid and reads that pool's block from the end
 * (`parseFiShowPool`), where no label can reach (ADR 010).
 * Two generations of "missing" output exist and both must be read:
 * btrfs-progs/kernels of the 6.x era print a `devid N size 0 used 0 path [<dev>] MISSING` line
 * for a mounted degraded pool; an unmounted pool (and older progs) omits the member and prints
 * `*** Some devices missing`, preceded — before the pool's `Label:` line — by one
 * `warning, device N is missing` line per scan that noticed it.
 */
import { z } from 'zod';
import { ParseError, numberedLines } from './parse-error.ts';
import { type ParsedSize, parseBtrfsSize } from './size-units.ts';

const KIND = 'fi-show';

export const FiShowDevice = z.object({
  devid: z.number().int().nonnegative(),
  sizeBytes: z.number().nonnegative(),
  usedBytes: z.number().nonnegative(),
  /** Null when btrfs no longer knows the member's device node (`path  MISSING`). */
  path: z.string().nullable(),
  missing: z.boolean(),
});
export type FiShowDevice = z.infer<typeof FiShowDevice>;

export const FiShowPool = z.object({
  /** Null for an unlabelled pool (`Label: none`). */
  label: z.string().nullable(),
  uuid: z.string(),
  totalDevices: z.number().int().nonnegative(),
  fsBytesUsed: z.number().nonnegative(),
  /** True when every size in this block was a raw byte count; false when rounded human units. */
  unitsExact: z.boolean(),
  devices: z.array(FiShowDevice),
  /** The `*** Some devices missing` marker was printed for this pool. */
  someDevicesMissing: z.boolean(),
  /** Devids named by `warning, device N is missing` lines printed just before this pool (sorted, unique). */
  missingWarnings: z.array(z.number().int().nonnegative()),
  /** Total devices minus the member lines that are present (not MISSING). */
  missingCount: z.number().int().nonnegative(),
  /** Missing members whose devid is known (sorted, unique); may be shorter than missingCount. */
  missingDevids: z.array(z.number().int().nonnegative()),
});
export type FiShowPool = z.infer<typeof FiShowPool>;

export const FiShow = z.object({ pools: z.array(FiShowPool) });
export type FiShow = z.infer<typeof FiShow>;

const LABEL_RE = /^Label: (?:'(.*)'|none)\s+uuid: ([0-9a-fA-F-]{36})\s*$/;
const TOTAL_RE = /^\s*Total devices (\d+) FS bytes used (\S+)\s*$/;
const DEVID_RE = /^\s*devid\s+(\d+)\s+size\s+(\S+)\s+used\s+(\S+)\s+path(?:\s(.*))?$/;
const MARKER_RE = /^\s*\*\*\* Some devices missing\s*$/;
const WARNING_RE = /^warning, device (\d+) is missing\s*$/;
/** Suffix of a devid line glued to the marker (seen in a Rockstor capture: a missing separator). */
const GLUED_MARKER_RE = /\s*\*\*\* Some devices missing\s*$/;
// Older progs ended the listing with their version (`Btrfs v3.12`, `btrfs-progs v4.4`).
const VERSION_TRAILER_RE = /^(?:btrfs-progs|Btrfs) v\S*\s*$/;
/**
 * stderr lines that show up in captured stdout when the two streams are merged: a stale blkid
 * cache (`ERROR: cannot scan /dev/loopN`) or an unreadable member while scanning. They carry no
 * pool facts, so they are skipped rather than rejected.
 */
const STDERR_NOISE_RE =
  /^(?:ERROR: |WARNING: |bytenr mismatch, |bad tree block |Couldn't read tree root|parent transid verify failed|checksum verify failed|Ignoring transid failure|Could not open root)/;

interface PoolDraft {
  labelLine: { n: number; text: string };
  label: string | null;
  uuid: string;
  total: { devices: number; fsBytesUsed: number; exact: boolean } | null;
  devices: FiShowDevice[];
  exact: boolean;
  marker: boolean;
  warnings: number[];
}

function size(token: string, what: string, line: { n: number; text: string }, kind = KIND): ParsedSize {
  // fi show prints no negative sizes (only `device usage` does): a sign means a line we misread.
  const parsed = token.startsWith('-') ? null : parseBtrfsSize(token);
  if (!parsed) throw new ParseError(kind, `${what} is not a size: ${JSON.stringify(token)}`, line.n, line.text);
  return parsed;
}

/** A line inside a pool block: `Total devices`, a devid line or the missing marker; anything else is an error. */
function blockLine(kind: string, pool: PoolDraft, line: { n: number; text: string }): void {
  const t = line.text;
  const total = TOTAL_RE.exec(t);
  if (total) {
    if (pool.total) throw new ParseError(kind, "second 'Total devices' line in one pool block", line.n, t);
    const used = size(total[2] ?? '', 'FS bytes used', line, kind);
    pool.total = { devices: Number(total[1]), fsBytesUsed: used.bytes, exact: used.exact };
    return;
  }
  const devid = DEVID_RE.exec(t);
  if (devid) {
    if (!pool.total) throw new ParseError(kind, "devid line before the 'Total devices' line", line.n, t);
    pool.devices.push(deviceOf(devid, pool, line, kind));
    return;
  }
  if (MARKER_RE.test(t)) {
    pool.marker = true;
    return;
  }
  throw new ParseError(kind, 'unexpected line in a pool block', line.n, t);
}

function finishPool(draft: PoolDraft): FiShowPool {
  if (!draft.total) {
    throw new ParseError(KIND, "pool block has no 'Total devices' line", draft.labelLine.n, draft.labelLine.text);
  }
  const present = draft.devices.filter((d) => !d.missing);
  const presentDevids = new Set(present.map((d) => d.devid));
  const missingCount = Math.max(0, draft.total.devices - present.length);
  const missingWarnings = [...new Set(draft.warnings)].sort((a, b) => a - b);
  // A scan warns about devices of every pool it touches, and the warnings land before whichever
  // pool is printed next (a Rockstor capture shows one before a healthy single-device pool), so
  // a warned devid counts only for a pool that does lack members and does not list that devid.
  const warned = missingCount > 0 ? missingWarnings.filter((d) => !presentDevids.has(d)) : [];
  const missingDevids = [
    ...new Set([...draft.devices.filter((d) => d.missing).map((d) => d.devid), ...warned]),
  ].sort((a, b) => a - b);
  return {
    label: draft.label,
    uuid: draft.uuid,
    totalDevices: draft.total.devices,
    fsBytesUsed: draft.total.fsBytesUsed,
    unitsExact: draft.exact && draft.total.exact,
    devices: draft.devices,
    someDevicesMissing: draft.marker,
    missingWarnings,
    missingCount,
    missingDevids,
  };
}

/**
 * `btrfs filesystem show --raw -- <uuid>` of one pool whose uuid poolwatch already knows (from sysfs
 * or blkid). The pool's block is found from the end: everything after the LAST `uuid: <uuid>` line
 * end, up to the first empty line, is structure btrfs-progs printed after the label — the label
 * comes before it and cannot reach it. Other blocks in the output (btrfs-progs also lists pools
 * whose label equals the argument) are ignored. With `label` (the label sysfs or blkid gave), the
 * header is checked to be exactly `Label: '<label>'  uuid: <uuid>` and the `warning, device N is
 * missing` lines just above it are read; without it, or when it differs, they are not.
 */
export function parseFiShowPool(text: string, uuid: string, label?: string | null): FiShowPool {
  const kind = 'fi-show-pool';
  const want = uuid.toLowerCase();
  const normalised = text.replace(/\r\n/g, '\n');
  const marker = `uuid: ${want}\n`;
  const at = normalised.toLowerCase().lastIndexOf(marker);
  if (at < 0) throw new ParseError(kind, `no block for pool ${want} in the output`);
  const headerEnd = at + marker.length;
  const lineOf = (offset: number) => normalised.slice(0, offset).split('\n').length;
  const firstLine = lineOf(headerEnd);

  // The header `Label: '<label>'  uuid: <uuid>` ends at `at`. With the label a structured source
  // gave, find where it starts: blkid drops trailing whitespace from labels, fi show prints it, so
  // whitespace between the given label and the closing quote belongs to the label.
  let exactLabel = label ?? null;
  let warnings: number[] = [];
  if (label !== undefined) {
    const header = findHeader(normalised, at, label);
    if (header) {
      exactLabel = header.label;
      const above = normalised.slice(0, header.start).split('\n');
      above.pop();
      for (let i = above.length - 1; i >= 0; i--) {
        const w = WARNING_RE.exec(above[i]!);
        if (!w) break;
        warnings.push(Number(w[1]));
      }
      warnings = warnings.reverse();
    }
  }

  const draft: PoolDraft = {
    labelLine: { n: firstLine - 1, text: `uuid: ${want}` },
    label: exactLabel,
    uuid: want,
    total: null,
    devices: [],
    exact: true,
    marker: false,
    warnings,
  };
  const body = normalised.slice(headerEnd).split('\n');
  for (let i = 0; i < body.length; i++) {
    const line = { n: firstLine + i, text: body[i]! };
    const t = line.text;
    if (t.trim() === '') break;
    if (!STDERR_NOISE_RE.test(t)) blockLine(kind, draft, line);
  }
  try {
    return FiShowPool.parse(finishPool(draft));
  } catch (err) {
    if (err instanceof ParseError) throw new ParseError(kind, err.reason, err.lineNumber, err.line);
    throw err;
  }
}

/**
 * Where the header that ends at `at` (the `uuid: ` of the real header) starts, and the exact label
 * it holds: `Label: none  ` for no label, else `Label: '<label><trailing whitespace>'  ` at the
 * start of a line. Null when the text there is not that header (the label changed meanwhile).
 */
function findHeader(text: string, at: number, label: string | null): { start: number; label: string | null } | null {
  const atLineStart = (i: number) => i === 0 || text[i - 1] === '\n';
  if (label === null) {
    const start = at - 'Label: none  '.length;
    return start >= 0 && text.slice(start, at) === 'Label: none  ' && atLineStart(start) ? { start, label: null } : null;
  }
  const close = at - "'  ".length;
  if (close < 0 || text.slice(close, at) !== "'  ") return null;
  for (let end = close; end >= 0; end--) {
    const start = end - label.length - "Label: '".length;
    if (start >= 0 && text.slice(start, end) === `Label: '${label}` && atLineStart(start)) {
      return { start, label: label + text.slice(end, close) };
    }
    // Only whitespace may lie between the given label and the closing quote.
    if (end > 0 && !/\s/.test(text[end - 1]!)) return null;
  }
  return null;
}

/** One `devid N size S used U path P` line (with the MISSING forms). */
function deviceOf(devid: RegExpExecArray, pool: PoolDraft, line: { n: number; text: string }, kind: string): FiShowDevice {
  const sizeParsed = size(devid[2] ?? '', 'device size', line, kind);
  const usedParsed = size(devid[3] ?? '', 'device used', line, kind);
  let rest = devid[4] ?? '';
  if (GLUED_MARKER_RE.test(rest)) {
    pool.marker = true;
    rest = rest.replace(GLUED_MARKER_RE, '');
  }
  const missing = /(?:^|\s)MISSING\s*$/.test(rest);
  if (missing) rest = rest.replace(/\s*MISSING\s*$/, '');
  const path = rest.trim();
  pool.exact = pool.exact && sizeParsed.exact && usedParsed.exact;
  return {
    devid: Number(devid[1]),
    sizeBytes: sizeParsed.bytes,
    usedBytes: usedParsed.bytes,
    path: path === '' ? null : path,
    missing,
  };
}

export function parseFiShow(text: string): FiShow {
  const lines = numberedLines(text);
  const pools: FiShowPool[] = [];
  let current: PoolDraft | null = null;
  let pendingWarnings: number[] = [];

  const close = (): void => {
    if (current) pools.push(finishPool(current));
    current = null;
  };

  for (const line of lines) {
    const t = line.text;
    if (t.trim() === '') {
      close();
      continue;
    }
    if (VERSION_TRAILER_RE.test(t) || STDERR_NOISE_RE.test(t)) continue;

    const warning = WARNING_RE.exec(t);
    if (warning) {
      // Warnings belong to the pool printed next, never to the one being printed.
      close();
      pendingWarnings.push(Number(warning[1]));
      continue;
    }

    const label = LABEL_RE.exec(t);
    if (label) {
      close();
      current = {
        labelLine: line,
        label: label[1] ?? null,
        uuid: (label[2] ?? '').toLowerCase(),
        total: null,
        devices: [],
        exact: true,
        marker: false,
        warnings: pendingWarnings,
      };
      pendingWarnings = [];
      continue;
    }

    if (!current) throw new ParseError(KIND, "unexpected line outside a pool block (expected 'Label:')", line.n, t);
    blockLine(KIND, current, line);
  }
  close();
  // No output at all is what btrfs-progs prints (exit 0) when it finds no btrfs filesystem.
  return FiShow.parse({ pools });
}
