import type { HealthRule } from '../context.ts';
import { poolRedundancy } from '../profiles.ts';
import { makeAlert } from './make-alert.ts';

/**
 * A redundant pool with no member to spare: a failing member cannot be removed without first
 * changing the profile. Pools without redundancy get no such advice (no member count helps them).
 */
export const atMinimumMembersRule: HealthRule = (pool) => {
  const r = poolRedundancy(pool.profiles);
  if (!r.known || r.failuresTolerated === 0) return [];
  if (pool.totalDevices > r.guidanceMinDevices) return [];
  return [makeAlert('at-minimum-members', { total: pool.totalDevices, min: r.guidanceMinDevices, profile: r.guidanceProfile })];
};
