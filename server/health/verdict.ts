/**
 * The one decision several places share: is the pool missing more than its profile survives?
 */
import type { Pool } from '../../contracts/api.ts';
import { missingMembers, type MissingFacts } from './pool-facts.ts';
import { poolRedundancy, type PoolRedundancy } from './profiles.ts';

export interface RedundancyVerdict {
  readonly missing: MissingFacts;
  readonly redundancy: PoolRedundancy;
  /**
   * True when more members are missing than the weakest intended profile tolerates. Never true
   * for unknown profiles: there the guidance sends the admin to the read-only degraded mount,
   * which is safe either way and tells the truth, whereas "beyond redundancy" would advise
   * rebuilding a pool that may be recoverable.
   */
  readonly beyondRedundancy: boolean;
}

export function redundancyVerdict(pool: Pool): RedundancyVerdict {
  const missing = missingMembers(pool);
  const redundancy = poolRedundancy(pool.profiles);
  const beyondRedundancy = missing.count > 0 && redundancy.known && missing.count > redundancy.failuresTolerated;
  return { missing, redundancy, beyondRedundancy };
}
