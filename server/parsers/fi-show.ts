/**
 * `btrfs filesystem show [--raw] [<pool>]`: every pool btrfs can see, its members, and which of
 * them are missing. Two generations of "missing" output exist and both must be read:
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

function size(token: string, what: string, line: { n: number; text: string }): ParsedSize {
  // fi show prints no negative sizes (only `device usage` does): a sign means a line we misread.
  const parsed = token.startsWith('-') ? null : parseBtrfsSize(token);
  if (!parsed) throw new ParseError(KIND, `${what} is not a size: ${JSON.stringify(token)}`, line.n, line.text);
  return parsed;
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
    const pool: PoolDraft = current;

    const total = TOTAL_RE.exec(t);
    if (total) {
      if (pool.total) throw new ParseError(KIND, "second 'Total devices' line in one pool block", line.n, t);
      const used = size(total[2] ?? '', 'FS bytes used', line);
      pool.total = { devices: Number(total[1]), fsBytesUsed: used.bytes, exact: used.exact };
      continue;
    }

    const devid = DEVID_RE.exec(t);
    if (devid) {
      if (!pool.total) throw new ParseError(KIND, "devid line before the 'Total devices' line", line.n, t);
      const sizeParsed = size(devid[2] ?? '', 'device size', line);
      const usedParsed = size(devid[3] ?? '', 'device used', line);
      let rest = devid[4] ?? '';
      if (GLUED_MARKER_RE.test(rest)) {
        pool.marker = true;
        rest = rest.replace(GLUED_MARKER_RE, '');
      }
      const missing = /(?:^|\s)MISSING\s*$/.test(rest);
      if (missing) rest = rest.replace(/\s*MISSING\s*$/, '');
      const path = rest.trim();
      pool.exact = pool.exact && sizeParsed.exact && usedParsed.exact;
      pool.devices.push({
        devid: Number(devid[1]),
        sizeBytes: sizeParsed.bytes,
        usedBytes: usedParsed.bytes,
        path: path === '' ? null : path,
        missing,
      });
      continue;
    }

    if (MARKER_RE.test(t)) {
      pool.marker = true;
      continue;
    }

    throw new ParseError(KIND, 'unexpected line in a pool block', line.n, t);
  }
  close();
  // No output at all is what btrfs-progs prints (exit 0) when it finds no btrfs filesystem.
  return FiShow.parse({ pools });
}
