/**
 * `btrfs filesystem df <mnt>`: one line per block-group type and profile, in human units
 * (`Data, RAID1: total=3.00GiB, used=0.00B`) or raw with `-b`; and `btrfs --format json
 * filesystem df <mnt>` (btrfs-progs >= 5.x; 6.2 has it: every number a string).
 */
import { z } from 'zod';
import { Profile, ProfileSet } from '../../contracts/api.ts';
import { ParseError, numberedLines } from './parse-error.ts';
import { parseBtrfsSize } from './size-units.ts';
import { addProfile, allocationTypeOf, emptyProfileSet, hasMixedProfiles, profileOf } from './block-group.ts';
import { lineContaining, parseJsonText } from './json-input.ts';

const KIND = 'fi-df';

/** Allocation types plus `globalreserve`, which fi df lists but which is no chunk type of its own. */
export const FI_DF_TYPES = ['data', 'metadata', 'system', 'data+metadata', 'globalreserve'] as const;
export const FiDfType = z.enum(FI_DF_TYPES);
export type FiDfType = z.infer<typeof FiDfType>;

export const FiDfEntry = z.object({
  type: FiDfType,
  profile: Profile,
  totalBytes: z.number().int().nonnegative(),
  usedBytes: z.number().int().nonnegative(),
});
export type FiDfEntry = z.infer<typeof FiDfEntry>;

export const FiDf = z.object({
  /** Entries in output order. */
  entries: z.array(FiDfEntry),
  /** False for human units (rounded by btrfs-progs); true for `-b` and JSON. */
  unitsExact: z.boolean(),
  /** Every profile seen per chunk type (GlobalReserve left out: it is always `single`). */
  profiles: ProfileSet,
  mixedProfiles: z.boolean(),
  /**
   * Rockstor's reading, for comparison with its pools: the FIRST profile listed per type, so
   * stray chunks listed after the intended ones are ignored (but a stray profile listed first
   * wins: fi df lists `single` before `RAID1` after a degraded replace).
   */
  rockstorBlockGroupProfiles: z.partialRecord(FiDfType, Profile),
  /** Rockstor's pool profile name: data when data == metadata, else `<data>-<metadata without "raid">` (e.g. `raid6-1c4`, `single-dup`); null without data or metadata lines. */
  rockstorPoolProfile: z.string().nullable(),
});
export type FiDf = z.infer<typeof FiDf>;

const TEXT_TYPES: Readonly<Record<string, FiDfType>> = { globalreserve: 'globalreserve' };

function typeOf(name: string): FiDfType | null {
  return allocationTypeOf(name) ?? TEXT_TYPES[name.trim().toLowerCase()] ?? null;
}

export function parseFiDf(text: string): FiDf {
  const trimmed = text.trimStart();
  const { entries, unitsExact } = trimmed.startsWith('{') ? parseJson(text) : parseText(text);
  if (entries.length === 0) throw new ParseError(KIND, 'no block-group lines');

  const profiles = emptyProfileSet();
  const firstSeen: Partial<Record<FiDfType, Profile>> = {};
  for (const e of entries) {
    if (e.type !== 'globalreserve') addProfile(profiles, e.type, e.profile);
    firstSeen[e.type] ??= e.profile;
  }
  const data = firstSeen.data ?? firstSeen['data+metadata'];
  const metadata = firstSeen.metadata ?? firstSeen['data+metadata'];
  const poolProfile = data && metadata ? (data === metadata ? data : `${data}-${metadata.replace(/^raid/, '')}`) : null;

  return FiDf.parse({
    entries,
    unitsExact,
    profiles,
    mixedProfiles: hasMixedProfiles(profiles),
    rockstorBlockGroupProfiles: firstSeen,
    rockstorPoolProfile: poolProfile,
  });
}

function parseText(text: string): { entries: FiDfEntry[]; unitsExact: boolean } {
  const entries: FiDfEntry[] = [];
  let unitsExact = true;
  for (const line of numberedLines(text)) {
    if (line.text.trim() === '' || /^\s*WARNING:/.test(line.text)) continue;
    const m = /^([A-Za-z+]+), ([A-Za-z0-9]+(?:\/\d+)?): total=(\S+), used=(\S+)$/.exec(line.text.trim());
    if (!m) throw new ParseError(KIND, 'expected "<Type>, <profile>: total=<size>, used=<size>"', line.n, line.text);
    const type = typeOf(m[1]!);
    if (!type) throw new ParseError(KIND, `unknown block-group type "${m[1]!}"`, line.n, line.text);
    const profile = profileOf(m[2]!);
    if (!profile) throw new ParseError(KIND, `unknown profile "${m[2]!}"`, line.n, line.text);
    const total = parseBtrfsSize(m[3]!);
    const used = parseBtrfsSize(m[4]!);
    if (!total || !used) throw new ParseError(KIND, 'total/used is not a size', line.n, line.text);
    if (!total.exact || !used.exact) unitsExact = false;
    entries.push({ type, profile, totalBytes: total.bytes, usedBytes: used.bytes });
  }
  return { entries, unitsExact };
}

const JsonDf = z.object({
  'filesystem-df': z.array(
    z.object({
      'bg-type': z.string(),
      'bg-profile': z.string(),
      total: z.union([z.string().regex(/^\d+$/), z.number().int().nonnegative()]),
      used: z.union([z.string().regex(/^\d+$/), z.number().int().nonnegative()]),
    }),
  ),
});

function parseJson(text: string): { entries: FiDfEntry[]; unitsExact: boolean } {
  const parsed = JsonDf.safeParse(parseJsonText(KIND, text));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const entry = issue?.path[0] === 'filesystem-df' && typeof issue.path[1] === 'number' ? issue.path[1] : null;
    const at =
      (entry !== null ? lineContaining(text, '"bg-type"', entry) : null) ?? lineContaining(text, '"filesystem-df"') ?? lineContaining(text, '{');
    const where = issue ? `${issue.path.join('.')}: ${issue.message}` : 'unexpected shape';
    throw new ParseError(KIND, `JSON is not a filesystem-df report (${where})`, at?.n, at?.text);
  }
  const entries = parsed.data['filesystem-df'].map((row, index) => {
    const blame = lineContaining(text, '"bg-type"', index);
    const type = typeOf(row['bg-type']);
    if (!type) throw new ParseError(KIND, `entry ${index}: unknown block-group type "${row['bg-type']}"`, blame?.n, blame?.text);
    const profile = profileOf(row['bg-profile']);
    if (!profile) throw new ParseError(KIND, `entry ${index}: unknown profile "${row['bg-profile']}"`, blame?.n, blame?.text);
    return { type, profile, totalBytes: Number(row.total), usedBytes: Number(row.used) };
  });
  return { entries, unitsExact: true };
}
