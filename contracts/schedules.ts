/**
 * Schedules: routine maintenance run as ordinary jobs — a scrub per pool (default monthly, in a
 * window, optionally speed-limited) and S.M.A.R.T. self-tests per disk (short weekly, long monthly,
 * staggered across a pool's members). GET/POST /api/schedules, PUT/DELETE /api/schedules/:id,
 * POST /api/schedules/recommended. Times are the server's local time. Depends on zod only.
 */
import { z } from 'zod';

export const SCHEDULE_KINDS = ['scrub', 'smart-short', 'smart-long'] as const;
export const ScheduleKind = z.enum(SCHEDULE_KINDS);
export type ScheduleKind = z.infer<typeof ScheduleKind>;

export const SCHEDULE_KIND_TEXT: Record<ScheduleKind, string> = {
  scrub: 'Scrub',
  'smart-short': 'S.M.A.R.T. short self-test',
  'smart-long': 'S.M.A.R.T. long self-test',
};

const HourMinute = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time like 02:30 (24 h)');

/** When a schedule runs: the start of a window, every day, week or month. */
export const Recurrence = z.discriminatedUnion('every', [
  z.object({ every: z.literal('day'), at: HourMinute, windowHours: z.number().int().min(1).max(24) }),
  z.object({ every: z.literal('week'), weekday: z.number().int().min(0).max(6), at: HourMinute, windowHours: z.number().int().min(1).max(24) }),
  // Days 29–31 do not exist in every month: 1–28 keeps "monthly" monthly.
  z.object({ every: z.literal('month'), monthDay: z.number().int().min(1).max(28), at: HourMinute, windowHours: z.number().int().min(1).max(24) }),
]);
export type Recurrence = z.infer<typeof Recurrence>;

export const WEEKDAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;

/** "every Wednesday at 04:00 (window 4 h)": the same words on the page and in the server's messages. */
export function describeRecurrence(rec: Recurrence): string {
  const when = rec.every === 'day' ? 'daily' : rec.every === 'week' ? `every ${WEEKDAY_NAMES[rec.weekday]}` : `monthly on day ${rec.monthDay}`;
  return `${when} at ${rec.at} (window ${rec.windowHours} h)`;
}

/** Bytes per second per member for a scheduled scrub (`scrub_speed_max`); 1 MiB/s at least. */
export const ScrubSpeedLimit = z.number().int().min(1024 * 1024).max(100 * 1024 ** 3);

const PoolUuid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'a btrfs filesystem uuid');

export const ScheduleInput = z.object({
  kind: ScheduleKind,
  /** scrub: the pool. */
  poolUuid: PoolUuid.nullable(),
  /** self-tests: the disk's identity key. */
  diskKey: z.string().min(1).max(1024).nullable(),
  enabled: z.boolean(),
  recurrence: Recurrence,
  speedLimitBytesPerSecond: ScrubSpeedLimit.nullable(),
  /** Run next at this time instead of the next window (ISO); the recurrence continues after it. */
  nextRunAt: z.iso.datetime({ offset: true }).nullable().optional(),
}).superRefine((s, ctx) => {
  if (s.kind === 'scrub' && !s.poolUuid) ctx.addIssue({ code: 'custom', path: ['poolUuid'], message: 'a scrub schedule needs the pool' });
  if (s.kind !== 'scrub' && !s.diskKey) ctx.addIssue({ code: 'custom', path: ['diskKey'], message: 'a self-test schedule needs the disk' });
  if (s.kind !== 'scrub' && s.speedLimitBytesPerSecond !== null) ctx.addIssue({ code: 'custom', path: ['speedLimitBytesPerSecond'], message: 'only a scrub has a speed limit' });
});
export type ScheduleInput = z.infer<typeof ScheduleInput>;

export const Schedule = z.object({
  id: z.string(),
  /** Tolerant: a kind written by another version is shown, not a reason to fail the page. */
  kind: z.string(),
  poolUuid: z.string().nullable(),
  diskKey: z.string().nullable(),
  /** The pool's label or the disk's path when the schedule was last saved or run. */
  targetName: z.string().nullable(),
  enabled: z.boolean(),
  recurrence: Recurrence,
  speedLimitBytesPerSecond: z.number().nullable(),
  nextRunAt: z.string().nullable(),
  lastRunAt: z.string().nullable(),
  lastJobId: z.string().nullable(),
  /** The last job's state (from the jobs journal) or why the last run did not start. */
  lastOutcome: z.string().nullable(),
  /** Why a due run has not started yet: "waits: a replace runs on this pool". */
  waiting: z.string().nullable(),
  createdAt: z.string(),
  createdBy: z.string(),
});
export type Schedule = z.infer<typeof Schedule>;

export const SchedulesResponse = z.object({ schedules: z.array(Schedule) });
export type SchedulesResponse = z.infer<typeof SchedulesResponse>;
export const ScheduleResponse = z.object({ schedule: Schedule });

/** POST /api/schedules/recommended: monthly scrub plus staggered self-tests for the pool's disks. */
export const RecommendedSchedulesRequest = z.object({ poolUuid: PoolUuid });
export const RecommendedSchedulesResponse = z.object({ created: z.array(Schedule), skipped: z.array(z.string()) });
