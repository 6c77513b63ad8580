/**
 * Integration and e2e tests call this first. Where the lab cannot run (not root, no btrfs) the
 * tests skip with the printed reason — except where POOLWATCH_REQUIRE_LAB=1 (set by `npm test`
 * under CI), where a skip would hide that nothing was tested, so it is a failure instead.
 */
import { labUnavailableReason } from './lab.ts';

export async function labSkipReason(): Promise<string | null> {
  const why = await labUnavailableReason();
  if (why && process.env.POOLWATCH_REQUIRE_LAB === '1') {
    throw new Error(`real-pool tests must run here (POOLWATCH_REQUIRE_LAB=1) but cannot: ${why}`);
  }
  if (why) console.warn(`skipping real-pool tests: ${why}`);
  return why;
}
