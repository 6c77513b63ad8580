import { describe, expect, it } from 'vitest';
import { describeRecurrence, dueState, nextOccurrence, recommendedSchedules } from './schedule-times.ts';

// Local times: the schedule's "02:00" is the machine's own clock, whatever zone the test runs in.
const local = (y: number, mo: number, d: number, h = 0, mi = 0) => new Date(y, mo - 1, d, h, mi);

describe('next occurrence', () => {
  it('daily: today if still ahead, else tomorrow', () => {
    const rec = { every: 'day', at: '02:30', windowHours: 2 } as const;
    expect(nextOccurrence(rec, local(2026, 3, 10, 1, 0))).toEqual(local(2026, 3, 10, 2, 30));
    expect(nextOccurrence(rec, local(2026, 3, 10, 2, 30))).toEqual(local(2026, 3, 11, 2, 30));
    expect(nextOccurrence(rec, local(2026, 3, 31, 23, 0))).toEqual(local(2026, 4, 1, 2, 30));
  });

  it('weekly on a weekday', () => {
    const rec = { every: 'week', weekday: 0, at: '04:00', windowHours: 4 } as const; // Sunday
    // 2026-03-10 is a Tuesday.
    expect(nextOccurrence(rec, local(2026, 3, 10, 12))).toEqual(local(2026, 3, 15, 4));
    expect(nextOccurrence(rec, local(2026, 3, 15, 3, 59))).toEqual(local(2026, 3, 15, 4));
    expect(nextOccurrence(rec, local(2026, 3, 15, 4))).toEqual(local(2026, 3, 22, 4));
  });

  it('monthly on a day of the month, across the year end', () => {
    const rec = { every: 'month', monthDay: 1, at: '01:00', windowHours: 6 } as const;
    expect(nextOccurrence(rec, local(2026, 3, 10))).toEqual(local(2026, 4, 1, 1));
    expect(nextOccurrence(rec, local(2026, 12, 5))).toEqual(local(2027, 1, 1, 1));
    expect(nextOccurrence({ ...rec, monthDay: 28 }, local(2026, 2, 27))).toEqual(local(2026, 2, 28, 1));
  });

  it('due in its window, missed after it, not before', () => {
    const rec = { every: 'day', at: '02:00', windowHours: 3 } as const;
    const next = local(2026, 3, 10, 2);
    expect(dueState(next, rec, local(2026, 3, 10, 1, 59))).toBe('not-due');
    expect(dueState(next, rec, local(2026, 3, 10, 2))).toBe('in-window');
    expect(dueState(next, rec, local(2026, 3, 10, 4, 59))).toBe('in-window');
    expect(dueState(next, rec, local(2026, 3, 12, 9))).toBe('missed');
  });

  it('describes itself', () => {
    expect(describeRecurrence({ every: 'week', weekday: 3, at: '04:00', windowHours: 4 })).toBe('every Wednesday at 04:00 (window 4 h)');
  });
});

describe('recommended schedules', () => {
  it('one monthly scrub; short tests weekly and long tests monthly, no two members on the same day', () => {
    const plan = recommendedSchedules('u', ['a', 'b', 'c']);
    expect(plan.filter((p) => p.kind === 'scrub')).toEqual([{ kind: 'scrub', poolUuid: 'u', diskKey: null, recurrence: { every: 'month', monthDay: 1, at: '01:00', windowHours: 6 } }]);
    const short = plan.filter((p) => p.kind === 'smart-short').map((p) => (p.recurrence.every === 'week' ? p.recurrence.weekday : -1));
    const long = plan.filter((p) => p.kind === 'smart-long').map((p) => (p.recurrence.every === 'month' ? p.recurrence.monthDay : -1));
    expect(new Set(short).size).toBe(3);
    expect(new Set(long).size).toBe(3);
    expect(long.every((d) => d !== 1 && d >= 2 && d <= 28)).toBe(true);
  });
});
