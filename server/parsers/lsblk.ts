/**
 * lsblk, in the two forms poolwatch meets:
 * - `lsblk -J -b -O` (what poolwatch runs): JSON tree, partitions nested under `children`.
 *   util-linux >= 2.33 prints numbers and booleans as JSON numbers/booleans; older versions print
 *   every value as a string (`"size": "1073741824"`, `"rota": "1"`). Both are accepted.
 * - `lsblk -P -p -o NAME,MODEL,SERIAL,…` (what Rockstor runs, hence the corpus): one line of
 *   `KEY="value"` pairs per device, the tree flattened and sizes in human units.
 *
 * Without udevd (containers, this lab VM) lsblk cannot read FSTYPE/LABEL/UUID/serial from the udev
 * database: those come back null. Callers must not read "no filesystem" from a null fstype.
 */
import { z } from 'zod';
import { ParseError, numberedLines } from './parse-error.ts';
import { lineContaining, parseJsonText } from './json-input.ts';

export interface LsblkDevice {
  /** Kernel name (`sda`, `nvme0n1p1`), or the full path when lsblk ran with `-p`. */
  name: string;
  kname: string | null;
  /** `/dev/…` path; null from util-linux too old to have the PATH column. */
  path: string | null;
  /** `disk`, `part`, `loop`, `rom`, `crypt`, `raid1`, `lvm`, … */
  type: string;
  sizeBytes: number | null;
  model: string | null;
  serial: string | null;
  wwn: string | null;
  vendor: string | null;
  /** Transport: `sata`, `nvme`, `usb`, `sas`, … */
  tran: string | null;
  rota: boolean | null;
  hctl: string | null;
  fstype: string | null;
  label: string | null;
  uuid: string | null;
  /** Where the device is mounted (a btrfs device can be mounted at several places: subvolumes). */
  mountpoints: string[];
  /** Parent kernel name for a partition or holder. */
  pkname: string | null;
  children: LsblkDevice[];
}

export const LsblkDevice: z.ZodType<LsblkDevice> = z.object({
  name: z.string().min(1),
  kname: z.string().nullable(),
  path: z.string().nullable(),
  type: z.string(),
  sizeBytes: z.number().int().nonnegative().nullable(),
  model: z.string().nullable(),
  serial: z.string().nullable(),
  wwn: z.string().nullable(),
  vendor: z.string().nullable(),
  tran: z.string().nullable(),
  rota: z.boolean().nullable(),
  hctl: z.string().nullable(),
  fstype: z.string().nullable(),
  label: z.string().nullable(),
  uuid: z.string().nullable(),
  mountpoints: z.array(z.string()),
  pkname: z.string().nullable(),
  get children() {
    return z.array(LsblkDevice);
  },
});

export const LsblkReport = z.object({ devices: z.array(LsblkDevice) });
export type LsblkReport = z.infer<typeof LsblkReport>;

const KIND = 'lsblk';

const Scalar = z.union([z.string(), z.number(), z.boolean(), z.null()]).optional();
// One node at a time (children checked when visited), so an error names the device at fault.
const RawDevice = z.looseObject({
  name: z.string().min(1),
  kname: Scalar,
  path: Scalar,
  type: Scalar,
  size: Scalar,
  model: Scalar,
  serial: Scalar,
  wwn: Scalar,
  vendor: Scalar,
  tran: Scalar,
  rota: Scalar,
  hctl: Scalar,
  fstype: Scalar,
  label: Scalar,
  uuid: Scalar,
  mountpoint: Scalar,
  mountpoints: z.array(z.string().nullable()).optional(),
  pkname: Scalar,
  children: z.array(z.unknown()).optional(),
});

/** Trimmed text, '' → null: lsblk pads VENDOR/MODEL with spaces (`"ATA     "`). */
function text(v: string | number | boolean | null | undefined): string | null {
  if (v === null || v === undefined) return null;
  const t = String(v).trim();
  return t === '' ? null : t;
}

export function parseLsblkJson(input: string): LsblkReport {
  const json = parseJsonText(KIND, input);
  const report = z.object({ blockdevices: z.array(z.unknown()) }).safeParse(json);
  if (!report.success) {
    const first = lineContaining(input, '{');
    throw new ParseError(KIND, 'expected {"blockdevices": [...]}', first?.n, first?.text);
  }

  const convert = (node: unknown, where: string): LsblkDevice => {
    const name = typeof node === 'object' && node && 'name' in node ? String((node as { name: unknown }).name) : null;
    const blame = name ? lineContaining(input, `"name": ${JSON.stringify(name)}`) : null;
    const fail = (reason: string): never => {
      throw new ParseError(KIND, `${where}${name ? ` (${name})` : ''}: ${reason}`, blame?.n, blame?.text);
    };
    const raw = RawDevice.safeParse(node);
    if (!raw.success) {
      const issue = raw.error.issues[0];
      return fail(issue ? `${issue.path.join('.')} ${issue.message}` : 'unexpected shape');
    }
    const d = raw.data;

    let sizeBytes: number | null = null;
    if (d.size !== null && d.size !== undefined) {
      const s = String(d.size);
      if (!/^\d+$/.test(s)) fail(`size "${s}" is not in bytes (run lsblk with -b)`);
      sizeBytes = Number(s);
    }

    let rota: boolean | null = null;
    if (typeof d.rota === 'boolean') rota = d.rota;
    else if (d.rota === 1 || d.rota === '1') rota = true;
    else if (d.rota === 0 || d.rota === '0') rota = false;
    else if (d.rota !== null && d.rota !== undefined) fail(`rota "${String(d.rota)}" is not a boolean`);

    const type = text(d.type);
    if (!type) fail('no type');

    // util-linux >= 2.37 lists every mount point (`[null]` when unmounted); older ones only MOUNTPOINT.
    const mountpoints = d.mountpoints
      ? d.mountpoints.filter((m): m is string => typeof m === 'string' && m !== '')
      : text(d.mountpoint) !== null
        ? [String(d.mountpoint)]
        : [];

    return {
      name: d.name,
      kname: text(d.kname),
      path: text(d.path),
      type: type!,
      sizeBytes,
      model: text(d.model),
      serial: text(d.serial),
      wwn: text(d.wwn),
      vendor: text(d.vendor),
      tran: text(d.tran),
      rota,
      hctl: text(d.hctl),
      fstype: text(d.fstype),
      label: text(d.label),
      uuid: text(d.uuid),
      mountpoints,
      pkname: text(d.pkname),
      children: (d.children ?? []).map((c, k) => convert(c, `${where}.children[${k}]`)),
    };
  };

  const devices = report.data.blockdevices.map((node, k) => convert(node, `blockdevices[${k}]`));
  return LsblkReport.parse({ devices });
}

// ---------------------------------------------------------------------------------------------
// `lsblk -P -p -o NAME,MODEL,SERIAL,SIZE,TRAN,VENDOR,HCTL,TYPE,FSTYPE,LABEL,UUID`

const PAIRS_KIND = 'lsblk-pairs';

export const LsblkPairsRow = z.object({
  /** Every KEY="value" pair of the line, values unescaped but otherwise as printed (padding kept). */
  fields: z.record(z.string(), z.string()),
  name: z.string(),
  model: z.string().nullable(),
  serial: z.string().nullable(),
  /** SIZE as printed (`6.7G`, or bytes with `-b`). */
  size: z.string().nullable(),
  /** SIZE in bytes; approximate when lsblk printed human units. */
  sizeBytes: z.number().int().nonnegative().nullable(),
  sizeExact: z.boolean(),
  tran: z.string().nullable(),
  vendor: z.string().nullable(),
  hctl: z.string().nullable(),
  type: z.string().nullable(),
  fstype: z.string().nullable(),
  label: z.string().nullable(),
  uuid: z.string().nullable(),
});
export type LsblkPairsRow = z.infer<typeof LsblkPairsRow>;

export const LsblkPairsReport = z.object({ rows: z.array(LsblkPairsRow) });
export type LsblkPairsReport = z.infer<typeof LsblkPairsReport>;

// lsblk's human sizes are binary (K = KiB) with at most one decimal.
const LSBLK_UNITS: Readonly<Record<string, number>> = { B: 1, K: 1024, M: 1024 ** 2, G: 1024 ** 3, T: 1024 ** 4, P: 1024 ** 5, E: 1024 ** 6 };

/** `6.7G` → bytes (approximate); plain digits are bytes (`-b`). null when not a size. */
export function parseLsblkSize(s: string): { bytes: number; exact: boolean } | null {
  if (/^\d+$/.test(s)) return { bytes: Number(s), exact: true };
  const m = /^(\d+(?:[.,]\d+)?)([BKMGTPE])$/.exec(s);
  if (!m) return null;
  const factor = LSBLK_UNITS[m[2]!]!;
  return { bytes: Math.round(Number(m[1]!.replace(',', '.')) * factor), exact: factor === 1 };
}

/**
 * Reads one `KEY="value"` line. lsblk escapes unsafe characters in values as `\xHH` (a quote
 * is `\x22`, a backslash `\x5c`); `\"` and `\\` are accepted too.
 */
function readPairs(line: { n: number; text: string }): Record<string, string> {
  const fields: Record<string, string> = {};
  const s = line.text;
  let i = 0;
  const fail = (reason: string): never => {
    throw new ParseError(PAIRS_KIND, `${reason} at column ${i + 1}`, line.n, line.text);
  };
  while (i < s.length) {
    if (s[i] === ' ' || s[i] === '\t') {
      i++;
      continue;
    }
    const key = /^([A-Za-z0-9_:%.-]+)="/.exec(s.slice(i));
    if (!key) fail('expected KEY="value"');
    i += key![0].length;
    let value = '';
    for (;;) {
      if (i >= s.length) fail(`unterminated value of ${key![1]!}`);
      const c = s[i]!;
      if (c === '"') {
        i++;
        break;
      }
      if (c === '\\') {
        const hex = /^\\x([0-9a-fA-F]{2})/.exec(s.slice(i));
        if (hex) {
          value += String.fromCharCode(parseInt(hex[1]!, 16));
          i += 4;
          continue;
        }
        const next = s[i + 1];
        if (next === '"' || next === '\\') {
          value += next;
          i += 2;
          continue;
        }
      }
      value += c;
      i++;
    }
    if (i < s.length && s[i] !== ' ' && s[i] !== '\t') fail('expected a space after the closing quote');
    if (key![1]! in fields) fail(`${key![1]!} given twice`);
    fields[key![1]!] = value;
  }
  return fields;
}

export function parseLsblkPairs(input: string): LsblkPairsReport {
  const rows: LsblkPairsRow[] = [];
  for (const line of numberedLines(input)) {
    if (line.text.trim() === '') continue;
    const fields = readPairs(line);
    const get = (k: string) => text(fields[k]);
    const name = get('NAME');
    if (!name) throw new ParseError(PAIRS_KIND, 'line has no NAME', line.n, line.text);
    const size = get('SIZE');
    const parsedSize = size === null ? null : parseLsblkSize(size);
    if (size !== null && !parsedSize) throw new ParseError(PAIRS_KIND, `SIZE "${size}" is not a size`, line.n, line.text);
    rows.push({
      fields,
      name,
      model: get('MODEL'),
      serial: get('SERIAL'),
      size,
      sizeBytes: parsedSize ? parsedSize.bytes : null,
      sizeExact: parsedSize ? parsedSize.exact : false,
      tran: get('TRAN'),
      vendor: get('VENDOR'),
      hctl: get('HCTL'),
      type: get('TYPE'),
      fstype: get('FSTYPE'),
      label: get('LABEL'),
      uuid: get('UUID'),
    });
  }
  if (rows.length === 0) throw new ParseError(PAIRS_KIND, 'empty output');
  return LsblkPairsReport.parse({ rows });
}
