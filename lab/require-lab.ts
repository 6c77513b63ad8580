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

/**
 * A real-pool test that needs one more kernel feature (`why` says what is missing, null when
 * present): it skips with the reason printed — except under CI or POOLWATCH_REQUIRE_LAB=1, where
 * the skip would hide that `what` was never tested, so it is a failure instead.
 */
export function capabilitySkipReason(what: string, why: string | null): string | null {
  if (why === null) return null;
  const ci = Boolean(process.env.CI) && process.env.CI !== 'false';
  if (ci || process.env.POOLWATCH_REQUIRE_LAB === '1') throw new Error(`${what} must be tested here but cannot: ${why}`);
  console.warn(`skipping ${what}: ${why}`);
  return why;
}
