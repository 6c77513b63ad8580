import type { Job, JobKind } from '../../contracts/jobs.ts';

/** What each job (and the action that starts it) is called on buttons, dialogs and job lists. */
export const JOB_KIND_TEXT: Record<JobKind, string> = {
  mount: 'Mount',
  unmount: 'Unmount',
  'mount-degraded-ro': 'Mount degraded,ro',
  'remount-degraded-rw': 'Remount degraded,rw',
  replace: 'Replace a member',
  resize: 'Resize a member',
  'remove-missing': 'Remove the missing member',
  'remove-device': 'Remove a member',
  'add-devices': 'Add disks',
  'balance-start': 'Balance',
  'balance-pause': 'Pause the balance',
  'balance-resume': 'Resume the balance',
  'balance-cancel': 'Cancel the balance',
  'scrub-start': 'Scrub',
  'scrub-cancel': 'Cancel the scrub',
  'scrub-resume': 'Resume the scrub',
  'reset-counters': 'Reset error counters',
  'smart-self-test': 'SMART self-test',
  'smart-set-erc': 'Set error recovery control',
  unknown: 'Unknown job',
};

/** The job's name; a kind this version does not know is shown as written. */
export function jobKindText(job: Pick<Job, 'kind' | 'unrecognized'>): string {
  return job.kind === 'unknown' ? `Unknown job “${job.unrecognized?.kind ?? ''}” (from another poolwatch version)` : JOB_KIND_TEXT[job.kind];
}
