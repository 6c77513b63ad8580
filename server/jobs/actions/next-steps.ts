/**
 * What to do after a job, from how it ended and how the pool looks now. Pure.
 */
import type { Pool } from '../../../contracts/api.ts';
import type { Job } from '../../../contracts/jobs.ts';
import { formatBytes, missingMembers } from '../../health/pool-facts.ts';
import { poolRedundancy } from '../../health/profiles.ts';
import { NEXT_STEP_TEXT as T } from '../../text/jobs.ts';

export interface AfterFacts {
  /** The pool as scanned after the job; null when it is gone from the snapshot. */
  pool: Pool | null;
  /** From `btrfs fi usage` (more than one profile for a type); null when not read. */
  mixedProfiles: boolean | null;
  slack: readonly { devid: number; slackBytes: number }[];
}

/** Kinds after which the pool's copies are worth verifying. */
const SCRUB_AFTER = new Set<string>(['replace', 'remove-missing', 'remove-device', 'add-devices', 'balance-start', 'balance-resume']);

export function nextStepsAfter(job: Job, facts: AfterFacts): string[] {
  const steps: string[] = [];
  if (job.state === 'failed' || job.state === 'interrupted') {
    steps.push(T.afterFailure);
  }
  if (job.state === 'cancelled' && (job.kind === 'scrub-start' || job.kind === 'scrub-resume')) {
    steps.push(T.resumeScrub);
  }
  if (job.state === 'succeeded') steps.push(...kindSteps(job, facts));
  steps.push(...poolSteps(job, facts));
  if (job.state === 'succeeded' && SCRUB_AFTER.has(job.kind)) steps.push(T.verifyCopies);
  return [...new Set(steps)];
}

function kindSteps(job: Job, facts: AfterFacts): string[] {
  const missing = facts.pool ? missingMembers(facts.pool).count : 0;
  switch (job.kind) {
    case 'mount-degraded-ro':
      return [...T.afterDegradedRo];
    case 'remount-degraded-rw':
      return missing > 0 ? [T.repairNow] : [];
    case 'add-devices':
      return missing > 0
        ? [T.removeMissingAfterAdd]
        : [T.balanceAfterAdd];
    case 'scrub-start':
    case 'scrub-resume': {
      const r = job.result?.scrub;
      if (!r) return [];
      if (r.uncorrectable > 0) {
        return [T.scrubUncorrectable(r.uncorrectable)];
      }
      if (r.corrected > 0) return [T.scrubCorrected(r.corrected)];
      return [T.scrubClean];
    }
    case 'balance-pause':
      return [T.afterBalancePause];
    case 'reset-counters':
      return [T.afterReset];
    default:
      return [];
  }
}

function poolSteps(job: Job, facts: AfterFacts): string[] {
  const pool = facts.pool;
  if (!pool || !pool.mounted) return [];
  const steps: string[] = [];
  const missing = missingMembers(pool);
  if (missing.count > 0 && job.kind !== 'mount-degraded-ro' && job.kind !== 'remount-degraded-rw' && job.kind !== 'add-devices') {
    steps.push(T.stillMissing(missing.devids, missing.count));
  }
  if (facts.mixedProfiles) {
    const r = poolRedundancy(pool.profiles);
    steps.push(T.mixedProfiles(r.known ? T.convertTarget(r.intended.data, r.intended.metadata) : ''));
  }
  for (const s of facts.slack) {
    if (s.slackBytes > 0) steps.push(T.slack(s.devid, formatBytes(s.slackBytes)));
  }
  return steps;
}
