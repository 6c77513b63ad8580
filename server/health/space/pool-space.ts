/**
 * The space report of one pool (PoolView.space): the verdict of each operation that makes sense
 * now, and the resilience forecast. Placeholders in remedy commands get the pool's mount point.
 */
import type { Pool } from '../../../contracts/api.ts';
import type { PoolSpace, SpaceVerdict } from '../../../contracts/space.ts';
import { intendedProfile } from '../profiles.ts';
import type { SpaceFacts } from './facts.ts';
import { resilienceForecast } from './forecast.ts';
import {
  MNT, addThenRemoveVerdict, convertVerdict, fullBalanceVerdict, removeDeviceVerdict, removeMissingVerdict, replaceVerdict,
} from './operations.ts';

export interface PoolSpaceOptions {
  /** Sizes of attached unused disks (spare candidates). */
  spareSizes: readonly number[];
  /** Members whose disk is failing (SMART): their forecast comes first. */
  failingDevids?: readonly number[];
  /** Why there are no facts, when the caller knows (a read failed). */
  unknownReason?: string;
}

function withMountPoint(v: SpaceVerdict, mountPoint: string | null): SpaceVerdict {
  if (!mountPoint) return v;
  return { ...v, remedies: v.remedies.map((r) => ({ ...r, commands: r.commands.map((c) => c.map((a) => (a === MNT ? mountPoint : a))) })) };
}

/** The smallest spare at least `min` bytes, else null. */
function spareFor(spares: readonly number[], min: number): number | null {
  const fitting = spares.filter((s) => s >= min).sort((a, b) => a - b);
  return fitting[0] ?? null;
}

export function poolSpace(pool: Pool, facts: SpaceFacts | null, opts: PoolSpaceOptions): PoolSpace {
  if (!facts) {
    const why = opts.unknownReason ?? (pool.mounted ? 'poolwatch has not read this pool\'s space usage yet' : 'the pool is not mounted: btrfs reports space per member only for a mounted pool');
    return { usage: null, unknownReason: why, verdicts: [], forecast: [] };
  }
  const verdicts: SpaceVerdict[] = [];
  const missing = facts.members.filter((m) => m.missing);
  if (missing.length > 0) {
    for (const m of missing) {
      verdicts.push(replaceVerdict(facts, { sourceDevid: m.devid, targetSizeBytes: spareFor(opts.spareSizes, m.sizeBytes) ?? m.sizeBytes }));
    }
    verdicts.push(removeMissingVerdict(facts));
    const largestMissing = Math.max(...missing.map((m) => m.sizeBytes));
    verdicts.push(addThenRemoveVerdict(facts, { newDiskBytes: Math.max(...opts.spareSizes, largestMissing) }));
  } else {
    verdicts.push(fullBalanceVerdict(facts));
    const data = intendedProfile(pool.profiles.data);
    const metadata = intendedProfile(pool.profiles.metadata);
    const mixed = pool.profiles.data.length > 1 || pool.profiles.metadata.length > 1 || pool.profiles.system.length > 1;
    if (mixed && data && metadata) verdicts.push(convertVerdict(facts, { data, metadata, soft: true }));
    for (const m of facts.members) verdicts.push(removeDeviceVerdict(facts, m.devid));
  }
  return {
    usage: { types: facts.types.map((t) => ({ ...t })), globalReserveBytes: facts.globalReserveBytes },
    unknownReason: null,
    verdicts: verdicts.map((v) => withMountPoint(v, pool.mountPoint)),
    forecast: resilienceForecast(facts, { failingDevids: opts.failingDevids ?? [] }).map((f) => ({
      ...f,
      replace: f.replace && withMountPoint(f.replace, pool.mountPoint),
      removeMissing: f.removeMissing && withMountPoint(f.removeMissing, pool.mountPoint),
    })),
  };
}
