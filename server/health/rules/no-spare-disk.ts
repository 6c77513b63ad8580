import type { HealthRule } from '../context.ts';
import { formatBytes, largestMemberBytes, pickSpare } from '../pool-facts.ts';
import { makeAlert } from './make-alert.ts';

/** Advice: keep one unused disk attached that could stand in for the largest member. */
export const noSpareDiskRule: HealthRule = (pool, ctx) => {
  const minBytes = largestMemberBytes(pool);
  if (pickSpare(ctx.spareDisks, minBytes) !== null) return [];
  return [makeAlert('no-spare-disk', { minSize: formatBytes(minBytes) })];
};
