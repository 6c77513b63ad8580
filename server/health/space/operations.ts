/**
 * Space verdicts per operation: replace, remove-missing, add-then-remove, remove-device, balance
 * convert, full balance. Each answers fits yes/no/unknown, why (in words, with the numbers),
 * how it would end if it does not fit, and what would make it fit.
 */
import type { Profile } from '../../../contracts/api.ts';
import type { SpaceDevice, SpaceOperation, SpaceRemedy, SpaceVerdict } from '../../../contracts/space.ts';
import { formatBytes } from '../pool-facts.ts';
import { intendedProfile } from '../profiles.ts';
import {
  allocateChunk, allocDevices, chunkLimits, DEVICE_RESERVED_BYTES, effectiveDataChunkBytes, GEOMETRY, GiB, overcommitBytes, dataStripes,
  type ChunkType,
} from './allocator.ts';
import type { SpaceFacts, SpaceMember } from './facts.ts';
import { simulateRelocation, typicalChunkBytes, type RelocationPlan, type RelocationResult } from './relocation.ts';
import { counted } from '../text.ts';

export const CHUNK_TYPES: readonly ChunkType[] = ['data', 'metadata', 'system'];

/**
 * Metadata reservations while a metadata block group moves, as a multiple of the global reserve:
 * the kernel's space dump at the lab's aborts showed 9.5 MiB reserved against a 5.5 MiB reserve.
 */
export const METADATA_RESERVE_FACTOR = 2;

/** Placeholders in remedy commands, filled by the caller that knows the mount point and disk. */
export const MNT = '<mnt>';

const fmt = formatBytes;
const sum = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0);

// ---------- reading the facts ----------

/** Pools with mixed block groups (`mkfs --mixed`) share data and metadata chunks: not modelled. */
function mixedBlockGroups(f: SpaceFacts): boolean {
  return f.types.some((t) => t.type === 'data+metadata');
}

/** The profile new chunks of a type get: the most redundant one present (btrfs reduces to it). */
export function allocProfile(f: SpaceFacts, type: ChunkType): Profile | null {
  return intendedProfile(f.types.filter((t) => t.type === type).map((t) => t.profile));
}

function typeTotals(f: SpaceFacts, type: ChunkType): { total: number; used: number } {
  const ts = f.types.filter((t) => t.type === type);
  return { total: sum(ts.map((t) => t.totalBytes)), used: sum(ts.map((t) => t.usedBytes)) };
}

/** Stripes per chunk of a profile: what device usage printed, else the members holding it. */
function stripesOf(f: SpaceFacts, type: ChunkType, profile: Profile): number {
  for (const m of f.members) {
    const a = m.allocations.find((x) => x.type === type && x.profile === profile && x.stripes);
    if (a?.stripes) return a.stripes;
  }
  return Math.max(1, f.members.filter((m) => m.allocations.some((x) => x.type === type && x.profile === profile && x.bytes > 0)).length);
}

/** Logical bytes of the chunks of type/profile that have a stripe on this member. */
function logicalOn(f: SpaceFacts, m: SpaceMember, type: ChunkType, profile: Profile): number {
  const bytes = sum(m.allocations.filter((a) => a.type === type && a.profile === profile).map((a) => a.bytes));
  const g = GEOMETRY[profile];
  return Math.round((bytes / g.devStripes) * dataStripes(profile, stripesOf(f, type, profile)));
}

const present = (f: SpaceFacts) => f.members.filter((m) => !m.missing);
const unallocated = (m: SpaceMember) => Math.max(0, m.unallocatedBytes);

function deviceList(members: readonly SpaceMember[]): string {
  return members.map((m) => `devid ${m.devid}: ${fmt(unallocated(m))}`).join(', ');
}

function devicesOf(f: SpaceFacts, roles: Map<number, SpaceDevice['role']>, extra: SpaceDevice[] = []): SpaceDevice[] {
  return [
    ...f.members.map((m) => ({ devid: m.devid, role: roles.get(m.devid) ?? (m.missing ? 'missing' : 'member'), sizeBytes: m.sizeBytes, unallocatedBytes: m.unallocatedBytes })),
    ...extra,
  ] as SpaceDevice[];
}

function verdict(operation: SpaceOperation, v: Omit<SpaceVerdict, 'operation'>): SpaceVerdict {
  return { operation, ...v };
}

function unknown(operation: SpaceOperation, why: string, devices: SpaceDevice[] = []): SpaceVerdict {
  return verdict(operation, { fits: 'unknown', failure: null, why, neededBytes: null, availableBytes: null, devices, remedies: [] });
}

// ---------- remedies ----------

const COMPACT_STEPS = [
  ['btrfs', 'balance', 'start', '-dusage=0', '-musage=0', MNT],
  ['btrfs', 'balance', 'start', '-dusage=10', MNT],
  ['btrfs', 'balance', 'start', '-dusage=25', MNT],
  ['btrfs', 'balance', 'start', '-dusage=50', MNT],
];

/**
 * Raw bytes compaction could hand back at most: data chunks are freed whole, so only the empty
 * part of the data chunks (rounded down to whole chunks) can return, times the copies kept.
 */
export function compactionPotentialBytes(f: SpaceFacts): number {
  const profile = allocProfile(f, 'data');
  if (!profile) return 0;
  const { total, used } = typeTotals(f, 'data');
  const totalRw = sum(present(f).map((m) => m.sizeBytes));
  const chunk = typicalChunkBytes('data', profile, totalRw, stripesOf(f, 'data', profile));
  const wholeChunks = Math.floor(Math.max(0, total - used) / chunk) * chunk;
  return Math.round(wholeChunks * (GEOMETRY[profile].ncopies + GEOMETRY[profile].nparity / Math.max(1, dataStripes(profile, stripesOf(f, 'data', profile)))));
}

/** Compact first if that can return the shortfall, else free data and then compact; copying off last. */
function spaceRemedies(f: SpaceFacts, shortfallBytes: number, opts: { copyOff: boolean }): SpaceRemedy[] {
  const out: SpaceRemedy[] = [];
  const potential = compactionPotentialBytes(f);
  const dataProfile = allocProfile(f, 'data') ?? 'single';
  const copies = GEOMETRY[dataProfile].ncopies;
  if (shortfallBytes > 0 && potential >= shortfallBytes) {
    out.push({
      kind: 'compact',
      text: `Compact the data chunks first: about ${fmt(potential)} sits in partly empty chunks, and ${fmt(shortfallBytes)} more unallocated space is needed. ` +
        'Run the balance filters one after the other (each moves only chunks used up to that percentage), then check again.',
      bytes: shortfallBytes,
      commands: COMPACT_STEPS,
    });
  } else if (shortfallBytes > 0) {
    const toDelete = Math.ceil((shortfallBytes - potential) / copies);
    out.push({
      kind: 'free-space',
      text: `Free space first: delete (or move to another pool) at least ${fmt(toDelete)} of data, then compact ` +
        `(deleting alone leaves the chunks allocated; the balance filters hand them back). ${fmt(shortfallBytes)} more unallocated space is needed on the members that stay.`,
      bytes: toDelete,
      commands: COMPACT_STEPS,
    });
  }
  if (opts.copyOff) {
    out.push({
      kind: 'copy-off',
      text: 'If nothing can be freed: keep the pool mounted read-only (degraded,ro) and copy the data to another pool, then recreate this one.',
      bytes: null,
      commands: [['mount', '-o', 'remount,ro', MNT]],
    });
  }
  return out;
}

// ---------- replace ----------

export interface ReplaceInput {
  sourceDevid: number;
  /** The new disk's size; null when no disk is chosen yet. */
  targetSizeBytes: number | null;
}

/**
 * Replace copies the source's chunks to the new disk at the same offsets; it allocates nothing
 * new, but first marks each block group read-only (scrub_enumerate_chunks), and btrfs only does
 * that when the rest of the space of that type, plus what metadata may overcommit against the
 * survivors' unallocated space, still covers the reservations. System chunks cannot be allocated
 * on this path, so with the pool's only system block group on the source the overcommit must be
 * positive: Σ unallocated of the survivors / copies > min(10 % of their size, 1 GiB).
 * Measured: docs/recovery-space.md (failed setting block group ro: -28).
 */
export function replaceVerdict(f: SpaceFacts, input: ReplaceInput): SpaceVerdict {
  const op: SpaceOperation = 'replace';
  const source = f.members.find((m) => m.devid === input.sourceDevid);
  const roles = new Map<number, SpaceDevice['role']>([[input.sourceDevid, 'source']]);
  const target: SpaceDevice[] = input.targetSizeBytes === null ? [] : [{ devid: null, role: 'target', sizeBytes: input.targetSizeBytes, unallocatedBytes: null }];
  if (!source) return unknown(op, `devid ${input.sourceDevid} is not a member of this pool`, devicesOf(f, roles, target));
  if (mixedBlockGroups(f)) return unknown(op, 'mixed block groups (data and metadata in the same chunks) are not modelled', devicesOf(f, roles, target));
  const devices = devicesOf(f, roles, target);
  if (input.targetSizeBytes !== null && input.targetSizeBytes < source.sizeBytes) {
    return verdict(op, {
      fits: 'no', failure: 'refused',
      why: `The new disk (${fmt(input.targetSizeBytes)}) is smaller than devid ${source.devid} (${fmt(source.sizeBytes)}): btrfs refuses a replace target smaller than the member it replaces.`,
      neededBytes: source.sizeBytes, availableBytes: input.targetSizeBytes, devices,
      remedies: [{ kind: 'larger-target', text: `Use a disk of at least ${fmt(source.sizeBytes)}.`, bytes: source.sizeBytes, commands: [] }],
    });
  }
  const survivors = present(f);
  const freeSum = sum(survivors.map(unallocated));
  const totalRw = sum(survivors.map((m) => m.sizeBytes));
  const dataChunk = effectiveDataChunkBytes(totalRw);
  const holds = (type: ChunkType) => source.allocations.some((a) => a.type === type && a.bytes > 0);
  const problems: { needed: number; text: string }[] = [];

  // System: the only system block group(s) on the source cannot get a new chunk on this path.
  const sysProfile = allocProfile(f, 'system');
  if (holds('system') && sysProfile) {
    const onSource = sum(profilesOf(f, 'system').map((p) => logicalOn(f, source, 'system', p)));
    const sysTotal = typeTotals(f, 'system').total;
    const copies = GEOMETRY[sysProfile].ncopies;
    const needed = copies * dataChunk + 1;
    if (onSource >= sysTotal && overcommitBytes(freeSum, sysProfile, totalRw) <= 0) {
      problems.push({
        needed,
        text: `btrfs must mark devid ${source.devid}'s system block group read-only first, and it only does that when the surviving members ` +
          `together have more than ${fmt(needed)} unallocated (${copies} copies × ${fmt(dataChunk)}, 10 % of their ${fmt(totalRw)}, at most 1 GiB); they have ${fmt(freeSum)}`,
      });
    }
  }
  // Metadata: the reservations must fit beside the read-only block group, or a new metadata chunk must.
  const metaProfile = allocProfile(f, 'metadata');
  if (holds('metadata') && metaProfile) {
    const reserve = f.globalReserveBytes;
    const { total, used } = typeTotals(f, 'metadata');
    const onSource = sum(profilesOf(f, 'metadata').map((p) => logicalOn(f, source, 'metadata', p)));
    const chunk = chunkLimits('metadata', totalRw).maxChunkBytes;
    // Free space in metadata chunks that are not on the source (all of it when none is).
    const freeElsewhere = onSource >= total ? Math.max(0, total - used - chunk) : Math.max(0, total - onSource - used);
    const avail = overcommitBytes(freeSum, metaProfile, totalRw);
    if (freeElsewhere + avail <= reserve) {
      const devs = allocDevices(survivors.map((m) => ({ id: m.devid, unallocatedBytes: m.unallocatedBytes })));
      const extra = allocateChunk(devs, 'metadata', metaProfile, totalRw);
      if (!extra || freeElsewhere + extra.logicalBytes <= reserve) {
        const copies = GEOMETRY[metaProfile].ncopies;
        problems.push({
          needed: copies * (reserve + DEVICE_RESERVED_BYTES),
          text: `the metadata block group must go read-only too, which needs room for the ${fmt(reserve)} global reserve: ` +
            `a new ${metaProfile} metadata chunk needs ${copies} members with unallocated space, and there is not enough (${deviceList(survivors)})`,
        });
      }
    }
  }
  if (problems.length === 0) {
    if (!holds('system') && !holds('metadata')) {
      return verdict(op, {
        fits: 'yes', failure: null,
        why: `Replace fits: devid ${source.devid} holds only data chunks, which btrfs marks read-only without needing unallocated space ` +
          `(the surviving members have ${fmt(freeSum)}: ${deviceList(survivors)}).`,
        neededBytes: 0, availableBytes: freeSum, devices, remedies: [],
      });
    }
    return verdict(op, {
      fits: 'yes', failure: null,
      why: `Replace fits: it copies devid ${source.devid}'s chunks to the new disk; marking its system and metadata block groups read-only first needs more than ` +
        `${fmt(sysProfile ? GEOMETRY[sysProfile].ncopies * dataChunk : dataChunk)} unallocated on the surviving members together, and they have ${fmt(freeSum)} (${deviceList(survivors)}).`,
      neededBytes: (sysProfile ? GEOMETRY[sysProfile].ncopies : 1) * dataChunk + 1, availableBytes: freeSum, devices, remedies: [],
    });
  }
  const needed = Math.max(...problems.map((p) => p.needed));
  return verdict(op, {
    fits: 'no', failure: 'enospc',
    why: `Replace will not start: ${problems.map((p) => p.text).join('; and ')} (${deviceList(survivors)}). ` +
      'btrfs stops at once with "No space left on device" and the pool stays as it is. A larger new disk does not help: the room is needed on the members that stay.',
    neededBytes: needed, availableBytes: freeSum, devices,
    remedies: spaceRemedies(f, needed - freeSum, { copyOff: source.missing }),
  });
}

/** The profiles present for a type (leftover `single` chunks beside raid1, …). */
function profilesOf(f: SpaceFacts, type: ChunkType): Profile[] {
  return [...new Set(f.types.filter((t) => t.type === type).map((t) => t.profile))];
}

// ---------- relocation-based operations ----------

interface Leaving {
  /** Members whose chunks all move (the missing one, the one removed). */
  members: SpaceMember[];
  /** Members that stay and take new chunks, plus a disk being added (id < 0). */
  remaining: { id: number; sizeBytes: number; unallocatedBytes: number }[];
}

/** Plans for moving every chunk that has a stripe on a leaving member, into the profile of its type. */
function leavingPlans(f: SpaceFacts, leaving: Leaving, totalRw: number): RelocationPlan[] {
  return CHUNK_TYPES.flatMap((type) => {
    const toProfile = allocProfile(f, type);
    if (!toProfile) return [];
    const { total, used } = typeTotals(f, type);
    let relocated = 0;
    const frees = new Map<number, number>();
    for (const profile of profilesOf(f, type)) {
      const moved = sum(leaving.members.map((m) => logicalOn(f, m, type, profile)));
      relocated += moved;
      for (const [devid, bytes] of partnerStripes(f, leaving, type, profile, moved)) frees.set(devid, (frees.get(devid) ?? 0) + bytes);
    }
    return [{
      type, toProfile, relocatedBytes: Math.min(relocated, total), stayingBytes: Math.max(0, total - relocated), usedBytes: used, frees,
      chunkBytes: typicalChunkBytes(type, toProfile, totalRw, stripesOf(f, type, toProfile)),
    }];
  });
}

/**
 * The stripes the moved chunks have on the members that stay (freed once they have moved), per
 * member. Mirrored chunks on a pool left with as many members as copies: every staying chunk has
 * one stripe on each, so the rest of each member's share is partner stripes (exact). Otherwise
 * spread by each member's share. Striped profiles span all members: their share of the moved part.
 */
function partnerStripes(f: SpaceFacts, leaving: Leaving, type: ChunkType, profile: Profile, moved: number): Map<number, number> {
  const g = GEOMETRY[profile];
  const out = new Map<number, number>();
  if (moved <= 0 || g.devsMax === 1) return out;
  const { total } = typeTotalsOf(f, type, profile);
  const holders = f.members.filter((m) => !leaving.members.includes(m) && !m.missing);
  const held = holders.map((m) => sum(m.allocations.filter((a) => a.type === type && a.profile === profile).map((a) => a.bytes)));
  if (g.devsMax === 0) {
    holders.forEach((m, i) => out.set(m.devid, Math.floor((held[i]! * moved) / Math.max(1, total))));
    return out;
  }
  const staying = Math.max(0, total - moved);
  if (holders.length === g.ncopies) {
    holders.forEach((m, i) => out.set(m.devid, Math.max(0, held[i]! - staying)));
    return out;
  }
  const partners = moved * (g.ncopies - 1);
  const heldSum = sum(held);
  holders.forEach((m, i) => out.set(m.devid, heldSum > 0 ? Math.min(held[i]!, Math.floor((partners * held[i]!) / heldSum)) : 0));
  return out;
}

function typeTotalsOf(f: SpaceFacts, type: ChunkType, profile: Profile): { total: number; used: number } {
  const t = f.types.find((x) => x.type === type && x.profile === profile);
  return { total: t?.totalBytes ?? 0, used: t?.usedBytes ?? 0 };
}

/**
 * Freed stripes are counted two block groups after their chunk moved: one was enough for the
 * lab's 512 MiB remove, not for its 4 GiB add-then-remove (docs/recovery-space.md); two never
 * said "fits" where btrfs failed.
 */
export const FREE_LAG = 2;

const META_TYPES: readonly ChunkType[] = ['metadata', 'system'];

function simulate(f: SpaceFacts, plans: readonly RelocationPlan[], remaining: Leaving['remaining']): RelocationResult {
  const totalRw = sum(remaining.map((d) => d.sizeBytes));
  const devices = allocDevices(remaining.map((d) => ({ id: d.id, unallocatedBytes: d.unallocatedBytes })));
  return simulateRelocation(plans, {
    devices, totalRwBytes: totalRw, metadataReserveBytes: METADATA_RESERVE_FACTOR * f.globalReserveBytes, freeLag: FREE_LAG,
  });
}

function listOf(remaining: Leaving['remaining']): string {
  return remaining.map((d) => `${d.id < 0 ? 'new disk' : `devid ${d.id}`}: ${fmt(Math.max(0, d.unallocatedBytes))}`).join(', ');
}

/** Smallest uniform extra unallocated space per remaining member that makes `ok` true (bytes, total), or null. */
function extraSpaceNeeded(remaining: Leaving['remaining'], ok: (r: Leaving['remaining']) => boolean): number | null {
  const largest = Math.max(...remaining.map((d) => d.sizeBytes), GiB);
  const withExtra = (extra: number) => remaining.map((d) => ({ ...d, unallocatedBytes: Math.max(0, d.unallocatedBytes) + extra }));
  if (!ok(withExtra(largest))) return null;
  let lo = 0;
  let hi = largest;
  for (let i = 0; i < 24; i++) {
    const mid = (lo + hi) / 2;
    if (ok(withExtra(mid))) hi = mid;
    else lo = mid;
  }
  return Math.ceil(hi) * remaining.length;
}

/**
 * Bytes each device gives to `logical` bytes of a profile's chunks, filling devices evenly
 * ("water-filling": copies on distinct devices, stripes across all), or null when they cannot.
 */
function waterFill(free: readonly number[], profile: Profile, logical: number): number[] | null {
  if (logical <= 0) return free.map(() => 0);
  const g = GEOMETRY[profile];
  const withRoom = free.filter((x) => x > 0).length;
  // Raw bytes per logical byte: copies for mirrors (dup on one device), stripes plus parity for raid5/6.
  const n = g.devsMax === 0 ? Math.max(withRoom, g.devsMin) : g.devsMax;
  const raw = g.nparity > 0 ? logical * (n / Math.max(1, n - g.nparity)) : logical * g.ncopies;
  if (g.devsMax === 1) {
    // single/dup: all of a chunk on one device, any device.
    const out = free.map(() => 0);
    let left = raw;
    free.map((x, i) => [x, i] as const).sort((a, b) => b[0] - a[0]).forEach(([x, i]) => {
      const take = Math.min(x, left);
      out[i] = take;
      left -= take;
    });
    return left > 0 ? null : out;
  }
  if (withRoom < g.devsMin) return null;
  // Each device takes at most raw / (copies or stripes) so that copies land on distinct devices.
  const perDeviceCap = g.devsMax === 0 ? raw : logical;
  let lo = 0;
  let hi = perDeviceCap;
  const total = (t: number) => free.reduce((s, x) => s + Math.min(x, t), 0);
  if (total(perDeviceCap) < raw) return null;
  for (let i = 0; i < 40; i++) {
    const mid = (lo + hi) / 2;
    if (total(mid) >= raw) hi = mid;
    else lo = mid;
  }
  return free.map((x) => Math.min(x, hi));
}

/**
 * Whether the end state is possible at all: every type's used bytes (and the metadata reserve) in
 * the chunks that stay plus new chunks on the space left, counting everything the moves free.
 * Optimistic by design: it tells "cannot fit" from "may run short on the way".
 */
function endStateFits(f: SpaceFacts, plans: readonly RelocationPlan[], remaining: Leaving['remaining']): boolean {
  const free = remaining.map((d) => Math.max(0, d.unallocatedBytes - DEVICE_RESERVED_BYTES) + sum(plans.map((p) => p.frees.get(d.id) ?? 0)));
  for (const plan of plans) {
    const reserve = plan.type === 'metadata' ? METADATA_RESERVE_FACTOR * f.globalReserveBytes : 0;
    const need = Math.max(0, plan.usedBytes + reserve - plan.stayingBytes);
    const taken = waterFill(free, plan.toProfile, need);
    if (!taken) return false;
    taken.forEach((t, i) => (free[i] = free[i]! - t));
  }
  return true;
}

/** Command that moves the metadata (and system) block groups first. */
const METADATA_FIRST: string[][] = [['btrfs', 'balance', 'start', '-m', MNT]];

/**
 * One verdict for every operation that moves chunks (remove-missing, add-then-remove,
 * remove-device, convert, full balance), in the kernel's order (data, then metadata and system):
 * - it fits when the pessimistic simulation gets through;
 * - when metadata must move and does not get through, btrfs can run out of metadata room midway,
 *   abort a transaction and force the pool read-only (lab: remove-missing, add-then-remove,
 *   a healthy remove-device, full balance). If moving the metadata first fits (`balance -m`; in the
 *   lab that made the remove that had forced the pool read-only succeed), that is the remedy;
 * - when only data moves, a shortage stops btrfs cleanly with "No space left on device": fits
 *   `unknown` when the end state is possible (the model is pessimistic), `no` when it is not.
 */
function relocationVerdict(
  f: SpaceFacts, op: SpaceOperation, plans: RelocationPlan[], remaining: Leaving['remaining'], intro: string, devices: SpaceDevice[], opts: { copyOff: boolean },
): SpaceVerdict {
  const available = sum(remaining.map((d) => Math.max(0, d.unallocatedBytes)));
  const list = listOf(remaining);
  const plain = simulate(f, plans, remaining);
  const needed = (r: RelocationResult) => sum(CHUNK_TYPES.map((t) => {
    const p = allocProfile(f, t);
    return p ? r.newBytes[t] * GEOMETRY[p].ncopies : 0;
  }));
  if (plain.ok) {
    return verdict(op, {
      fits: 'yes', failure: null,
      why: `${intro} fits: the members that stay have room for the new chunks it needs (about ${fmt(needed(plain))} of chunk copies; ${list}).`,
      neededBytes: needed(plain), availableBytes: available, devices, remedies: [],
    });
  }
  const movesMetadata = plans.some((p) => META_TYPES.includes(p.type) && p.relocatedBytes > 0);
  const endState = endStateFits(f, plans, remaining);
  const extra = extraSpaceNeeded(remaining, (r) => simulate(f, plans, r).ok);
  const remedies: SpaceRemedy[] = [];
  if (movesMetadata) {
    // The lab's metadata balances got their new system chunk first (32 MiB), then the metadata chunk.
    const metaPlans = [...plans.filter((p) => p.type === 'system'), ...plans.filter((p) => p.type === 'metadata')];
    // In the lab a metadata balance got a new system chunk on the way: the system block group then
    // moved even where a replace's read-only check would have failed.
    const metaStage = simulate(f, metaPlans, remaining);
    if (metaStage.ok) {
      remedies.push({
        kind: 'metadata-first',
        text: `Move the metadata first, while the members still have room: a metadata balance needs about ${fmt(needed(metaStage))} of new chunk copies ` +
          `(${list}). Then only data moves, and a shortage stops btrfs cleanly with "No space left on device" instead of forcing the pool read-only. ` +
          'Check again after the metadata balance.',
        bytes: needed(metaStage),
        commands: METADATA_FIRST,
      });
    }
    if (extra !== null) remedies.push(...spaceRemedies(f, extra, { copyOff: false }));
    if (opts.copyOff) remedies.push(...spaceRemedies(f, 0, { copyOff: true }));
    return verdict(op, {
      // Every read-only case in the lab moved metadata; none stopped cleanly once it was involved.
      fits: 'no', failure: 'read-only',
      why: `${intro} will not fit: btrfs moves the data first, and its new chunks would leave the members that stay without room for a new ` +
        `${plain.failedType === 'data' ? 'data or metadata' : plain.failedType} chunk (${list}). When the metadata then moves, btrfs can run out of metadata room, ` +
        'abort a transaction and force the pool read-only until it is unmounted (seen in the lab from 35 % full).',
      neededBytes: extra !== null ? available + extra : null, availableBytes: available, devices, remedies,
    });
  }
  if (extra !== null) remedies.push(...spaceRemedies(f, extra, { copyOff: false }));
  if (opts.copyOff) remedies.push(...spaceRemedies(f, 0, { copyOff: true }));
  if (endState) {
    return verdict(op, {
      fits: 'unknown', failure: 'enospc',
      why: `${intro} may not fit: only data moves, and the members that stay (${list}) hold the end result, but the new chunks btrfs creates on the way may not; ` +
        'if so it stops with "No space left on device" and the pool stays as it is (nothing moved is lost).',
      neededBytes: extra !== null ? available + extra : null, availableBytes: available, devices, remedies,
    });
  }
  return verdict(op, {
    fits: 'no', failure: 'enospc',
    why: `${intro} will not fit: the data does not fit on the members that stay (${list}); btrfs would stop with "No space left on device".`,
    neededBytes: extra !== null ? available + extra : null, availableBytes: available, devices, remedies,
  });
}

/** Refuses profiles that need more members than will remain (btrfs refuses too). */
function memberCountProblem(f: SpaceFacts, op: SpaceOperation, remaining: number, intro: string, devices: SpaceDevice[], targets?: Partial<Record<ChunkType, Profile>>): SpaceVerdict | null {
  for (const type of CHUNK_TYPES) {
    const p = targets?.[type] ?? allocProfile(f, type);
    if (p && remaining < GEOMETRY[p].devsMin) {
      return verdict(op, {
        fits: 'no', failure: 'refused',
        why: `${intro}: ${type} is ${p}, which needs at least ${GEOMETRY[p].devsMin} members; ${remaining} would remain. btrfs refuses.`,
        neededBytes: null, availableBytes: null, devices,
        remedies: [{ kind: 'add-disk', text: `Add ${counted(GEOMETRY[p].devsMin - remaining, 'disk')} first.`, bytes: null, commands: [] }],
      });
    }
  }
  return null;
}

function removeLikeVerdict(f: SpaceFacts, op: SpaceOperation, leaving: Leaving, intro: string, extraDevices: SpaceDevice[], roles: Map<number, SpaceDevice['role']>): SpaceVerdict {
  const devices = devicesOf(f, roles, extraDevices);
  if (mixedBlockGroups(f)) return unknown(op, 'mixed block groups (data and metadata in the same chunks) are not modelled', devices);
  const refused = memberCountProblem(f, op, leaving.remaining.length, intro, devices);
  if (refused) return refused;
  const totalRw = sum(leaving.remaining.map((d) => d.sizeBytes));
  return relocationVerdict(f, op, leavingPlans(f, leaving, totalRw), leaving.remaining, intro, devices, { copyOff: leaving.members.some((m) => m.missing) });
}

const remainingOf = (members: readonly SpaceMember[]) => members.map((m) => ({ id: m.devid, sizeBytes: m.sizeBytes, unallocatedBytes: m.unallocatedBytes }));

/**
 * `btrfs device remove missing`: every chunk with a stripe on the missing member is rebuilt on
 * the members that are left, one block group at a time.
 */
export function removeMissingVerdict(f: SpaceFacts): SpaceVerdict {
  const op: SpaceOperation = 'remove-missing';
  const missing = f.members.filter((m) => m.missing);
  if (missing.length === 0) return unknown(op, 'no member is missing', devicesOf(f, new Map()));
  const intro = `Removing the missing member${missing.length > 1 ? 's' : ` (devid ${missing[0]!.devid})`}`;
  return removeLikeVerdict(f, op, { members: missing, remaining: remainingOf(present(f)) }, intro, [], new Map());
}

/** Add new disk(s), then remove the missing member: the new disks take new chunks too. */
export function addThenRemoveVerdict(f: SpaceFacts, input: { newDiskBytes: number | readonly number[] }): SpaceVerdict {
  const op: SpaceOperation = 'add-then-remove';
  const sizes = typeof input.newDiskBytes === 'number' ? [input.newDiskBytes] : [...input.newDiskBytes];
  const missing = f.members.filter((m) => m.missing);
  const disks: SpaceDevice[] = sizes.map((size) => ({ devid: null, role: 'new-disk', sizeBytes: size, unallocatedBytes: size }));
  if (missing.length === 0) return unknown(op, 'no member is missing', devicesOf(f, new Map(), disks));
  const withDisks = (extra: readonly number[]) => [...remainingOf(present(f)), ...extra.map((size, i) => ({ id: -1 - i, sizeBytes: size, unallocatedBytes: size }))];
  const named = sizes.length === 1 ? `a ${fmt(sizes[0]!)} disk` : `${sizes.length} disks (${sizes.map(fmt).join(', ')})`;
  const v = removeLikeVerdict(f, op, { members: missing, remaining: withDisks(sizes) }, `Adding ${named}, then removing the missing member`, disks, new Map());
  if (v.fits === 'yes') return v;
  // What one more disk would do: the smallest size that makes the plain route fit, if any.
  const fitsWith = (size: number) => {
    const remaining = withDisks([...sizes, size]);
    return simulate(f, leavingPlans(f, { members: missing, remaining }, sum(remaining.map((d) => d.sizeBytes))), remaining).ok;
  };
  const largest = Math.max(...f.members.map((m) => m.sizeBytes));
  const remedies = [...v.remedies];
  if (fitsWith(largest * 16)) {
    let lo = 0;
    let hi = largest * 16;
    for (let i = 0; i < 20; i++) {
      const mid = (lo + hi) / 2;
      if (fitsWith(mid)) hi = mid;
      else lo = mid;
    }
    remedies.push({ kind: 'add-disk', text: `Adding one more disk of at least ${fmt(Math.ceil(hi))} as well would make it fit.`, bytes: Math.ceil(hi), commands: [] });
  } else {
    remedies.push({
      kind: 'add-disk',
      text: 'No single extra disk makes it fit: each new mirrored chunk needs room on two (or more) members, and the members that stay have too little left.',
      bytes: null, commands: [],
    });
  }
  return { ...v, remedies };
}

/** `btrfs device remove <devid>` of a present member: its chunks move to the others. */
export function removeDeviceVerdict(f: SpaceFacts, devid: number): SpaceVerdict {
  const op: SpaceOperation = 'remove-device';
  const member = f.members.find((m) => m.devid === devid && !m.missing);
  if (!member) return unknown(op, `devid ${devid} is not a present member`, devicesOf(f, new Map()));
  const others = present(f).filter((m) => m.devid !== devid);
  return removeLikeVerdict(f, op, { members: [member], remaining: remainingOf(others) }, `Removing devid ${devid} (${fmt(member.sizeBytes)})`, [],
    new Map([[devid, 'leaving']]));
}

/** Relocating whole profiles in place (convert, full balance): every stripe of a moved chunk is freed. */
function inPlacePlans(f: SpaceFacts, targets: Partial<Record<ChunkType, Profile>>, moves: (type: ChunkType, from: Profile) => boolean, totalRw: number): RelocationPlan[] {
  return CHUNK_TYPES.flatMap((type) => {
    const toProfile = targets[type] ?? allocProfile(f, type);
    if (!toProfile) return [];
    const { total, used } = typeTotals(f, type);
    let relocated = 0;
    const frees = new Map<number, number>();
    for (const t of f.types.filter((x) => x.type === type)) {
      if (!moves(type, t.profile)) continue;
      relocated += t.totalBytes;
      for (const m of present(f)) {
        const b = sum(m.allocations.filter((a) => a.type === type && a.profile === t.profile).map((a) => a.bytes));
        if (b > 0) frees.set(m.devid, (frees.get(m.devid) ?? 0) + b);
      }
    }
    return [{ type, toProfile, relocatedBytes: relocated, stayingBytes: total - relocated, usedBytes: used, frees, chunkBytes: typicalChunkBytes(type, toProfile, totalRw, stripesOf(f, type, toProfile)) }];
  });
}

function inPlaceVerdict(f: SpaceFacts, op: SpaceOperation, plans: RelocationPlan[], intro: string, targets?: Partial<Record<ChunkType, Profile>>): SpaceVerdict {
  const members = present(f);
  const devices = devicesOf(f, new Map());
  if (mixedBlockGroups(f)) return unknown(op, 'mixed block groups (data and metadata in the same chunks) are not modelled', devices);
  if (f.members.some((m) => m.missing)) return unknown(op, 'a member is missing: replace or remove it first', devices);
  const refused = memberCountProblem(f, op, members.length, intro, devices, targets);
  if (refused) return refused;
  return relocationVerdict(f, op, plans, remainingOf(members), intro, devices, { copyOff: false });
}

/** `btrfs balance start -dconvert=… -mconvert=…[,soft]`: chunks not yet in the target profile move. */
export function convertVerdict(f: SpaceFacts, input: { data: Profile; metadata: Profile; soft: boolean }): SpaceVerdict {
  const targets: Record<ChunkType, Profile> = { data: input.data, metadata: input.metadata, system: input.metadata };
  const totalRw = sum(present(f).map((m) => m.sizeBytes));
  const plans = inPlacePlans(f, targets, (type, from) => !input.soft || from !== targets[type], totalRw);
  return inPlaceVerdict(f, 'convert', plans, `Converting data to ${input.data} and metadata to ${input.metadata}${input.soft ? ' (soft)' : ''}`, targets);
}

/** `btrfs balance start --full-balance`: every chunk is rewritten in its profile. */
export function fullBalanceVerdict(f: SpaceFacts): SpaceVerdict {
  const totalRw = sum(present(f).map((m) => m.sizeBytes));
  const v = inPlaceVerdict(f, 'full-balance', inPlacePlans(f, {}, () => true, totalRw), 'A full balance');
  // inPlaceVerdict judges only pools with nothing missing. There, every full balance the lab ran
  // short of room stopped cleanly (ADR 023): say what it will most likely do, not the removes' worst case.
  if (v.fits !== 'no' || v.failure !== 'read-only') return v;
  const numbers = v.why.split(' When the metadata then moves')[0] ?? v.why;
  return {
    ...v,
    failure: 'enospc',
    why: `${numbers} On a pool with nothing missing btrfs then stops with "No space left on device": the chunks already moved stay where they are, ` +
      'the pool stays read-write (every full balance short of room in the lab ended so).',
  };
}
