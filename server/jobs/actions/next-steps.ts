/**
 * What to do after a job, from how it ended and how the pool looks now. Pure.
 */
import { counted, members } from '../../health/text.ts';
import type { Pool } from '../../../contracts/api.ts';
import type { Job } from '../../../contracts/jobs.ts';
import { formatBytes, missingMembers } from '../../health/pool-facts.ts';
import { poolRedundancy } from '../../health/profiles.ts';

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
    steps.push('Read the error and the command output of this job (and the kernel log lines it quotes), fix the cause, then run the action again.');
  }
  if (job.state === 'cancelled' && (job.kind === 'scrub-start' || job.kind === 'scrub-resume')) {
    steps.push('The scrub can be resumed from where it stopped: "Resume the scrub".');
  }
  if (job.state === 'succeeded') steps.push(...kindSteps(job, facts));
  steps.push(...poolSteps(job, facts));
  if (job.state === 'succeeded' && SCRUB_AFTER.has(job.kind)) steps.push('Run a scrub to verify every copy.');
  return [...new Set(steps)];
}

function kindSteps(job: Job, facts: AfterFacts): string[] {
  const missing = facts.pool ? missingMembers(facts.pool).count : 0;
  switch (job.kind) {
    case 'mount-degraded-ro':
      return ['Refresh your backups from the pool now, while it is read-only.', 'Then remount it read-write, degraded ("Remount read-write, degraded") to repair it.'];
    case 'remount-degraded-rw':
      return missing > 0 ? ['Repair now: replace the missing member with an unused disk, or remove the missing member if enough members remain.'] : [];
    case 'add-devices':
      return missing > 0
        ? ['Now remove the missing member ("Remove the missing member"): its copies are rebuilt on the members, the new disk included.']
        : ['Spread the existing data over the new disks: start a full balance.'];
    case 'scrub-start':
    case 'scrub-resume': {
      const r = job.result?.scrub;
      if (!r) return [];
      if (r.uncorrectable > 0) {
        return [`${counted(r.uncorrectable, 'error')} could not be corrected: the affected files are damaged (the kernel log names them); restore them from backup.`];
      }
      if (r.corrected > 0) return [`${r.corrected === 1 ? '1 error was' : `${r.corrected} errors were`} corrected from good copies: watch the members' error counters and SMART data.`];
      return ['No errors found: nothing to do.'];
    }
    case 'balance-pause':
      return ['Resume the balance ("Resume the balance") or cancel it ("Cancel the balance").'];
    case 'reset-counters':
      return ['Watch the counters: any rise from now on is new.'];
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
    steps.push(`${missing.devids.length ? `devid ${missing.devids.join(', ')}` : members(missing.count)} still missing: replace or remove ${missing.count === 1 ? 'it' : 'them'}.`);
  }
  if (facts.mixedProfiles) {
    const r = poolRedundancy(pool.profiles);
    const to = r.known ? ` to ${r.intended.data} (data) / ${r.intended.metadata} (metadata)` : '';
    steps.push(`Mixed profiles: some chunks lack the pool's redundancy. Re-establish it with a soft convert balance${to} ("Balance", kind "Convert, soft").`);
  }
  for (const s of facts.slack) {
    if (s.slackBytes > 0) steps.push(`devid ${s.devid} leaves ${formatBytes(s.slackBytes)} of its disk unused: resize it to max.`);
  }
  return steps;
}
