/** btrfs device error counters: names, totals and "anything non-zero". Pure. */
import type { DeviceErrors } from '../../contracts/api.ts';

/** In the order `btrfs device stats` prints them. */
export const COUNTER_NAMES = ['write', 'read', 'flush', 'corruption', 'generation'] as const satisfies readonly (keyof DeviceErrors)[];
export type CounterName = (typeof COUNTER_NAMES)[number];

export const ZERO_ERRORS: DeviceErrors = { write: 0, read: 0, flush: 0, corruption: 0, generation: 0 };

export function errorTotal(errors: DeviceErrors | null): number {
  if (!errors) return 0;
  return COUNTER_NAMES.reduce((sum, name) => sum + errors[name], 0);
}

/** Per-counter sums over a pool's members; members whose counters could not be read add nothing. */
export function sumErrors(devices: readonly { errors: DeviceErrors | null }[]): DeviceErrors {
  const sum = { ...ZERO_ERRORS };
  for (const d of devices) {
    if (!d.errors) continue;
    for (const name of COUNTER_NAMES) sum[name] += d.errors[name];
  }
  return sum;
}

export function poolErrorTotal(pool: { devices: readonly { errors: DeviceErrors | null }[] }): number {
  return errorTotal(sumErrors(pool.devices));
}
