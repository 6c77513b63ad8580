/**
 * Scrub: read and verify everything, repair from good copies. Started in btrfs' background mode
 * (it outlives poolwatch) and followed through `btrfs scrub status`; the result counts errors
 * found, corrected and uncorrectable.
 */
import type { EmptyActionBody } from '../../../contracts/actions.ts';
import { ConflictError } from '../../errors.ts';
import { jobCmd } from '../../host/job-commands.ts';
import { isReadOnly } from '../../health/mount-options.ts';
import { missingMembers, poolName } from '../../health/pool-facts.ts';
import { parseScrubStatus, type ScrubStatus } from '../../parsers/scrub-status.ts';
import type { KernelOp } from '../kernel-ops.ts';
import { mountPointOf } from './preflight.ts';
import type { ActionEnv, ActionHandler, PreparedAction } from './types.ts';
import { SCRUB_TEXT as T } from '../../text/jobs.ts';

async function scrubStatusOf(env: ActionEnv, mountPoint: string): Promise<ScrubStatus> {
  return parseScrubStatus((await env.host.run(jobCmd.scrubStatus(mountPoint))).stdout);
}

function scrubPlan(env: ActionEnv, mountPoint: string, resume: boolean): PreparedAction {
  const readOnly = isReadOnly(env.pool.mountOptions);
  const command = resume ? jobCmd.scrubResume(mountPoint, readOnly) : jobCmd.scrubStart(mountPoint, readOnly);
  const warnings = [
    T.warningReadsAll,
    ...(readOnly ? [T.warningReadOnly] : []),
    ...(missingMembers(env.pool).count > 0 ? [T.warningMissing] : []),
  ];
  return {
    target: mountPoint,
    // Not an exclusive operation to btrfs, but a scrub during a replace or balance only slows both.
    exclusive: true,
    confirm: false,
    commands: [command],
    warnings,
    nextSteps: [],
    log: [T.log(resume, mountPoint, readOnly)],
    run: async (ctx) => {
      const op: KernelOp = { type: 'scrub', poolUuid: env.pool.uuid, mountPoint, startedAt: env.now().toISOString() };
      ctx.track(op);
      await ctx.exec(command);
      await ctx.follow(op);
    },
  };
}

export const scrubStart: ActionHandler<EmptyActionBody> = async (env) => {
  const mountPoint = mountPointOf(env.pool, 'any');
  // First: during a replace `btrfs scrub status` says "running" too (replace runs on scrub's machinery).
  await env.runner.assertPoolFree(env.pool.uuid);
  const st = await scrubStatusOf(env, mountPoint);
  if (st.state === 'running') throw new ConflictError(T.alreadyRunning(poolName(env.pool)));
  return scrubPlan(env, mountPoint, false);
};

export const scrubResume: ActionHandler<EmptyActionBody> = async (env) => {
  const mountPoint = mountPointOf(env.pool, 'any');
  await env.runner.assertPoolFree(env.pool.uuid);
  const st = await scrubStatusOf(env, mountPoint);
  if (st.state !== 'aborted' && st.state !== 'interrupted') {
    throw new ConflictError(T.nothingToResume(poolName(env.pool), st.state));
  }
  return scrubPlan(env, mountPoint, true);
};

export const scrubCancel: ActionHandler<EmptyActionBody> = async (env) => {
  const mountPoint = mountPointOf(env.pool, 'any');
  const st = await scrubStatusOf(env, mountPoint);
  if (st.state !== 'running') throw new ConflictError(T.notRunning(poolName(env.pool)));
  const command = jobCmd.scrubCancel(mountPoint);
  return {
    target: mountPoint, exclusive: false, confirm: false, commands: [command], warnings: [],
    nextSteps: [T.cancelNext],
    log: [T.cancelLog(mountPoint)],
    run: async (ctx) => {
      await ctx.exec(command);
    },
    cancellable: false,
  };
};
