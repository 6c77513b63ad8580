/**
 * Balance: the soft convert that re-establishes redundancy after mixed profiles (only chunks not
 * yet in the profile move), a full balance after adding disks, and pause/resume/cancel of a
 * running one (also one poolwatch did not start).
 */
import type { BalanceStartBody, EmptyActionBody } from '../../../contracts/actions.ts';
import type { Profile } from '../../../contracts/api.ts';
import { ConflictError, ValidationError } from '../../errors.ts';
import { jobCmd } from '../../host/job-commands.ts';
import { missingMembers, poolName } from '../../health/pool-facts.ts';
import { PROFILE_RULES } from '../../health/profiles.ts';
import { parseBalanceStatus, type BalanceStatus } from '../../parsers/balance-status.ts';
import type { KernelOp } from '../kernel-ops.ts';
import { attachedCount, checkSpace, knownRedundancy, mountPointOf, readSpaceFacts, unreadableSpace } from './preflight.ts';
import { convertVerdict, fullBalanceVerdict } from '../../health/space/operations.ts';
import type { ActionEnv, ActionHandler } from './types.ts';
import { fullBalanceWarning } from '../../health/gates.ts';
import { BALANCE_TEXT as T, NEXT_STEP_TEXT } from '../../text/jobs.ts';

async function balanceStatusOf(env: ActionEnv, mountPoint: string): Promise<BalanceStatus> {
  return parseBalanceStatus((await env.host.run(jobCmd.balanceStatus(mountPoint))).stdout);
}

export const balanceStart: ActionHandler<BalanceStartBody> = async (env, body) => {
  const { pool } = env;
  const mountPoint = mountPointOf(pool, 'rw');
  const missing = missingMembers(pool);
  if (missing.count > 0) {
    throw new ConflictError(T.missing(poolName(pool), missing.count));
  }
  const warnings: string[] = [];
  const op: Omit<Extract<KernelOp, { type: 'balance' }>, 'startedAt'> = { type: 'balance', poolUuid: pool.uuid, mountPoint, convert: null };
  let mode: { convert: { data: Profile; metadata: Profile } } | 'full' = 'full';
  if (body.mode === 'convert-soft') {
    let data = body.dataProfile;
    let metadata = body.metadataProfile;
    if (!data || !metadata) {
      const r = knownRedundancy(pool);
      data ??= r.intended.data;
      metadata ??= r.intended.metadata;
    }
    const attached = attachedCount(pool);
    for (const p of new Set([data, metadata])) {
      const need = PROFILE_RULES[p].btrfsMinDevices;
      if (attached < need) throw new ValidationError(T.tooFewMembers(p, need, poolName(pool), attached));
    }
    mode = { convert: { data, metadata } };
    op.convert = { data, metadata };
  }
  const r = knownRedundancy(pool);
  if (r.parity) warnings.push(T.parityWarning);
  const read = await readSpaceFacts(env, mountPoint);
  const operation = mode === 'full' ? 'full-balance' : 'convert';
  const space = !read.facts
    ? unreadableSpace(operation, read.problem ?? T.spaceUnread)
    : mode === 'full'
      ? fullBalanceVerdict(read.facts)
      : convertVerdict(read.facts, { data: mode.convert.data, metadata: mode.convert.metadata, soft: true });
  // Nothing is missing here (refused above): a full balance short of room runs only once the admin typed the label (ADR 023).
  const shortOfRoom = fullBalanceWarning(space);
  if (shortOfRoom) warnings.push(shortOfRoom);
  else warnings.push(...checkSpace(pool, space, { movesChunks: true }));
  const command = jobCmd.balanceStart(mountPoint, mode);
  return {
    target: mode === 'full' ? T.fullTarget : T.convertTarget(mode.convert.data, mode.convert.metadata),
    exclusive: true,
    confirm: shortOfRoom !== null,
    commands: [command],
    warnings,
    space,
    nextSteps: shortOfRoom ? [T.shortOfRoomNext, NEXT_STEP_TEXT.verifyCopies] : [NEXT_STEP_TEXT.verifyCopies],
    log: [mode === 'full' ? T.fullLog : T.convertLog(mode.convert.data, mode.convert.metadata)],
    run: async (ctx) => {
      const started: KernelOp = { ...op, startedAt: env.now().toISOString() };
      ctx.track(started);
      await ctx.exec(command);
      await ctx.follow(started);
    },
  };
};

export const balancePause: ActionHandler<EmptyActionBody> = async (env) => {
  const mountPoint = mountPointOf(env.pool, 'any');
  const st = await balanceStatusOf(env, mountPoint);
  if (st.state !== 'running') throw new ConflictError(T.notRunning(poolName(env.pool), st.state));
  const command = jobCmd.balancePause(mountPoint);
  return {
    target: mountPoint, exclusive: false, confirm: false, commands: [command], warnings: [T.pauseWarning],
    nextSteps: [T.pauseNext],
    log: [T.pauseLog(st.chunksBalanced, st.chunksTotal)],
    run: async (ctx) => {
      await ctx.exec(command);
    },
    cancellable: false,
  };
};

export const balanceResume: ActionHandler<EmptyActionBody> = async (env) => {
  const mountPoint = mountPointOf(env.pool, 'rw');
  const st = await balanceStatusOf(env, mountPoint);
  if (st.state !== 'paused') throw new ConflictError(T.notPaused(poolName(env.pool), st.state));
  const command = jobCmd.balanceResume(mountPoint);
  return {
    target: mountPoint, exclusive: false, confirm: false, commands: [command],
    // btrfs-progs 6.2 has no background resume: the command runs until the balance ends.
    warnings: [T.resumeWarning],
    nextSteps: [],
    log: [T.resumeLog(st.chunksBalanced, st.chunksTotal)],
    run: async (ctx) => {
      ctx.track({ type: 'balance', poolUuid: env.pool.uuid, mountPoint, convert: null, startedAt: env.now().toISOString() });
      await ctx.exec(command);
    },
  };
};

export const balanceCancel: ActionHandler<EmptyActionBody> = async (env) => {
  const mountPoint = mountPointOf(env.pool, 'any');
  const st = await balanceStatusOf(env, mountPoint);
  if (st.state === 'idle') throw new ConflictError(T.nothingToCancel(poolName(env.pool)));
  const command = jobCmd.balanceCancel(mountPoint);
  return {
    target: mountPoint, exclusive: false, confirm: false, commands: [command], warnings: [T.cancelWarning],
    nextSteps: [T.cancelNext],
    log: [T.cancelLog(st.state)],
    run: async (ctx) => {
      await ctx.exec(command);
    },
    cancellable: false,
  };
};
