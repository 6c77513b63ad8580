import type { DeviceErrors } from '../../../contracts/api.ts';
import type { HealthRule } from '../context.ts';
import { describeMember } from '../pool-facts.ts';
import { makeAlert } from './make-alert.ts';

// btrfs's own counter names, so the message matches what `btrfs device stats` prints.
const COUNTER_NAMES: Readonly<Record<keyof DeviceErrors, string>> = {
  write: 'write_io_errs',
  read: 'read_io_errs',
  flush: 'flush_io_errs',
  corruption: 'corruption_errs',
  generation: 'generation_errs',
};

/** One warning per member with any non-zero counter, naming each such counter and its value. */
export const deviceErrorsRule: HealthRule = (pool) =>
  pool.devices.flatMap((dev) => {
    if (!dev.errors) return [];
    const errors = dev.errors;
    const nonZero = (Object.keys(COUNTER_NAMES) as (keyof DeviceErrors)[]).filter((k) => errors[k] > 0);
    if (nonZero.length === 0) return [];
    const counters = nonZero.map((k) => `${COUNTER_NAMES[k]} ${errors[k]}`).join(', ');
    return [makeAlert('device-errors', { member: describeMember(pool, dev.devid), counters }, dev.devid)];
  });
