import type { HealthRule } from '../context.ts';
import { redundancyVerdict } from '../verdict.ts';
import { makeAlert } from './make-alert.ts';

export const redundancyExceededRule: HealthRule = (pool) => {
  const v = redundancyVerdict(pool);
  if (!v.beyondRedundancy || !v.redundancy.known) return [];
  return [
    makeAlert('redundancy-exceeded', {
      missing: v.missing.count,
      profile: v.redundancy.weakest,
      tolerated: v.redundancy.failuresTolerated,
    }),
  ];
};
