/**
 * Replace a missing or failing member in place (`btrfs replace start`), and resize a member
 * (shrink before a smaller replacement, grow to `max` after a larger one).
 */
import type { ReplaceBody, ResizeBody } from '../../../contracts/actions.ts';
import { ConflictError, ValidationError } from '../../errors.ts';
import { jobCmd } from '../../host/job-commands.ts';
import { formatBytes, poolName } from '../../health/pool-facts.ts';
import type { KernelOp } from '../kernel-ops.ts';
import { replaceVerdict } from '../../health/space/operations.ts';
import {
  checkReplacementSize,
  checkSpace,
  diskConfirmTag,
  chooseDisk,
  readSpaceFacts,
  unreadableSpace,
  knownRedundancy,
  memberOf,
  MIN_MEMBER_BYTES,
  mountPointOf,
  presentMemberOf,
} from './preflight.ts';
import type { ActionHandler } from './types.ts';

export const replace: ActionHandler<ReplaceBody> = async (env, body) => {
  const { pool } = env;
  const mountPoint = mountPointOf(pool, 'rw');
  const member = memberOf(pool, body.devid);
  const target = chooseDisk(env.snapshot.disks, body.targetDisk, { wipe: body.wipe === true });
  const size = checkReplacementSize(pool, member, target);
  const redundancy = knownRedundancy(pool);
  const warnings: string[] = [];
  if (redundancy.parity) {
    if (!body.force) {
      throw new ValidationError(
        `pool ${poolName(pool)} uses ${redundancy.weakest} (parity): btrfs replace there can take extremely long and, repeated, can destroy data. ` +
        'Recommended: add the new disk, then remove the old member. To replace anyway send force: true',
        { requires: 'force' },
      );
    }
    warnings.push('parity profile: replace may take extremely long; add-then-remove is the recommended route');
  }
  // Space: replace marks each block group read-only first, which needs room on the members that
  // stay (docs/recovery-space.md, rule 1). A shortage stops btrfs at once and cleanly.
  const read = await readSpaceFacts(env, mountPoint);
  const space = read.facts
    ? replaceVerdict(read.facts, { sourceDevid: member.devid, targetSizeBytes: target.sizeBytes })
    : unreadableSpace('replace', read.problem ?? 'the space usage could not be read');
  warnings.push(...checkSpace(pool, space, { movesChunks: false }));
  // -r only means something while the old member can still be read.
  const readFromOtherMirrors = member.missing ? false : (body.readFromOtherMirrors ?? true);
  const startCmd = jobCmd.replaceStart({ devid: member.devid, targetPath: target.path, mountPoint, readFromOtherMirrors });
  const commands = [...(target.needsWipe ? [jobCmd.wipefs(target.path)] : []), startCmd];
  if (target.needsWipe) warnings.push(`everything on ${target.name} is erased first (wipefs -a)`);
  if (size.oldBytes === null) warnings.push(`the size of missing devid ${member.devid} is unknown: btrfs refuses the replace if ${target.path} is smaller`);
  const nextSteps = [
    ...(size.larger ? [`Grow devid ${member.devid} to the whole new disk: resize it to max.`] : []),
    'Check for mixed profiles and, if any, re-establish redundancy with a soft convert balance.',
    'Run a scrub to verify every copy.',
  ];
  return {
    target: `devid ${member.devid} → ${target.name}`,
    exclusive: true,
    confirm: true,
    confirmTarget: diskConfirmTag(target.disk),
    commands,
    warnings,
    space,
    nextSteps,
    log: [
      `replacing devid ${member.devid} (${member.missing ? 'missing' : member.path}${size.oldBytes ? `, ${formatBytes(size.oldBytes)}` : ''}) ` +
      `with ${target.path} (${formatBytes(target.sizeBytes)}, ${target.disk.identity.key})`,
      member.missing ? 'the old member is missing: its data is rebuilt from the other copies'
        : readFromOtherMirrors ? '-r: the old member is read only where no other good copy exists'
          : 'the old member is read as the primary source',
    ],
    run: async (ctx) => {
      if (target.needsWipe) await ctx.exec(jobCmd.wipefs(target.path));
      const op: KernelOp = { type: 'replace', poolUuid: pool.uuid, mountPoint, startedAt: env.now().toISOString(), devid: member.devid, targetPath: target.path };
      // Journal first: if poolwatch dies right after the start, the restart still asks about it.
      ctx.track(op);
      await ctx.exec(startCmd);
      await ctx.follow(op);
    },
  };
};

export const resize: ActionHandler<ResizeBody> = async (env, body) => {
  const { pool } = env;
  const mountPoint = mountPointOf(pool, 'rw');
  const member = presentMemberOf(pool, body.devid);
  const disk = env.snapshot.disks.find((d) => d.path === member.path || (member.disk && d.identity.key === member.disk.key));
  if (body.size !== 'max') {
    if (body.size < MIN_MEMBER_BYTES) throw new ValidationError(`a member cannot be smaller than ${formatBytes(MIN_MEMBER_BYTES)}`);
    if (disk?.sizeBytes && body.size > disk.sizeBytes) {
      throw new ValidationError(`devid ${member.devid} sits on a ${formatBytes(disk.sizeBytes)} disk; it cannot grow to ${formatBytes(body.size)}`);
    }
  }
  const shrink = body.size !== 'max' && body.size < member.sizeBytes;
  if (body.size === 'max' && disk?.sizeBytes && disk.sizeBytes <= member.sizeBytes) {
    throw new ConflictError(`devid ${member.devid} already uses its whole disk (${formatBytes(member.sizeBytes)})`);
  }
  const command = jobCmd.resize(member.devid, body.size, mountPoint);
  return {
    target: `devid ${member.devid}`,
    exclusive: true,
    confirm: false,
    commands: [command],
    warnings: shrink ? ['shrinking moves every chunk beyond the new size: it can take long and fails if the pool is too full'] : [],
    nextSteps: shrink ? [`devid ${member.devid} can now be replaced by a disk of at least ${formatBytes(body.size as number)}.`] : [],
    log: [`resizing devid ${member.devid} from ${formatBytes(member.sizeBytes)} to ${body.size === 'max' ? 'the whole disk' : formatBytes(body.size)}`],
    run: async (ctx) => {
      await ctx.exec(command);
    },
    // A resize ends on its own; killing it mid-shrink would only leave the old size.
    cancellable: false,
  };
};
