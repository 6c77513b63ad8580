/**
 * Tests that run a Debian tool (promtool, amtool) call this first. Where the tool is missing they
 * skip with the reason printed — except under CI (or POOLWATCH_REQUIRE_LAB=1, set by `npm test`
 * there), where a skip would hide that nothing was checked: there it is a failure.
 */
import { spawnSync } from 'node:child_process';

export function toolSkipReason(command: string, debianPackage: string): string | null {
  const path = `${process.env.PATH ?? ''}:/usr/sbin:/sbin`;
  const found = spawnSync('sh', ['-c', `command -v ${command}`], { env: { ...process.env, PATH: path } }).status === 0;
  if (found) return null;
  const why = `${command} is not installed (apt-get install ${debianPackage}; npm test installs it as root)`;
  const ci = Boolean(process.env.CI) && process.env.CI !== 'false';
  if (ci || process.env.POOLWATCH_REQUIRE_LAB === '1') throw new Error(`this test must run here but cannot: ${why}`);
  console.warn(`skipping: ${why}`);
  return why;
}
