/**
 * Counter history: every change of a member's five btrfs error counters, with when and why
 * (observed by a scan, or a reset and who did it). GET /api/pools/:uuid/counters. Depends on zod only.
 */
import { z } from 'zod';
import { DeviceErrors } from './api.ts';

/** observed: a scan saw new values; before-reset: the values kept just before `device stats -z`; reset: the zeros after it. */
export const COUNTER_CAUSES = ['observed', 'before-reset', 'reset'] as const;
/** Tolerant on read: a cause written by another version is shown as it is. */
export const CounterCause = z.string();

export const CounterPoint = z.object({
  at: z.string(),
  values: DeviceErrors,
  cause: CounterCause,
  /** Who reset the counters (user, `token:<name>`); null for observed values. */
  actor: z.string().nullable(),
  /** The rise since the previous point (0 where nothing rose; a reset is no rise). */
  delta: DeviceErrors,
});
export type CounterPoint = z.infer<typeof CounterPoint>;

export const DeviceCounterHistory = z.object({
  devid: z.number().int(),
  /** Oldest first. */
  points: z.array(CounterPoint),
  /** What rose within the last 24 hours ("+3 read errors since yesterday"). */
  lastDay: DeviceErrors,
  /** Errors ever counted, resets included: what the counters would say had they never been reset. */
  everCounted: DeviceErrors,
  resets: z.number().int().nonnegative(),
});
export type DeviceCounterHistory = z.infer<typeof DeviceCounterHistory>;

export const CounterHistoryResponse = z.object({
  poolUuid: z.string(),
  /** History older than this many days is pruned (the newest point per member is always kept). */
  retentionDays: z.number().int().positive(),
  devices: z.array(DeviceCounterHistory),
});
export type CounterHistoryResponse = z.infer<typeof CounterHistoryResponse>;

export const DEFAULT_COUNTER_RETENTION_DAYS = 365;
