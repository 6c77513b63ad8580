import type { HealthRule } from '../context.ts';
import { BLOCK_GROUP_TYPES } from '../profiles.ts';
import { makeAlert } from './make-alert.ts';

/**
 * More than one profile in a block-group type (from the snapshot's profiles, or btrfs's own
 * `Multiple profiles: yes`): redundancy was not fully re-established.
 */
export const mixedProfilesRule: HealthRule = (pool, ctx) => {
  const mixedTypes = BLOCK_GROUP_TYPES.filter((t) => new Set(pool.profiles[t]).size > 1);
  if (mixedTypes.length === 0 && ctx.mixedProfiles !== true) return [];
  const detail =
    mixedTypes.length === 0
      ? null
      : mixedTypes.map((t) => `${t} has ${[...new Set(pool.profiles[t])].join(' + ')}`).join('; ');
  return [makeAlert('mixed-profiles', { detail: detail === null ? null : capitalise(detail) })];
};

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
