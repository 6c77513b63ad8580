/** The schedule form's fields ⇄ ScheduleInput. Pure. */
import type { Recurrence, Schedule, ScheduleInput, ScheduleKind } from '../../../contracts/schedules.ts';

const MIB = 1024 * 1024;

export interface ScheduleFields {
  kind: ScheduleKind;
  poolUuid: string;
  diskKey: string;
  enabled: boolean;
  every: Recurrence['every'];
  weekday: string;
  monthDay: string;
  at: string;
  windowHours: string;
  /** MiB/s per member; '' for no limit. */
  speedMiB: string;
  /** `datetime-local` value ('' = the next window). */
  runAt: string;
}

export function emptyScheduleFields(): ScheduleFields {
  return { kind: 'scrub', poolUuid: '', diskKey: '', enabled: true, every: 'month', weekday: '0', monthDay: '1', at: '01:00', windowHours: '6', speedMiB: '', runAt: '' };
}

export function scheduleFieldsOf(s: Schedule): ScheduleFields {
  const r = s.recurrence;
  return {
    kind: s.kind as ScheduleKind, poolUuid: s.poolUuid ?? '', diskKey: s.diskKey ?? '', enabled: s.enabled, every: r.every,
    weekday: String(r.every === 'week' ? r.weekday : 0), monthDay: String(r.every === 'month' ? r.monthDay : 1), at: r.at, windowHours: String(r.windowHours),
    speedMiB: s.speedLimitBytesPerSecond ? String(Math.round(s.speedLimitBytesPerSecond / MIB)) : '', runAt: '',
  };
}

function recurrenceOf(f: ScheduleFields): Recurrence {
  const base = { at: f.at, windowHours: Number(f.windowHours) };
  if (f.every === 'day') return { every: 'day', ...base };
  if (f.every === 'week') return { every: 'week', weekday: Number(f.weekday), ...base };
  return { every: 'month', monthDay: Number(f.monthDay), ...base };
}

export function scheduleInputOf(f: ScheduleFields): ScheduleInput {
  const scrub = f.kind === 'scrub';
  return {
    kind: f.kind,
    poolUuid: scrub ? f.poolUuid || null : null,
    diskKey: scrub ? null : f.diskKey || null,
    enabled: f.enabled,
    recurrence: recurrenceOf(f),
    speedLimitBytesPerSecond: scrub && f.speedMiB.trim() !== '' ? Math.round(Number(f.speedMiB) * MIB) : null,
    // The browser's local time, as the admin typed it; the server runs it at that instant.
    nextRunAt: f.runAt ? new Date(f.runAt).toISOString() : null,
  };
}

/** `datetime-local` value for a moment (local time, minutes). */
export function localInputValue(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}
