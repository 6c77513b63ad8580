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
import { BALANCE_TEXT, NEXT_STEP_TEXT, REPLACE_TEXT as T } from '../../text/jobs.ts';

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
        T.parityRefused(poolName(pool), redundancy.weakest),
        { requires: 'force' },
      );
    }
    warnings.push(T.parityWarning);
  }
  // Space: replace marks each block group read-only first, which needs room on the members that
  // stay (docs/recovery-space.md, rule 1). A shortage stops btrfs at once and cleanly.
  const read = await readSpaceFacts(env, mountPoint);
  const space = read.facts
    ? replaceVerdict(read.facts, { sourceDevid: member.devid, targetSizeBytes: target.sizeBytes })
    : unreadableSpace('replace', read.problem ?? BALANCE_TEXT.spaceUnread);
  warnings.push(...checkSpace(pool, space, { movesChunks: false }));
  // -r only means something while the old member can still be read.
  const readFromOtherMirrors = member.missing ? false : (body.readFromOtherMirrors ?? true);
  const startCmd = jobCmd.replaceStart({ devid: member.devid, targetPath: target.path, mountPoint, readFromOtherMirrors });
  const commands = [...(target.needsWipe ? [jobCmd.wipefs(target.path)] : []), startCmd];
  if (target.needsWipe) warnings.push(T.wipeWarning(target.name));
  if (size.oldBytes === null) warnings.push(T.unknownSizeWarning(member.devid, target.path));
  const nextSteps = [
    ...(size.larger ? [T.growNext(member.devid)] : []),
    T.mixedNext,
    NEXT_STEP_TEXT.verifyCopies,
  ];
  return {
    target: T.replaceTarget(member.devid, target.name),
    exclusive: true,
    confirm: true,
    confirmTarget: diskConfirmTag(target.disk),
    commands,
    warnings,
    space,
    nextSteps,
    log: [
      T.log(member.devid, member.missing ? T.missingWord : `${member.path}`, size.oldBytes ? formatBytes(size.oldBytes) : null, target.path, formatBytes(target.sizeBytes), target.disk.identity.key),
      member.missing ? T.logMissing : readFromOtherMirrors ? T.logOtherMirrors : T.logPrimary,
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
    if (body.size < MIN_MEMBER_BYTES) throw new ValidationError(T.tooSmall(formatBytes(MIN_MEMBER_BYTES)));
    if (disk?.sizeBytes && body.size > disk.sizeBytes) {
      throw new ValidationError(T.cannotGrow(member.devid, formatBytes(disk.sizeBytes), formatBytes(body.size)));
    }
  }
  const shrink = body.size !== 'max' && body.size < member.sizeBytes;
  if (body.size === 'max' && disk?.sizeBytes && disk.sizeBytes <= member.sizeBytes) {
    throw new ConflictError(T.wholeDisk(member.devid, formatBytes(member.sizeBytes)));
  }
  const command = jobCmd.resize(member.devid, body.size, mountPoint);
  return {
    target: T.target(member.devid),
    exclusive: true,
    confirm: false,
    commands: [command],
    warnings: shrink ? [T.shrinkWarning] : [],
    nextSteps: shrink ? [T.shrinkNext(member.devid, formatBytes(body.size as number))] : [],
    log: [T.resizeLog(member.devid, formatBytes(member.sizeBytes), body.size === 'max' ? null : formatBytes(body.size))],
    run: async (ctx) => {
      await ctx.exec(command);
    },
    // A resize ends on its own; killing it mid-shrink would only leave the old size.
    cancellable: false,
  };
};
