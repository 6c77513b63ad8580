import { describe, expect, it } from 'vitest';
import { ScheduleInput } from '../../../contracts/schedules.ts';
import { emptyScheduleFields, localInputValue, scheduleInputOf } from './schedule-form.ts';

const UUID = 'cd9fbaa7-53d5-4e2b-8bbc-215f2af48450';

describe('schedule form', () => {
  it('a monthly scrub with a speed limit and a "run at" time', () => {
    const runAt = localInputValue(new Date(2026, 2, 10, 14, 30));
    expect(runAt).toBe('2026-03-10T14:30');
    const input = scheduleInputOf({ ...emptyScheduleFields(), poolUuid: UUID, speedMiB: '50', runAt });
    expect(ScheduleInput.parse(input)).toEqual({
      kind: 'scrub', poolUuid: UUID, diskKey: null, enabled: true, recurrence: { every: 'month', monthDay: 1, at: '01:00', windowHours: 6 },
      speedLimitBytesPerSecond: 50 * 1024 * 1024, nextRunAt: new Date(2026, 2, 10, 14, 30).toISOString(),
    });
  });

  it('a weekly self-test names the disk, never a pool or a speed', () => {
    const input = scheduleInputOf({ ...emptyScheduleFields(), kind: 'smart-short', poolUuid: UUID, diskKey: 'wwn:1', every: 'week', weekday: '3', at: '04:00', windowHours: '4', speedMiB: '50' });
    expect(ScheduleInput.parse(input)).toMatchObject({ poolUuid: null, diskKey: 'wwn:1', recurrence: { every: 'week', weekday: 3 }, speedLimitBytesPerSecond: null, nextRunAt: null });
  });
});
