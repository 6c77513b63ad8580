import type { Profile } from '../../../contracts/api.ts';
import type { HealthRule } from '../context.ts';
import { BLOCK_GROUP_TYPES, PROFILE_RULES } from '../profiles.ts';
import { makeAlert } from './make-alert.ts';

/** Any raid5/raid6 chunks: warn that parity levels are not production-ready in btrfs. */
export const parityProfileRule: HealthRule = (pool) => {
  const parity = new Set<Profile>(BLOCK_GROUP_TYPES.flatMap((t) => pool.profiles[t]).filter((p) => PROFILE_RULES[p].parity));
  if (parity.size === 0) return [];
  return [makeAlert('parity-profile', { profiles: [...parity].sort().join('/') })];
};
