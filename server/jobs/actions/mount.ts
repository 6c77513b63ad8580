/**
 * Mounting: plain mount/unmount of managed pools, the read-only degraded mount that lets the
 * admin refresh backups first, and the remount to degraded,rw that repairs need.
 */
import type { EmptyActionBody } from '../../../contracts/actions.ts';
import { ConflictError } from '../../errors.ts';
import { cmd } from '../../host/commands.ts';
import { jobCmd } from '../../host/job-commands.ts';
import { isReadOnly } from '../../health/mount-options.ts';
import { missingMembers, poolName } from '../../health/pool-facts.ts';
import { poolRedundancy } from '../../health/profiles.ts';
import { checkWithinRedundancy, mountPointOf, mountPointUnder, mountSourceOf } from './preflight.ts';
import type { ActionEnv, ActionHandler, PreparedAction } from './types.ts';
import { MOUNT_TEXT as T, REFUSAL_TEXT } from '../../text/jobs.ts';

type Empty = EmptyActionBody;

function requireManaged(env: ActionEnv, what: string): void {
  if (!env.managed) throw new ConflictError(REFUSAL_TEXT.notManaged(poolName(env.pool), what));
}

function requireUnmounted(env: ActionEnv): void {
  if (env.pool.mounted) throw new ConflictError(REFUSAL_TEXT.alreadyMounted(poolName(env.pool), env.pool.mountPoint));
}

function mountPlan(env: ActionEnv, options: string[], extra: Partial<PreparedAction>): PreparedAction {
  const mountPoint = mountPointUnder(env.mountRoot, env.pool, env.snapshot);
  const device = mountSourceOf(env.pool);
  // `btrfs device scan` first: a multi-device pool mounts only once every member is registered.
  const commands = [cmd.deviceScan(), jobCmd.mkdirMountPoint(mountPoint, env.mountRoot), jobCmd.mount(device, mountPoint, options, env.mountRoot)];
  return {
    target: mountPoint,
    exclusive: true,
    confirm: false,
    commands,
    warnings: [],
    nextSteps: [],
    log: [T.log(poolName(env.pool), device, mountPoint, options)],
    run: async (ctx) => {
      for (const c of commands) await ctx.exec(c);
    },
    ...extra,
  };
}

export const mount: ActionHandler<Empty> = async (env) => {
  requireManaged(env, 'mount');
  requireUnmounted(env);
  const missing = missingMembers(env.pool);
  if (missing.count > 0) {
    throw new ConflictError(T.plainMountMissing(poolName(env.pool), missing.count));
  }
  return mountPlan(env, [], {});
};

export const mountDegradedRo: ActionHandler<Empty> = async (env) => {
  requireUnmounted(env);
  checkWithinRedundancy(env.pool);
  const r = poolRedundancy(env.pool.profiles);
  if (r.known && !r.degradedMountable && missingMembers(env.pool).count > 0) {
    throw new ConflictError(T.notDegradedMountable(poolName(env.pool), r.weakest));
  }
  return mountPlan(env, ['degraded', 'ro'], {
    warnings: [T.degradedRoWarning],
    nextSteps: [...T.degradedRoNext],
  });
};

export const remountDegradedRw: ActionHandler<Empty> = async (env) => {
  const mountPoint = mountPointOf(env.pool, 'any');
  if (!isReadOnly(env.pool.mountOptions)) throw new ConflictError(T.alreadyReadWrite(poolName(env.pool), mountPoint));
  checkWithinRedundancy(env.pool);
  const command = jobCmd.remount(mountPoint, ['rw', 'degraded']);
  return {
    target: mountPoint,
    exclusive: true,
    confirm: false,
    commands: [command],
    warnings: [T.degradedRwWarning],
    nextSteps: [...T.degradedRwNext],
    log: [T.remountLog(mountPoint)],
    run: async (ctx) => {
      await ctx.exec(command);
    },
  };
};

export const unmount: ActionHandler<Empty> = async (env) => {
  requireManaged(env, 'unmount');
  const mountPoint = mountPointOf(env.pool, 'any');
  const busy = env.runner.activeOn(env.pool.uuid);
  if (busy.length > 0) throw new ConflictError(T.unmountBusy(busy[0]!.kind, poolName(env.pool)));
  const command = jobCmd.umount(mountPoint);
  const degraded = env.pool.mountOptions.includes('degraded') || missingMembers(env.pool).count > 0;
  return {
    target: mountPoint,
    exclusive: true,
    // Shares, services and shells using the pool lose it; a degraded pool may not mount read-write again.
    confirm: true,
    commands: [command],
    warnings: [
      T.unmountWarning(mountPoint),
      ...(degraded ? [T.unmountDegradedWarning] : []),
    ],
    nextSteps: [],
    log: [T.unmountLog(mountPoint)],
    run: async (ctx) => {
      await ctx.exec(command);
    },
  };
};
