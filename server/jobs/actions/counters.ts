/**
 * Reset the device error counters (`btrfs device stats -z`). The current values are stored in
 * counter_history (reason `before-reset`) first; `-z` prints the values it zeroed, and any that
 * rose in between are stored too, so no error count is ever lost. Then a `reset` row of zeros
 * marks the reset in each member's timeline, with who asked for it.
 */
import type { ResetCountersBody } from '../../../contracts/actions.ts';
import type { DeviceErrors } from '../../../contracts/api.ts';
import { cmd } from '../../host/commands.ts';
import { jobCmd } from '../../host/job-commands.ts';
import { parseDeviceStatsJson, type DeviceStats } from '../../parsers/device-stats.ts';
import type { InventoryStore } from '../../store/inventory-store.ts';
import { mountPointOf } from './preflight.ts';
import type { ActionHandler } from './types.ts';
import { COUNTERS_TEXT as T } from '../../text/jobs.ts';

export const BEFORE_RESET = 'before-reset';
export const RESET = 'reset';
const ZEROS: DeviceErrors = { write: 0, read: 0, flush: 0, corruption: 0, generation: 0 };

const same = (a: DeviceErrors, b: DeviceErrors): boolean =>
  a.write === b.write && a.read === b.read && a.flush === b.flush && a.corruption === b.corruption && a.generation === b.generation;

/** Stores each member's counters as history; returns the devids stored. */
export function recordBeforeReset(store: InventoryStore, at: string, poolUuid: string, stats: DeviceStats, actor: string, skip?: Map<number, DeviceErrors>): number[] {
  const stored: number[] = [];
  for (const d of stats.devices) {
    if (d.devid === null) continue;
    const before = skip?.get(d.devid);
    if (before && same(before, d.errors)) continue;
    store.recordCounters(at, poolUuid, d.devid, d.errors, BEFORE_RESET, actor);
    stored.push(d.devid);
  }
  return stored;
}

export const resetCounters: ActionHandler<ResetCountersBody> = async (env) => {
  const { pool } = env;
  const mountPoint = mountPointOf(pool, 'any');
  const read = cmd.deviceStatsJson(mountPoint);
  const reset = jobCmd.deviceStatsReset(mountPoint);
  const nonZero = pool.devices.filter((d) => d.errors && Object.values(d.errors).some((v) => v > 0)).map((d) => `devid ${d.devid}`);
  return {
    target: mountPoint,
    exclusive: false,
    confirm: true,
    commands: [read, reset],
    warnings: [T.resetWarning],
    nextSteps: [T.resetNext],
    log: [T.resetLog(mountPoint, nonZero)],
    run: async (ctx) => {
      const before = parseDeviceStatsJson((await ctx.exec(read)).stdout);
      const at = env.now().toISOString();
      recordBeforeReset(env.counters, at, pool.uuid, before, env.actor);
      ctx.log(T.storedLog(before.devices.length, BEFORE_RESET));
      const zeroed = parseDeviceStatsJson((await ctx.exec(reset)).stdout);
      const stored = new Map(before.devices.filter((d) => d.devid !== null).map((d) => [d.devid!, d.errors]));
      const resetAt = env.now().toISOString();
      const rose = recordBeforeReset(env.counters, resetAt, pool.uuid, zeroed, env.actor, stored);
      if (rose.length > 0) ctx.log(T.roseLog(rose));
      for (const d of zeroed.devices) if (d.devid !== null) env.counters.recordCounters(resetAt, pool.uuid, d.devid, ZEROS, RESET, env.actor);
      ctx.setResult({ summary: T.summary(zeroed.devices.length), scrub: null });
    },
    cancellable: false,
  };
};
