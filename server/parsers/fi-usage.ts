/**
 * `btrfs filesystem usage -T -b <mnt>` (raw bytes) and `btrfs filesystem usage -T <mnt>` (human
 * units): the Overall block and the per-device table, whose columns are block-group types with
 * their profiles. More than one column for a type is the visible sign of mixed profiles.
 *
 * btrfs-progs 6.2 has no JSON form of this command (`--format json` is refused), hence text.
 */
import { z } from 'zod';
import { Profile, ProfileSet } from '../../contracts/api.ts';
import { ParseError, numberedLines } from './parse-error.ts';
import { parseBtrfsSize } from './size-units.ts';
import { AllocationType, addProfile, allocationTypeOf, emptyProfileSet, hasMixedProfiles, profileOf } from './block-group.ts';

const KIND = 'fi-usage';

export const FiUsageColumn = z.object({ type: AllocationType, profile: Profile });
export type FiUsageColumn = z.infer<typeof FiUsageColumn>;

export const FiUsageAllocation = z.object({ type: AllocationType, profile: Profile, bytes: z.number().int().nonnegative() });
export type FiUsageAllocation = z.infer<typeof FiUsageAllocation>;

export const FiUsageDevice = z.object({
  devid: z.number().int().nonnegative(),
  /** null for a missing member (btrfs-progs prints `missing`, or `<missing disk>` on newer kernels). */
  path: z.string().nullable(),
  missing: z.boolean(),
  /** devid 0 is the target of a running `btrfs replace`; it counts in the totals meanwhile. */
  replaceTarget: z.boolean(),
  /** The cells of this row that hold an allocation (`-` cells are left out), in column order. */
  allocations: z.array(FiUsageAllocation),
  /** Negative while a device remove moves chunks off this member. */
  unallocatedBytes: z.number().int(),
  /** The size btrfs uses on this member; null when the table has no Total column (older btrfs-progs). */
  totalBytes: z.number().int().nonnegative().nullable(),
  /** Device bytes beyond the size btrfs uses (a replace by a larger disk before `resize max`); null without a Slack column. */
  slackBytes: z.number().int().nonnegative().nullable(),
});
export type FiUsageDevice = z.infer<typeof FiUsageDevice>;

export const FiUsageColumnTotal = z.object({
  type: AllocationType,
  profile: Profile,
  /** Logical size of the chunks of this type/profile (the table's Total row). */
  totalBytes: z.number().int().nonnegative(),
  /** The table's Used row; null when the row is absent. */
  usedBytes: z.number().int().nonnegative().nullable(),
});
export type FiUsageColumnTotal = z.infer<typeof FiUsageColumnTotal>;

export const FiUsageOverall = z.object({
  deviceSizeBytes: z.number().int().nonnegative(),
  deviceAllocatedBytes: z.number().int().nonnegative(),
  deviceUnallocatedBytes: z.number().int(),
  deviceMissingBytes: z.number().int().nonnegative(),
  /** null when btrfs-progs is too old to print `Device slack:`. */
  deviceSlackBytes: z.number().int().nonnegative().nullable(),
  usedBytes: z.number().int().nonnegative(),
  freeEstimatedBytes: z.number().int(),
  freeEstimatedMinBytes: z.number().int().nullable(),
  freeStatfsBytes: z.number().int().nullable(),
  dataRatio: z.number().nonnegative(),
  metadataRatio: z.number().nonnegative(),
  globalReserveBytes: z.number().int().nonnegative().nullable(),
  globalReserveUsedBytes: z.number().int().nonnegative().nullable(),
  /** The `Multiple profiles:` line (btrfs-progs >= 5.x); null when absent. */
  multipleProfiles: z.boolean().nullable(),
  /** The types named after `Multiple profiles: yes`, e.g. `(data, metadata)`. */
  multipleProfilesTypes: z.array(AllocationType),
});
export type FiUsageOverall = z.infer<typeof FiUsageOverall>;

export const FiUsage = z.object({
  /** False when the output was in human units (values rounded by btrfs-progs), true for `-b`. */
  unitsExact: z.boolean(),
  overall: FiUsageOverall,
  columns: z.array(FiUsageColumn),
  devices: z.array(FiUsageDevice),
  columnTotals: z.array(FiUsageColumnTotal),
  profiles: ProfileSet,
  /** More than one profile for some type (from the table's columns). */
  mixedProfiles: z.boolean(),
});
export type FiUsage = z.infer<typeof FiUsage>;

type Line = { n: number; text: string };

/** What btrfs-progs prints as the path of a member it cannot open. */
const MISSING_PATHS = new Set(['missing', '<missing disk>']);

class Units {
  exact = true;
  size(token: string, line: Line, what: string): number {
    const s = parseBtrfsSize(token);
    if (!s) throw new ParseError(KIND, `${what}: "${token}" is not a size`, line.n, line.text);
    if (!s.exact) this.exact = false;
    return s.bytes;
  }
}

export function parseFiUsage(text: string): FiUsage {
  const lines = numberedLines(text).filter((l) => !/^\s*WARNING:/.test(l.text));
  const units = new Units();
  let i = 0;
  while (i < lines.length && lines[i]!.text.trim() === '') i++;
  const head = lines[i];
  if (!head) throw new ParseError(KIND, 'empty output');
  if (head.text.trim() !== 'Overall:') throw new ParseError(KIND, 'expected "Overall:"', head.n, head.text);
  i++;

  const overallLines: Line[] = [];
  for (; i < lines.length && lines[i]!.text.trim() !== ''; i++) overallLines.push(lines[i]!);
  const overall = parseOverall(overallLines, units);

  while (i < lines.length && lines[i]!.text.trim() === '') i++;
  const table = parseTable(lines.slice(i), units);

  const profiles = emptyProfileSet();
  for (const c of table.columns) addProfile(profiles, c.type, c.profile);

  return FiUsage.parse({
    unitsExact: units.exact,
    overall,
    columns: table.columns,
    devices: table.devices,
    columnTotals: table.columnTotals,
    profiles,
    mixedProfiles: hasMixedProfiles(profiles),
  });
}

function parseOverall(lines: Line[], units: Units): FiUsageOverall {
  const values = new Map<string, { value: string; line: Line }>();
  for (const line of lines) {
    const m = /^\s+([A-Za-z][A-Za-z ,()]*?):\s+(\S.*)$/.exec(line.text);
    if (!m) throw new ParseError(KIND, 'expected "<name>: <value>" in the Overall block', line.n, line.text);
    values.set(m[1]!, { value: m[2]!.trim(), line });
  }
  const raw = (key: string) => values.get(key) ?? null;
  const required = (key: string) => {
    const v = raw(key);
    if (!v) throw new ParseError(KIND, `Overall block has no "${key}:" line`);
    return v;
  };
  const size = (key: string) => {
    const v = required(key);
    return units.size(v.value.split(/\s+/)[0]!, v.line, key);
  };
  const optionalSize = (key: string) => {
    const v = raw(key);
    return v ? units.size(v.value.split(/\s+/)[0]!, v.line, key) : null;
  };
  const ratio = (key: string) => {
    const v = required(key);
    if (!/^\d+(\.\d+)?$/.test(v.value)) throw new ParseError(KIND, `${key}: "${v.value}" is not a ratio`, v.line.n, v.line.text);
    return Number(v.value);
  };

  const free = required('Free (estimated)');
  const freeMatch = /^(\S+)(?:\s+\(min: (\S+)\))?$/.exec(free.value);
  if (!freeMatch) throw new ParseError(KIND, 'Free (estimated): unexpected form', free.line.n, free.line.text);

  let globalReserveBytes: number | null = null;
  let globalReserveUsedBytes: number | null = null;
  const reserve = raw('Global reserve');
  if (reserve) {
    const m = /^(\S+)(?:\s+\(used: (\S+)\))?$/.exec(reserve.value);
    if (!m) throw new ParseError(KIND, 'Global reserve: unexpected form', reserve.line.n, reserve.line.text);
    globalReserveBytes = units.size(m[1]!, reserve.line, 'Global reserve');
    globalReserveUsedBytes = m[2] === undefined ? null : units.size(m[2], reserve.line, 'Global reserve used');
  }

  let multipleProfiles: boolean | null = null;
  const multipleProfilesTypes: AllocationType[] = [];
  const multi = raw('Multiple profiles');
  if (multi) {
    const m = /^(yes|no)(?:\s+\(([^)]*)\))?$/.exec(multi.value);
    if (!m) throw new ParseError(KIND, 'Multiple profiles: expected yes or no', multi.line.n, multi.line.text);
    multipleProfiles = m[1] === 'yes';
    for (const name of (m[2] ?? '').split(',').map((s) => s.trim()).filter(Boolean)) {
      const type = allocationTypeOf(name);
      if (!type) throw new ParseError(KIND, `Multiple profiles: unknown type "${name}"`, multi.line.n, multi.line.text);
      multipleProfilesTypes.push(type);
    }
  }

  return {
    deviceSizeBytes: size('Device size'),
    deviceAllocatedBytes: size('Device allocated'),
    deviceUnallocatedBytes: size('Device unallocated'),
    deviceMissingBytes: size('Device missing'),
    deviceSlackBytes: optionalSize('Device slack'),
    usedBytes: size('Used'),
    freeEstimatedBytes: units.size(freeMatch[1]!, free.line, 'Free (estimated)'),
    freeEstimatedMinBytes: freeMatch[2] === undefined ? null : units.size(freeMatch[2], free.line, 'Free (estimated) min'),
    freeStatfsBytes: optionalSize('Free (statfs, df)'),
    dataRatio: ratio('Data ratio'),
    metadataRatio: ratio('Metadata ratio'),
    globalReserveBytes,
    globalReserveUsedBytes,
    multipleProfiles,
    multipleProfilesTypes,
  };
}

const SEPARATOR = /^-+(?: +-+)+\s*$/;

interface Span {
  start: number;
  end: number;
}

/** Column extents from a `-- ---------- ---------` line: every value sits within its dashes. */
function spansOf(separator: string): Span[] {
  const spans: Span[] = [];
  for (const m of separator.matchAll(/-+/g)) spans.push({ start: m.index, end: m.index + m[0].length });
  return spans;
}

/** The row's cells; a character outside every column means the row is not aligned with the table. */
function cellsOf(line: Line, spans: Span[]): string[] {
  for (let j = 0; j < line.text.length; j++) {
    if (line.text[j] !== ' ' && !spans.some((s) => j >= s.start && j < s.end)) {
      throw new ParseError(KIND, 'row does not line up with the table columns', line.n, line.text);
    }
  }
  return spans.map((s) => line.text.slice(s.start, s.end).trim());
}

function parseTable(
  lines: Line[],
  units: Units,
): { columns: FiUsageColumn[]; devices: FiUsageDevice[]; columnTotals: FiUsageColumnTotal[] } {
  // The table is: type line, header line, separator, device rows, separator, Total row, Used row.
  const sepAt = lines.findIndex((l) => SEPARATOR.test(l.text));
  if (sepAt === -1) {
    const first = lines[0];
    if (!first) throw new ParseError(KIND, 'no per-device table (run with -T, as root)');
    throw new ParseError(KIND, 'expected the per-device table of -T', first.n, first.text);
  }
  if (sepAt !== 2) {
    const bad = lines[0]!;
    throw new ParseError(KIND, 'expected a type line and a header line before the table separator', bad.n, bad.text);
  }
  const typeLine = lines[0]!;
  const headerLine = lines[1]!;
  const separator = lines[2]!;
  const spans = spansOf(separator.text);
  const headers = cellsOf(headerLine, spans);
  const typeNames = cellsOf(typeLine, spans);
  if (headers[0] !== 'Id' || headers[1] !== 'Path') {
    throw new ParseError(KIND, 'expected the table header to start with "Id Path"', headerLine.n, headerLine.text);
  }
  const unallocatedAt = headers.indexOf('Unallocated');
  if (unallocatedAt === -1) throw new ParseError(KIND, 'table header has no Unallocated column', headerLine.n, headerLine.text);
  const totalAt = headers.indexOf('Total');
  const slackAt = headers.indexOf('Slack');

  const columns: FiUsageColumn[] = [];
  for (let c = 2; c < unallocatedAt; c++) {
    const type = allocationTypeOf(typeNames[c] ?? '');
    if (!type) throw new ParseError(KIND, `unknown block-group type "${typeNames[c] ?? ''}"`, typeLine.n, typeLine.text);
    const profile = profileOf(headers[c] ?? '');
    if (!profile) throw new ParseError(KIND, `unknown profile "${headers[c] ?? ''}"`, headerLine.n, headerLine.text);
    columns.push({ type, profile });
  }

  const devices: FiUsageDevice[] = [];
  let i = 3;
  for (; i < lines.length && !SEPARATOR.test(lines[i]!.text); i++) {
    const line = lines[i]!;
    if (line.text.trim() === '') throw new ParseError(KIND, 'blank line inside the device rows', line.n, line.text);
    devices.push(parseDeviceRow(line, cellsOf(line, spans), columns, { unallocatedAt, totalAt, slackAt }, units));
  }
  if (devices.length === 0) throw new ParseError(KIND, 'the table lists no devices', separator.n, separator.text);
  if (i >= lines.length) throw new ParseError(KIND, 'the table has no Total row');
  i++;

  let total: { line: Line; cells: string[] } | null = null;
  let used: { line: Line; cells: string[] } | null = null;
  for (; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.text.trim() === '') continue;
    const cells = cellsOf(line, spans);
    if (cells[0] === '' && cells[1] === 'Total' && !total && !used) total = { line, cells };
    else if (cells[0] === '' && cells[1] === 'Used' && total && !used) used = { line, cells };
    else throw new ParseError(KIND, 'expected the Total row, then the Used row', line.n, line.text);
  }
  if (!total) throw new ParseError(KIND, 'the table has no Total row');
  const totalRow = total;

  const columnTotals = columns.map((col, k) => {
    const c = 2 + k;
    const usedCell = used?.cells[c] ?? '';
    return {
      ...col,
      totalBytes: units.size(totalRow.cells[c] ?? '', totalRow.line, `${col.type} ${col.profile} total`),
      usedBytes: used && usedCell !== '' ? units.size(usedCell, used.line, `${col.type} ${col.profile} used`) : null,
    };
  });
  return { columns, devices, columnTotals };
}

function parseDeviceRow(
  line: Line,
  cells: string[],
  columns: FiUsageColumn[],
  at: { unallocatedAt: number; totalAt: number; slackAt: number },
  units: Units,
): FiUsageDevice {
  const id = cells[0] ?? '';
  if (!/^\d+$/.test(id)) throw new ParseError(KIND, `device id "${id}" is not a number`, line.n, line.text);
  const rawPath = cells[1] ?? '';
  if (rawPath === '') throw new ParseError(KIND, 'device row has no path', line.n, line.text);
  const missing = MISSING_PATHS.has(rawPath);
  const allocations: FiUsageAllocation[] = [];
  columns.forEach((col, k) => {
    const cell = cells[2 + k] ?? '';
    if (cell === '-') return;
    if (cell === '') throw new ParseError(KIND, `empty ${col.type} ${col.profile} cell`, line.n, line.text);
    allocations.push({ ...col, bytes: units.size(cell, line, `${col.type} ${col.profile}`) });
  });
  const optional = (index: number, what: string) => {
    if (index === -1) return null;
    const cell = cells[index] ?? '';
    return cell === '-' ? 0 : units.size(cell, line, what);
  };
  return {
    devid: Number(id),
    path: missing ? null : rawPath,
    missing,
    replaceTarget: Number(id) === 0,
    allocations,
    unallocatedBytes: units.size(cells[at.unallocatedAt] ?? '', line, 'Unallocated'),
    totalBytes: optional(at.totalAt, 'Total'),
    slackBytes: optional(at.slackAt, 'Slack'),
  };
}
