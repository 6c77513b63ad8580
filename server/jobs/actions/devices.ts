/**
 * Adding and removing members. `btrfs device remove` is synchronous (an internal balance that
 * `balance status` does not show): the job runs it in the foreground and reads progress from
 * `btrfs device usage` (the member's allocation shrinking; Unallocated goes negative).
 *
 * After a restart mid-remove there are two cases. If the `btrfs device remove` process survives
 * poolwatch (poolwatch was killed; its child is not), the kernel finishes the remove: reconcile
 * sees `exclusive_operation: device remove`, follows it by device usage and records success once
 * the devid is gone. If poolwatch stops gracefully, execa terminates the child; the kernel checks
 * for fatal signals between chunks and then stops the remove (expected from the kernel source,
 * not reproduced in the lab: small lab removes finish too fast), the member stays, and reconcile
 * records the job as interrupted with the devid still present.
 */
import { members } from '../../health/text.ts';
import type { AddDevicesBody, RemoveDeviceBody, RemoveMissingBody } from '../../../contracts/actions.ts';
import { ConflictError, ValidationError } from '../../errors.ts';
import { cmd } from '../../host/commands.ts';
import { jobCmd } from '../../host/job-commands.ts';
import { quarantineDevinfo } from '../../host/sysfs-quarantine.ts';
import { formatBytes, missingMembers, poolName } from '../../health/pool-facts.ts';
import { allocatedBytesOf, type KernelOp } from '../kernel-ops.ts';
import type { JobContext } from '../job-runner.ts';
import {
  attachedCount,
  checkMembersAfterRemoval,
  checkSpace,
  chooseDisk,
  mountPointOf,
  presentMemberOf,
  readSpaceFacts,
  unreadableSpace,
  type ChosenDisk,
} from './preflight.ts';
import type { ActionOffer } from '../../../contracts/actions.ts';
import type { SpaceVerdict } from '../../../contracts/space.ts';
import { addThenRemoveVerdict, removeDeviceVerdict, removeMissingVerdict } from '../../health/space/operations.ts';
import type { ActionEnv, ActionHandler } from './types.ts';

async function allocatedOn(env: ActionEnv, mountPoint: string, devid: number | null): Promise<number | null> {
  if (devid === null) return null;
  try {
    return allocatedBytesOf((await env.host.run(cmd.deviceUsage(mountPoint))).stdout, devid);
  } catch {
    return null;
  }
}

async function runRemove(ctx: JobContext, op: KernelOp & { type: 'device-remove' }, which: number | 'missing', metadataFirst: boolean): Promise<void> {
  // A failed metadata balance throws here: the remove then does not run (the lab: a remove after
  // a failed `balance -m` forced the pool read-only).
  if (metadataFirst) await ctx.exec(jobCmd.balanceMetadata(op.mountPoint));
  ctx.track(op);
  await ctx.exec(jobCmd.deviceRemove(which, op.mountPoint));
  // The command returned: the kernel's view says whether the member is gone (and sets the result).
  await ctx.follow(op);
}

/**
 * The space verdict of a remove, with metadata first when asked (refused when moving the metadata
 * first does not fit either), and the warnings it leaves.
 */
function removeSpace(env: ActionEnv, verdict: SpaceVerdict, metadataFirst: boolean, offerBody: Record<string, unknown>, action: ActionOffer['action']): string[] {
  const metaFirst = verdict.remedies.find((r) => r.kind === 'metadata-first');
  if (metadataFirst) {
    if (verdict.fits === 'yes') return [];
    if (!metaFirst) {
      throw new ConflictError(`moving the metadata first does not fit on pool ${poolName(env.pool)} either: ${verdict.why} Nothing was run.`, { space: verdict });
    }
    return [`${metaFirst.text} If the metadata balance stops with "No space left on device", the remove does not run.`];
  }
  const offer: ActionOffer | null = metaFirst ? { action, body: { ...offerBody, metadataFirst: true }, text: metaFirst.text } : null;
  return checkSpace(env.pool, verdict, { movesChunks: true, offer });
}

export const removeMissing: ActionHandler<RemoveMissingBody> = async (env, body) => {
  const { pool } = env;
  const missing = missingMembers(pool);
  if (missing.count === 0) throw new ConflictError(`pool ${poolName(pool)} has no missing member`);
  const mountPoint = mountPointOf(pool, 'rw');
  checkMembersAfterRemoval(pool, attachedCount(pool), 'removing the missing member');
  const read = await readSpaceFacts(env, mountPoint);
  const space = read.facts ? removeMissingVerdict(read.facts) : unreadableSpace('remove-missing', read.problem ?? 'the space usage could not be read');
  const metadataFirst = body.metadataFirst === true;
  const spaceWarnings = removeSpace(env, space, metadataFirst, {}, 'remove-missing');
  // btrfs removes "the first" missing member; which one is known when only one is missing.
  const devid = missing.devids.length === 1 ? missing.devids[0]! : null;
  const baselineBytes = await allocatedOn(env, mountPoint, devid);
  const command = jobCmd.deviceRemove('missing', mountPoint);
  return {
    target: devid === null ? 'missing' : `devid ${devid}`,
    exclusive: true,
    confirm: true,
    commands: [...(metadataFirst ? [jobCmd.balanceMetadata(mountPoint)] : []), command],
    warnings: ['rebuilds the missing member\'s copies on the other members: a long internal balance `btrfs balance status` does not show', ...spaceWarnings],
    space,
    nextSteps: [
      'If the pool is now at its minimum member count, add a disk to get back a margin.',
      'Check for mixed profiles and, if any, re-establish redundancy with a soft convert balance.',
      'Run a scrub to verify every copy.',
    ],
    log: [`removing missing ${devid === null ? 'member' : `devid ${devid}`}${baselineBytes ? ` (${formatBytes(baselineBytes)} of chunks to rebuild)` : ''}`],
    run: (ctx) => {
      // The kernel leaves a stale devinfo entry behind whose reads oops (see sysfs-quarantine.ts).
      for (const id of missing.devids) quarantineDevinfo(pool.uuid, id);
      return runRemove(ctx, { type: 'device-remove', poolUuid: pool.uuid, mountPoint, startedAt: env.now().toISOString(), devid, baselineBytes }, 'missing', metadataFirst);
    },
  };
};

export const removeDevice: ActionHandler<RemoveDeviceBody> = async (env, body) => {
  const { pool } = env;
  const mountPoint = mountPointOf(pool, 'rw');
  const member = presentMemberOf(pool, body.devid);
  const missing = missingMembers(pool);
  if (missing.count > 0) {
    throw new ConflictError(`pool ${poolName(pool)} misses ${members(missing.count)}: replace or remove the missing member before removing a present one`);
  }
  checkMembersAfterRemoval(pool, attachedCount(pool) - 1, `removing devid ${member.devid}`);
  const read = await readSpaceFacts(env, mountPoint);
  const space = read.facts ? removeDeviceVerdict(read.facts, member.devid) : unreadableSpace('remove-device', read.problem ?? 'the space usage could not be read');
  const metadataFirst = body.metadataFirst === true;
  const spaceWarnings = removeSpace(env, space, metadataFirst, { devid: member.devid }, 'remove-device');
  const baselineBytes = await allocatedOn(env, mountPoint, member.devid);
  const command = jobCmd.deviceRemove(member.devid, mountPoint);
  return {
    target: `devid ${member.devid}`,
    exclusive: true,
    confirm: true,
    commands: [...(metadataFirst ? [jobCmd.balanceMetadata(mountPoint)] : []), command],
    warnings: ['moves every chunk off the member: long on a full pool; a failing disk is better replaced (fewer reads and writes)', ...spaceWarnings],
    space,
    nextSteps: [`The disk ${member.path} is no longer part of the pool once this ends: it can be pulled or reused.`, 'Run a scrub to verify every copy.'],
    log: [`removing devid ${member.devid} (${member.path})${baselineBytes ? `: ${formatBytes(baselineBytes)} of chunks to move` : ''}`, space.why],
    run: (ctx) => runRemove(ctx, {
      type: 'device-remove', poolUuid: pool.uuid, mountPoint, startedAt: env.now().toISOString(), devid: member.devid, baselineBytes,
    }, member.devid, metadataFirst),
  };
};

export const addDevices: ActionHandler<AddDevicesBody> = async (env, body) => {
  const { pool } = env;
  const mountPoint = mountPointOf(pool, 'rw');
  if (new Set(body.disks).size !== body.disks.length) throw new ValidationError('the same disk is listed twice');
  const chosen: ChosenDisk[] = body.disks.map((key) => chooseDisk(env.snapshot.disks, key, { wipe: body.wipe === true }));
  const wipes = chosen.filter((c) => c.needsWipe);
  const add = jobCmd.deviceAdd(chosen.map((c) => c.path), mountPoint);
  const missing = missingMembers(pool);
  // With a member missing, the add is the first half of add-then-remove: judge the whole route.
  let space: SpaceVerdict | null = null;
  const spaceWarnings: string[] = [];
  if (missing.count > 0) {
    const read = await readSpaceFacts(env, mountPoint);
    space = read.facts
      ? addThenRemoveVerdict(read.facts, { newDiskBytes: chosen.map((c) => c.sizeBytes) })
      : unreadableSpace('add-then-remove', read.problem ?? 'the space usage could not be read');
    if (space.fits !== 'yes') {
      const metaFirst = space.remedies.some((r) => r.kind === 'metadata-first');
      spaceWarnings.push(
        `after the add, removing the missing member ${space.fits === 'no' ? 'will not fit' : 'may not fit'}: ${space.why}` +
        (metaFirst ? ' Remove it with "metadata first" (the remove action offers it).' : ' poolwatch will refuse that remove; see the space verdict for what would make it fit.'),
      );
    }
  }
  return {
    target: chosen.map((c) => c.name).join('; '),
    exclusive: true,
    // Adding a blank disk destroys nothing; erasing a signature does.
    confirm: wipes.length > 0,
    commands: [...wipes.map((c) => jobCmd.wipefs(c.path)), add],
    warnings: [...wipes.map((c) => `everything on ${c.name} is erased first (wipefs -a)`), ...spaceWarnings],
    space,
    nextSteps: missing.count > 0
      ? ['Now remove the missing member ("Remove the missing member"): its copies are rebuilt on the members, the new disk included.']
      : ['Spread the existing data over the new disks: start a full balance.'],
    log: chosen.map((c) => `adding ${c.path} (${formatBytes(c.sizeBytes)}, ${c.disk.identity.key})`),
    run: async (ctx) => {
      for (const c of wipes) await ctx.exec(jobCmd.wipefs(c.path));
      await ctx.exec(add);
    },
  };
};
