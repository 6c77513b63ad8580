import type { HealthRule } from '../context.ts';
import { describeMember, missingMembers } from '../pool-facts.ts';
import { makeAlert } from './make-alert.ts';

/** One critical alert per missing member; members btrfs did not name get one alert each without a devid. */
export const deviceMissingRule: HealthRule = (pool) => {
  const missing = missingMembers(pool);
  const named = missing.devids.map((devid) => makeAlert('device-missing', { member: describeMember(pool, devid) }, devid));
  const unnamed = Array.from({ length: Math.max(0, missing.count - missing.devids.length) }, () =>
    makeAlert('device-missing', { member: null }),
  );
  return [...named, ...unnamed];
};
