/**
 * Pre-flight checks every action shares. Pure: a pool/disk snapshot in, a decision (or a typed
 * refusal) out. Device paths and devids come only from the snapshot, never from the request.
 * Refusals: ValidationError (400) for a wrong choice in the request, ConflictError (409) when the
 * pool is not in a state where the action makes sense.
 */
import { belowMinimumReason, spaceRefusal } from '../../health/gates.ts';
import { members } from '../../health/text.ts';
import type { ActionOffer } from '../../../contracts/actions.ts';
import type { Disk, Pool, PoolDevice } from '../../../contracts/api.ts';
import { isPlainLabel, labelText } from '../../../contracts/label.ts';
import { ConflictError, ValidationError } from '../../errors.ts';
import { isReadOnly } from '../../health/mount-options.ts';
import { mountPointsFor } from '../../health/mount-points.ts';
import { attachedMembers, diskWords, formatBytes, missingMemberSizeBytes, poolName } from '../../health/pool-facts.ts';
import type { Snapshot } from '../../inventory/inventory-service.ts';
import { poolRedundancy, type KnownRedundancy } from '../../health/profiles.ts';
import { redundancyVerdict } from '../../health/verdict.ts';
import type { SpaceVerdict } from '../../../contracts/space.ts';
import { cmd } from '../../host/commands.ts';
import { spaceFactsOf, type SpaceFacts } from '../../health/space/facts.ts';
import { readProblem } from '../../inventory/read-problem.ts';
import { parseDeviceUsage, type DeviceUsage } from '../../parsers/device-usage.ts';
import { parseFiUsage, type FiUsage } from '../../parsers/fi-usage.ts';
import type { ActionEnv } from './types.ts';

/**
 * What the admin must type to confirm a destructive action: the label when a person can type it
 * as shown (no control or invisible characters, no spaces at the ends), else the uuid.
 */
export function confirmationLabel(pool: Pool, targetTag: string | null = null): string {
  const name = confirmsByLabel(pool) ? pool.label! : pool.uuid;
  return targetTag ? `${name} ${targetTag}` : name;
}

/**
 * How the admin names a target disk when confirming (issue 10): what is printed on the disk or in
 * /dev/disk/by-id — its serial, else its by-id name — and only for disks with neither, its path.
 */
export function diskConfirmTag(disk: Disk): string {
  const byId = disk.identity.byId[0]?.split('/').pop();
  return disk.identity.serial ?? byId ?? disk.path ?? disk.identity.key;
}

function confirmsByLabel(pool: Pool): boolean {
  return Boolean(pool.label && pool.label.trim() !== '' && isPlainLabel(pool.label));
}

export function checkConfirmLabel(pool: Pool, given: string | undefined, targetTag: string | null = null): void {
  const want = confirmationLabel(pool, targetTag);
  const what = `${confirmsByLabel(pool) ? 'label' : 'uuid'}${targetTag ? ' and the target disk\'s serial (or by-id name), separated by a space' : ''}`;
  if (given === undefined || given === '') {
    throw new ValidationError(`this action cannot be undone: confirm it by sending confirmLabel "${want}" (the pool's ${what})`);
  }
  if (given !== want) {
    throw new ValidationError(`confirmLabel "${labelText(given.slice(0, 300))}" does not match the pool's ${what} "${want}"; nothing was run`);
  }
}

/** The member with this devid (present or missing), or a 400 naming the devids there are. */
export function memberOf(pool: Pool, devid: number): PoolDevice {
  const dev = pool.devices.find((d) => d.devid === devid);
  if (!dev) {
    const ids = pool.devices.map((d) => d.devid).join(', ') || 'none';
    throw new ValidationError(`pool ${poolName(pool)} has no devid ${devid} (its devids: ${ids})`);
  }
  return dev;
}

export function presentMemberOf(pool: Pool, devid: number): PoolDevice & { path: string } {
  const dev = memberOf(pool, devid);
  if (dev.missing || !dev.path) throw new ValidationError(`devid ${devid} of pool ${poolName(pool)} is missing; this action needs a present member`);
  return { ...dev, path: dev.path };
}

/** The pool's mount point; refuses when it is not mounted, or (rw) mounted read-only. */
export function mountPointOf(pool: Pool, need: 'any' | 'rw'): string {
  if (!pool.mounted || !pool.mountPoint) throw new ConflictError(`pool ${poolName(pool)} is not mounted; mount it first`);
  if (need === 'rw' && isReadOnly(pool.mountOptions)) {
    throw new ConflictError(`pool ${poolName(pool)} is mounted read-only at ${pool.mountPoint}; remount it read-write (degraded,rw when members are missing) first`);
  }
  return pool.mountPoint;
}

/**
 * Where poolwatch mounts a pool (issue 10): the same place the guidance proposes, worked out again
 * from this snapshot with the action's mount root — distinct from every other pool's, never a mount
 * point in use. Refuses when the snapshot says something is mounted there (the host checks again
 * when the command runs).
 */
export function mountPointUnder(root: string, pool: Pool, snapshot: Pick<Snapshot, 'pools' | 'mountTargets'>): string {
  const inUse = snapshot.mountTargets ?? [];
  const mountPoint = mountPointsFor(snapshot.pools, { mountRoot: root, inUse }).get(pool.uuid);
  if (!mountPoint) throw new ConflictError(`no free mount point under ${root} for pool ${poolName(pool)}`);
  if (inUse.includes(mountPoint)) {
    throw new ConflictError(`${mountPoint} is already a mount point in use: pool ${poolName(pool)} is not mounted on top of it; nothing was run`);
  }
  return mountPoint;
}

/** The device to name in `mount`: the lowest-devid present member. */
export function mountSourceOf(pool: Pool): string {
  const member = pool.devices.filter((d) => !d.missing && d.path).sort((a, b) => a.devid - b.devid)[0];
  if (!member?.path) throw new ConflictError(`pool ${poolName(pool)} has no attached member to mount from`);
  return member.path;
}

/** A stable path for commands: the first /dev/disk/by-id name, else the /dev path. */
export function stablePathOf(disk: Disk): string {
  const p = disk.identity.byId[0] ?? disk.path;
  if (!p) throw new ValidationError(`disk ${disk.identity.key} has no device path (it is not attached)`);
  return p;
}

export interface ChosenDisk {
  disk: Disk;
  /** What the commands name. */
  path: string;
  /** The disk in words for the admin, identity first (ADR 024). */
  name: string;
  sizeBytes: number;
  /** The disk carries a filesystem signature the admin agreed to erase. */
  needsWipe: boolean;
}

const SIGNATURE_REASON = /^(\S+) signature$/;

/**
 * A disk to add or replace with: attached, unused (or only a filesystem signature the admin
 * agreed to wipe), not mounted, not a member of any pool.
 */
export function chooseDisk(disks: readonly Disk[], key: string, opts: { wipe: boolean }): ChosenDisk {
  const disk = disks.find((d) => d.identity.key === key && d.attached);
  if (!disk) {
    const detached = disks.find((d) => d.identity.key === key);
    throw new ValidationError(detached ? `disk ${key} is not attached` : `no attached disk ${key}; pick one of the unused disks GET /api/disks lists`);
  }
  const name = `disk ${diskWords(disk.identity, disk.sizeBytes, disk.path) || key}`;
  if (disk.role === 'member') {
    const where = disk.pool ? `devid ${disk.pool.devid ?? '?'} of pool ${poolName(disk.pool)}` : 'a pool member';
    throw new ValidationError(`${name} is in use: it is ${where}`);
  }
  if (disk.role === 'stale-member') {
    throw new ValidationError(`${name} is an old member of pool ${disk.pool ? poolName(disk.pool) : '?'} (it still carries that pool's filesystem): wipe it first, after checking it is the disk you mean`);
  }
  let needsWipe = false;
  if (disk.role === 'in-use') {
    const reason = disk.inUseReason ?? 'in use';
    const signature = SIGNATURE_REASON.exec(reason);
    if (!signature || signature[1] === 'unclear') throw new ValidationError(`${name} is in use (${reason}); only an unused disk can be used`);
    if (!opts.wipe) {
      throw new ValidationError(`${name} holds a ${signature[1]} signature; to erase it (everything on the disk is lost) send wipe: true`, {
        requires: 'wipe',
      });
    }
    needsWipe = true;
  } else if (disk.role !== 'unused') {
    throw new ValidationError(`${name} is ${disk.role}`);
  }
  if (!disk.sizeBytes) throw new ValidationError(`the size of ${name} is unknown`);
  return { disk, path: stablePathOf(disk), name: diskWords(disk.identity, disk.sizeBytes, disk.path), sizeBytes: disk.sizeBytes, needsWipe };
}

/** Smallest size a member may be shrunk to: below this btrfs has no room for its chunks anyway. */
export const MIN_MEMBER_BYTES = 256 * 1024 * 1024;

export interface ReplacementSize {
  /** The member's size as btrfs uses it; null when nothing remembers a missing member's size. */
  oldBytes: number | null;
  newBytes: number;
  /** The new disk is larger: `resize <devid>:max` afterwards uses the rest. */
  larger: boolean;
}

/**
 * The replacement must be at least as large as the member (btrfs refuses otherwise). When it is
 * smaller and the old member is present, the way out is to shrink the member first.
 */
export function checkReplacementSize(pool: Pool, member: PoolDevice, target: ChosenDisk): ReplacementSize {
  const oldBytes = member.missing ? missingMemberSizeBytes(pool, member.devid) : member.sizeBytes;
  if (oldBytes !== null && oldBytes > 0 && target.sizeBytes < oldBytes) {
    const base = `disk ${target.path} (${formatBytes(target.sizeBytes)}) is smaller than devid ${member.devid} (${formatBytes(oldBytes)})`;
    if (member.missing) {
      throw new ValidationError(`${base}; a missing member cannot be shrunk: use a disk at least as large, or add this disk and then remove the missing member`);
    }
    const offer: ActionOffer = {
      action: 'resize',
      body: { devid: member.devid, size: target.sizeBytes },
      text: `shrink devid ${member.devid} to ${formatBytes(target.sizeBytes)} first (btrfs filesystem resize ${member.devid}:${target.sizeBytes}), then replace`,
    };
    throw new ValidationError(`${base}; shrink devid ${member.devid} to at most ${target.sizeBytes} bytes first`, { offer });
  }
  return { oldBytes: oldBytes && oldBytes > 0 ? oldBytes : null, newBytes: target.sizeBytes, larger: oldBytes !== null && target.sizeBytes > oldBytes };
}

/** The pool's redundancy; refuses when its profiles are unknown (nothing safe can be decided). */
export function knownRedundancy(pool: Pool): KnownRedundancy {
  const r = poolRedundancy(pool.profiles);
  if (!r.known) throw new ConflictError(`the profiles of pool ${poolName(pool)} are unknown (${r.unknownTypes.join(', ')}); mount it so btrfs can report them`);
  return r;
}

/** Members attached now (present, not missing). */
export function attachedCount(pool: Pool): number {
  return attachedMembers(pool);
}

/**
 * Refuses a removal that would leave fewer attached members than the profile needs (the
 * guidance minimum of PROFILE_RULES: btrfs may accept fewer, but the pool would be one failure
 * from loss or unable to keep its profile).
 */
export function checkMembersAfterRemoval(pool: Pool, membersAfter: number, what: string): void {
  knownRedundancy(pool);
  const why = belowMinimumReason(pool, membersAfter, what);
  if (why) throw new ConflictError(why);
}

/**
 * The space engine's facts from a fresh read (`fi usage -T -b`, and `device usage -b` for stripe
 * counts), or why there are none. Reads only; the verdicts are pure (server/health/space).
 */
export async function readSpaceFacts(env: ActionEnv, mountPoint: string): Promise<{ facts: SpaceFacts | null; problem: string | null }> {
  let usage: FiUsage;
  try {
    usage = parseFiUsage((await env.host.run(cmd.fiUsage(mountPoint))).stdout);
  } catch (err) {
    return { facts: null, problem: readProblem('fi-usage', err).message };
  }
  let devices: DeviceUsage | null = null;
  try {
    devices = parseDeviceUsage((await env.host.run(cmd.deviceUsage(mountPoint))).stdout);
  } catch {
    // Only the stripe counts of striped profiles come from here; the engine estimates without them.
  }
  const facts = spaceFactsOf(usage, devices);
  return { facts, problem: facts ? null : 'btrfs filesystem usage printed rounded sizes' };
}

/** A verdict for when the usage could not be read. */
export function unreadableSpace(operation: SpaceVerdict['operation'], problem: string): SpaceVerdict {
  return { operation, fits: 'unknown', failure: null, why: `${problem}; whether it fits cannot be told`, neededBytes: null, availableBytes: null, devices: [], remedies: [] };
}

/**
 * The space gate of a step, before anything runs: `no` refuses (409, with the verdict in
 * `details.space`, the numbers in the message, and an offer when the verdict has a way around
 * that poolwatch can run); `unknown` becomes a warning where a shortage would stop btrfs cleanly,
 * and a refusal where moving chunks blindly could force the pool read-only.
 */
export function checkSpace(pool: Pool, v: SpaceVerdict, opts: { movesChunks: boolean; offer?: ActionOffer | null }): string[] {
  const why = spaceRefusal(v, opts);
  if (why !== null && v.fits === 'no') {
    const remedies = v.remedies.map((r) => r.text).join(' ');
    const details: Record<string, unknown> = { space: v };
    if (opts.offer) details.offer = opts.offer;
    throw new ConflictError(`not enough space on pool ${poolName(pool)}: ${why}${remedies ? ` ${remedies}` : ''} Nothing was run.`, details);
  }
  if (why !== null) throw new ConflictError(`pool ${poolName(pool)}: ${why}; nothing was run.`, { space: v });
  return v.fits === 'unknown' ? [v.why] : [];
}

/** Refuses when the pool misses more members than its profiles survive. */
export function checkWithinRedundancy(pool: Pool): void {
  const v = redundancyVerdict(pool);
  if (v.beyondRedundancy && v.redundancy.known) {
    throw new ConflictError(
      `pool ${poolName(pool)} misses ${members(v.missing.count)}, more than ${v.redundancy.weakest} survives; ` +
      'reattach the missing disks if at all possible, otherwise the data must come back from backup',
    );
  }
}
