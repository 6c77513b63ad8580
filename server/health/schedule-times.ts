/**
 * When schedules run. Pure: recurrences and `now` in, times out. Local time is the machine's own
 * (a window "02:00" means 02:00 where the NAS is); Date's local methods apply the zone and DST.
 */
import type { Recurrence, ScheduleKind } from '../../contracts/schedules.ts';

export { describeRecurrence } from '../../contracts/schedules.ts';

function at(day: Date, hhmm: string): Date {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  return new Date(day.getFullYear(), day.getMonth(), day.getDate(), h, m, 0, 0);
}

/** The first window start strictly after `after`. */
export function nextOccurrence(rec: Recurrence, after: Date): Date {
  if (rec.every === 'day') {
    const today = at(after, rec.at);
    return today > after ? today : at(new Date(after.getFullYear(), after.getMonth(), after.getDate() + 1), rec.at);
  }
  if (rec.every === 'week') {
    for (let i = 0; i <= 7; i++) {
      const day = new Date(after.getFullYear(), after.getMonth(), after.getDate() + i);
      if (day.getDay() !== rec.weekday) continue;
      const t = at(day, rec.at);
      if (t > after) return t;
    }
    return at(new Date(after.getFullYear(), after.getMonth(), after.getDate() + 7), rec.at);
  }
  const thisMonth = at(new Date(after.getFullYear(), after.getMonth(), rec.monthDay), rec.at);
  return thisMonth > after ? thisMonth : at(new Date(after.getFullYear(), after.getMonth() + 1, rec.monthDay), rec.at);
}

/** Where a due run stands at `now`. */
export type DueState = 'not-due' | 'in-window' | 'missed';

/**
 * Due once its time has come; "missed" once its window is over (poolwatch or the machine was down
 * through it): a missed run still runs — once — at the next chance.
 */
export function dueState(nextRunAt: Date, rec: Recurrence, now: Date): DueState {
  if (now < nextRunAt) return 'not-due';
  return now.getTime() < nextRunAt.getTime() + rec.windowHours * 3600_000 ? 'in-window' : 'missed';
}

export interface PlannedSchedule {
  kind: ScheduleKind;
  poolUuid: string | null;
  diskKey: string | null;
  recurrence: Recurrence;
}

/** The seed's advice: scrub monthly; S.M.A.R.T. short tests weekly and long tests monthly. */
export const RECOMMENDED_SCRUB: Recurrence = { every: 'month', monthDay: 1, at: '01:00', windowHours: 6 };
const SHORT_AT = '04:00';
const LONG_AT = '02:00';
/** Long tests after the scrub's day, two days apart: each reads its whole disk for hours. */
const FIRST_LONG_DAY = 8;
const LONG_DAY_STEP = 2;

/**
 * The recommended schedules for a pool: one monthly scrub, and per member disk a weekly short and
 * a monthly long self-test, staggered so no two members test on the same day.
 */
export function recommendedSchedules(poolUuid: string, memberDiskKeys: readonly string[]): PlannedSchedule[] {
  const out: PlannedSchedule[] = [{ kind: 'scrub', poolUuid, diskKey: null, recurrence: RECOMMENDED_SCRUB }];
  memberDiskKeys.forEach((diskKey, i) => {
    out.push({ kind: 'smart-short', poolUuid: null, diskKey, recurrence: { every: 'week', weekday: i % 7, at: SHORT_AT, windowHours: 4 } });
    out.push({ kind: 'smart-long', poolUuid: null, diskKey, recurrence: { every: 'month', monthDay: Math.min(28, FIRST_LONG_DAY + ((i * LONG_DAY_STEP) % 21)), at: LONG_AT, windowHours: 12 } });
  });
  return out;
}
