import type { HealthRule } from '../context.ts';
import { poolRedundancy } from '../profiles.ts';
import { makeAlert } from './make-alert.ts';

export const unknownProfileRule: HealthRule = (pool) => {
  const r = poolRedundancy(pool.profiles);
  if (r.known) return [];
  return [makeAlert('unknown-profile', { types: r.unknownTypes.join('/') })];
};
