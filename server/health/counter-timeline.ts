/**
 * Per-member timelines of the btrfs error counters from the stored history. Pure: rows and `now`
 * in. A drop in a value is a reset (btrfs never counts down), so it is no rise; what the counters
 * would say had they never been reset is kept as `everCounted`.
 */
import type { DeviceErrors } from '../../contracts/api.ts';
import type { CounterPoint, DeviceCounterHistory } from '../../contracts/counters.ts';

export interface CounterRow {
  devid: number;
  at: string;
  errors: DeviceErrors;
  /** changed | before-reset | reset (as stored). */
  reason: string;
  actor: string | null;
}

const KEYS = ['write', 'read', 'flush', 'corruption', 'generation'] as const;
const ZERO: DeviceErrors = { write: 0, read: 0, flush: 0, corruption: 0, generation: 0 };
const DAY_MS = 24 * 3600_000;

function rise(prev: DeviceErrors | null, cur: DeviceErrors): DeviceErrors {
  const out = { ...ZERO };
  for (const k of KEYS) out[k] = prev === null ? 0 : cur[k] >= prev[k] ? cur[k] - prev[k] : cur[k];
  return out;
}

function add(a: DeviceErrors, b: DeviceErrors): DeviceErrors {
  const out = { ...ZERO };
  for (const k of KEYS) out[k] = a[k] + b[k];
  return out;
}

export function counterTimelines(rows: readonly CounterRow[], now: Date): DeviceCounterHistory[] {
  const byDevid = new Map<number, CounterRow[]>();
  for (const r of rows) byDevid.set(r.devid, [...(byDevid.get(r.devid) ?? []), r]);
  const dayAgo = now.getTime() - DAY_MS;
  return [...byDevid.entries()].sort(([a], [b]) => a - b).map(([devid, list]) => {
    let prev: DeviceErrors | null = null;
    let lastDay = { ...ZERO };
    let everCounted = list.length > 0 ? { ...list[0]!.errors } : { ...ZERO };
    let resets = 0;
    const points: CounterPoint[] = list.map((r) => {
      const cause = r.reason === 'changed' ? 'observed' : r.reason;
      // The zeros after a reset are no rise; the values just before it were seen as they were.
      const delta = cause === 'reset' ? { ...ZERO } : rise(prev, r.errors);
      if (cause === 'reset') resets++;
      everCounted = add(everCounted, delta);
      if (Date.parse(r.at) >= dayAgo) lastDay = add(lastDay, delta);
      prev = r.errors;
      return { at: r.at, values: r.errors, cause, actor: r.actor, delta };
    });
    return { devid, points, lastDay, everCounted, resets };
  });
}
