import type { HealthRule } from '../context.ts';
import { hasOption } from '../mount-options.ts';
import { missingMembers } from '../pool-facts.ts';
import { makeAlert } from './make-alert.ts';

/** The `degraded` mount option is in force (it stays until unmount, even once the pool is whole). */
export const mountedDegradedRule: HealthRule = (pool) => {
  if (!pool.mounted || !hasOption(pool.mountOptions, 'degraded')) return [];
  return [makeAlert('mounted-degraded', { stillMissing: missingMembers(pool).count > 0 })];
};
