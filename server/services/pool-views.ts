/**
 * Pools as the UI shows them: the snapshot plus the health verdict, the maintenance guidance
 * and whether the admin imported the pool.
 */
import type { Disk, Pool } from '../../contracts/api.ts';
import { diskWords } from '../health/pool-facts.ts';
import type { Job } from '../../contracts/jobs.ts';
import type { SmartDiskStatus } from '../../contracts/smart.ts';
import type { PoolSpace } from '../../contracts/space.ts';
import type { PoolView } from '../../contracts/views.ts';
import { assessPool } from '../health/assess-pool.ts';
import type { MemberSmart } from '../health/context.ts';
import { actionGates } from '../health/gates.ts';
import { poolSpace } from '../health/space/pool-space.ts';
import type { PoolSpaceRead, Snapshot } from '../inventory/inventory-service.ts';

/**
 * The space report of a pool, computed once per space read (the same facts object), spare set and
 * failing members: views are built per request, the relocation simulations are not free.
 */
const spaceMemo = new WeakMap<object, Map<string, PoolSpace>>();

function spaceOf(pool: Pool, read: PoolSpaceRead | undefined, spareSizes: number[], failingDevids: number[]): PoolSpace {
  if (!read?.facts) return poolSpace(pool, null, { spareSizes, ...(read?.reason ? { unknownReason: read.reason } : {}) });
  const key = JSON.stringify([pool.mountPoint, pool.profiles, spareSizes, failingDevids]);
  let byKey = spaceMemo.get(read.facts);
  if (!byKey) spaceMemo.set(read.facts, (byKey = new Map()));
  let space = byKey.get(key);
  if (!space) byKey.set(key, (space = poolSpace(pool, read.facts, { spareSizes, failingDevids })));
  return space;
}

/** What poolwatch knows besides the snapshot that changes a pool's verdict. */
export interface PoolSignals {
  /** The cached SMART verdict of a disk (by identity key); null when it was never judged. */
  smartOf?: (diskKey: string) => { status: SmartDiskStatus; summary: string } | null;
  /** The pool's jobs, newest first. */
  jobsOf?: (poolUuid: string) => readonly Job[];
}

export function poolViews(snap: Snapshot, managed: Set<string>, now: Date, mountRoot?: string, signals: PoolSignals = {}): PoolView[] {
  const spareDisks = snap.disks
    .filter((d) => d.role === 'unused' && d.attached && d.sizeBytes)
    .map((d) => ({ sizeBytes: d.sizeBytes!, path: d.identity.byId[0] ?? d.path, name: diskWords(d.identity, d.sizeBytes ?? null, d.path) }));
  // What a replace may use (preflight chooseDisk): unused, or holding only a filesystem signature to wipe.
  const targetSizes = snap.disks
    .filter((d) => d.attached && d.sizeBytes && (d.role === 'unused' || (d.role === 'in-use' && /^(?!unclear )\S+ signature$/.test(d.inUseReason ?? ''))))
    .map((d) => d.sizeBytes!);
  return snap.pools.map((pool) => {
    const slack = snap.slack[pool.uuid] ?? [];
    const smart = signals.smartOf ? memberSmart(pool, snap, signals.smartOf) : [];
    const { repairedAt, scrubbedAt } = signals.jobsOf ? repairAndScrub(signals.jobsOf(pool.uuid)) : { repairedAt: null, scrubbedAt: null };
    const staleDisks = snap.disks
      .filter((d) => d.role === 'stale-member' && d.attached && d.path && d.pool?.uuid === pool.uuid)
      .map((d) => ({ path: d.identity.byId[0] ?? d.path!, name: diskName(d) }));
    // The forecast puts the members SMART calls failing first.
    const failing = smart.filter((m) => m.status === 'failing').map((m) => m.devid);
    const space = spaceOf(pool, snap.space?.[pool.uuid], spareDisks.map((d) => d.sizeBytes), failing);
    const { health, maintenance } = assessPool(pool, {
      now, spareDisks, slack, smart, repairedAt, scrubbedAt, staleDisks, space, targetSizes, ...(mountRoot ? { mountRoot } : {}),
    });
    const blocked = actionGates(pool, { space, targetSizes });
    return { ...pool, managed: managed.has(pool.uuid), health, maintenance, slack, space, blocked };
  });
}

/** A disk as an admin finds it: identity, size, slot; the kernel path last. */
function diskName(d: Disk): string {
  return diskWords(d.identity, d.sizeBytes, d.path) || d.identity.key;
}

/** The failing or warning SMART verdicts of the pool's present members. */
export function memberSmart(pool: Pool, snap: Snapshot, smartOf: NonNullable<PoolSignals['smartOf']>): MemberSmart[] {
  const out: MemberSmart[] = [];
  for (const dev of pool.devices) {
    if (dev.missing) continue;
    const disk = snap.disks.find((d) => d.attached && d.pool?.uuid === pool.uuid && d.pool.devid === dev.devid);
    const v = disk ? smartOf(disk.identity.key) : null;
    if (v && (v.status === 'failing' || v.status === 'warning')) out.push({ devid: dev.devid, status: v.status, summary: v.summary });
  }
  return out;
}

/** Jobs that restore redundancy when they succeed (the replace of a member, the removal of a missing one, a convert back). */
function restoresRedundancy(job: Job): boolean {
  if (job.kind === 'replace' || job.kind === 'remove-missing') return true;
  return job.kind === 'balance-start' && (job.target ?? '').startsWith('convert');
}

/** When poolwatch last restored redundancy, and when a scrub last finished with nothing left uncorrected. */
export function repairAndScrub(jobs: readonly Job[]): { repairedAt: string | null; scrubbedAt: string | null } {
  let repairedAt: string | null = null;
  let scrubbedAt: string | null = null;
  for (const job of jobs) {
    if (job.state !== 'succeeded' || !job.finishedAt) continue;
    if (repairedAt === null && restoresRedundancy(job)) repairedAt = job.finishedAt;
    const isScrub = job.kind === 'scrub-start' || job.kind === 'scrub-resume';
    if (scrubbedAt === null && isScrub && (job.result?.scrub?.uncorrectable ?? 0) === 0) scrubbedAt = job.finishedAt;
  }
  return { repairedAt, scrubbedAt };
}
