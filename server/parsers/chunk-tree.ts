/**
 * `btrfs inspect-internal dump-tree -t chunk <member device>`: reads the chunk tree straight from
 * a device, so it tells an UNMOUNTED pool's profiles (a few ms, no mount). Every CHUNK_ITEM has
 * a `type` line of flags: `DATA|RAID1`, `METADATA|DUP`, `SYSTEM|single` (btrfs-progs 6.2), or
 * just `SYSTEM` (older btrfs-progs print no profile bit for single). The DEV_ITEMs list every
 * member of the pool, including ones no longer attached.
 */
import { z } from 'zod';
import { ProfileSet, type Profile } from '../../contracts/api.ts';
import { ParseError, numberedLines } from './parse-error.ts';
import { addProfile, emptyProfileSet, profileOf, type AllocationType } from './block-group.ts';

const KIND = 'chunk-tree';

export const ChunkTreeDevice = z.object({
  devid: z.number().int().nonnegative(),
  /** The size btrfs uses on the member (its DEV_ITEM total_bytes). */
  totalBytes: z.number().int().nonnegative(),
  usedBytes: z.number().int().nonnegative(),
  /** The member's device uuid (not the filesystem's). */
  uuid: z.string().nullable(),
});
export type ChunkTreeDevice = z.infer<typeof ChunkTreeDevice>;

export const ChunkTreeProfiles = z.object({
  profiles: ProfileSet,
  /**
   * Every member the pool has (one DEV_ITEM each), read from any one member: on an unmounted
   * pool, the devids missing from `btrfs fi show` are the missing members.
   */
  devices: z.array(ChunkTreeDevice),
  /** CHUNK_ITEMs read. */
  chunkCount: z.number().int().nonnegative(),
  /** The `fs uuid` the tree belongs to (check it is the pool you meant); null when not printed. */
  fsUuid: z.string().nullable(),
});
export type ChunkTreeProfiles = z.infer<typeof ChunkTreeProfiles>;

const TYPE_FLAGS: Readonly<Record<string, Exclude<AllocationType, 'data+metadata'>>> = {
  DATA: 'data',
  METADATA: 'metadata',
  SYSTEM: 'system',
};

export function parseChunkTreeProfiles(text: string): ChunkTreeProfiles {
  const profiles = emptyProfileSet();
  let chunkCount = 0;
  let fsUuid: string | null = null;
  let pending: { n: number; text: string } | null = null;
  const devices: ChunkTreeDevice[] = [];
  let pendingDev: { line: { n: number; text: string }; devid: number; totalBytes?: number; usedBytes?: number; uuid: string | null } | null = null;
  const finishDev = () => {
    if (!pendingDev) return;
    const { line, devid, totalBytes, usedBytes, uuid } = pendingDev;
    if (totalBytes === undefined || usedBytes === undefined) throw new ParseError(KIND, `DEV_ITEM ${devid} without total_bytes/bytes_used`, line.n, line.text);
    devices.push({ devid, totalBytes, usedBytes, uuid });
    pendingDev = null;
  };

  for (const line of numberedLines(text)) {
    const t = line.text.trim();
    const uuid = /^fs uuid ([0-9a-f-]{36})$/.exec(t);
    if (uuid) {
      fsUuid ??= uuid[1]!;
      continue;
    }
    if (/^item \d+ key \(/.test(t)) {
      if (pending) throw new ParseError(KIND, 'CHUNK_ITEM without a type line', pending.n, pending.text);
      finishDev();
      const dev = /^item \d+ key \(DEV_ITEMS DEV_ITEM (\d+)\)/.exec(t);
      if (dev) pendingDev = { line, devid: Number(dev[1]), uuid: null };
      if (/^item \d+ key \(\S+ CHUNK_ITEM \d+\)/.test(t)) {
        pending = line;
        chunkCount++;
      }
      continue;
    }
    if (pendingDev) {
      const sizes = /^devid (\d+) total_bytes (\d+) bytes_used (\d+)$/.exec(t);
      if (sizes) {
        if (Number(sizes[1]) !== pendingDev.devid) throw new ParseError(KIND, `DEV_ITEM ${pendingDev.devid} names devid ${sizes[1]!}`, line.n, line.text);
        pendingDev.totalBytes = Number(sizes[2]);
        pendingDev.usedBytes = Number(sizes[3]);
      }
      const devUuid = /^uuid ([0-9a-f-]{36})$/.exec(t);
      if (devUuid) pendingDev.uuid = devUuid[1]!;
      continue;
    }
    if (!pending) continue;
    const type = /(?:^|\s)type (\S+)$/.exec(t);
    if (!type) continue;
    pending = null;
    const flags = type[1]!.split('|');
    const types: Exclude<AllocationType, 'data+metadata'>[] = [];
    let profile: Profile | null = null;
    for (const flag of flags) {
      const bg = TYPE_FLAGS[flag];
      if (bg) {
        types.push(bg);
        continue;
      }
      const p = profileOf(flag);
      if (!p || profile) throw new ParseError(KIND, `unknown chunk type flag "${flag}"`, line.n, line.text);
      profile = p;
    }
    if (types.length === 0) throw new ParseError(KIND, 'chunk type names no DATA, METADATA or SYSTEM', line.n, line.text);
    // No profile bit is how btrfs stores single (btrfs-progs < 6 print none).
    for (const bg of types) addProfile(profiles, bg, profile ?? 'single');
  }
  if (pending) throw new ParseError(KIND, 'CHUNK_ITEM without a type line', pending.n, pending.text);
  finishDev();
  if (chunkCount === 0) {
    const first = numberedLines(text).find((l) => l.text.trim() !== '');
    throw new ParseError(KIND, 'no CHUNK_ITEM in the output (not a chunk tree dump?)', first?.n, first?.text);
  }
  return ChunkTreeProfiles.parse({ profiles, devices, chunkCount, fsUuid });
}
