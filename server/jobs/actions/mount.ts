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
import { members } from '../../health/text.ts';
import { checkWithinRedundancy, mountPointOf, mountPointUnder, mountSourceOf } from './preflight.ts';
import type { ActionEnv, ActionHandler, PreparedAction } from './types.ts';

type Empty = EmptyActionBody;

function requireManaged(env: ActionEnv, what: string): void {
  if (!env.managed) throw new ConflictError(`pool ${poolName(env.pool)} is not managed by poolwatch: import it first to ${what} it here`);
}

function requireUnmounted(env: ActionEnv): void {
  if (env.pool.mounted) throw new ConflictError(`pool ${poolName(env.pool)} is already mounted${env.pool.mountPoint ? ` at ${env.pool.mountPoint}` : ''}`);
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
    log: [`mounting pool ${poolName(env.pool)} from ${device} at ${mountPoint}${options.length ? ` with ${options.join(',')}` : ''}`],
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
    throw new ConflictError(`pool ${poolName(env.pool)} misses ${members(missing.count)}: a plain mount would fail; mount it read-only, degraded first`);
  }
  return mountPlan(env, [], {});
};

export const mountDegradedRo: ActionHandler<Empty> = async (env) => {
  requireUnmounted(env);
  checkWithinRedundancy(env.pool);
  const r = poolRedundancy(env.pool.profiles);
  if (r.known && !r.degradedMountable && missingMembers(env.pool).count > 0) {
    throw new ConflictError(`pool ${poolName(env.pool)} uses ${r.weakest}, which cannot be mounted with a member missing`);
  }
  return mountPlan(env, ['degraded', 'ro'], {
    warnings: ['read-only: nothing on the pool changes; `degraded` stays in the mount options until the pool is unmounted'],
    nextSteps: [
      'Refresh your backups from the pool now, while it is read-only.',
      'Then remount it read-write, degraded (the next action on this page) to repair it.',
    ],
  });
};

export const remountDegradedRw: ActionHandler<Empty> = async (env) => {
  const mountPoint = mountPointOf(env.pool, 'any');
  if (!isReadOnly(env.pool.mountOptions)) throw new ConflictError(`pool ${poolName(env.pool)} is already mounted read-write at ${mountPoint}`);
  checkWithinRedundancy(env.pool);
  const command = jobCmd.remount(mountPoint, ['rw', 'degraded']);
  return {
    target: mountPoint,
    exclusive: true,
    confirm: false,
    commands: [command],
    warnings: ['writes on a degraded pool may land in chunks without redundancy (single); a convert balance fixes that after the repair'],
    nextSteps: [
      'Repair now: replace the missing member with an unused disk, or remove the missing member if enough members remain.',
      '`degraded` stays in the mount options until the pool is unmounted.',
    ],
    log: [`remounting ${mountPoint} read-write, degraded`],
    run: async (ctx) => {
      await ctx.exec(command);
    },
  };
};

export const unmount: ActionHandler<Empty> = async (env) => {
  requireManaged(env, 'unmount');
  const mountPoint = mountPointOf(env.pool, 'any');
  const busy = env.runner.activeOn(env.pool.uuid);
  if (busy.length > 0) throw new ConflictError(`a ${busy[0]!.kind} job is running on pool ${poolName(env.pool)}; unmount after it ends`);
  const command = jobCmd.umount(mountPoint);
  const degraded = env.pool.mountOptions.includes('degraded') || missingMembers(env.pool).count > 0;
  return {
    target: mountPoint,
    exclusive: true,
    // Shares, services and shells using the pool lose it; a degraded pool may not mount read-write again.
    confirm: true,
    commands: [command],
    warnings: [
      `everything using ${mountPoint} loses it: shares, services, open shells; umount refuses while files are open`,
      ...(degraded ? ['the pool is degraded: mounting it again may only work read-only; unmount only to move or power down the disks'] : []),
    ],
    nextSteps: [],
    log: [`unmounting ${mountPoint}`],
    run: async (ctx) => {
      await ctx.exec(command);
    },
  };
};
