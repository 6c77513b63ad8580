/** Jobs: what each job (and the action that starts it) is called, their states, the jobs pages. */
import type { Job, JobKind, JobState } from '../../contracts/jobs.ts';

/** What each job (and the action that starts it) is called on buttons, dialogs, job lists and the audit log. */
export const JOB_KIND_TEXT: Record<JobKind, string> = {
  mount: 'Mount',
  unmount: 'Unmount',
  'mount-degraded-ro': 'Mount read-only, degraded',
  'remount-degraded-rw': 'Remount read-write, degraded',
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
  'wipe-old-member': 'Wipe an old member',
  'smart-self-test': 'SMART self-test',
  'smart-set-erc': 'Set error recovery control',
  'identify-disk': 'Identify disk (blink)',
  unknown: 'Unknown job',
};

/** The job's name; a kind this version does not know is shown as written. */
export function jobKindText(job: Pick<Job, 'kind' | 'unrecognized'>): string {
  return job.kind === 'unknown' ? `Unknown job “${job.unrecognized?.kind ?? ''}” (from another poolwatch version)` : JOB_KIND_TEXT[job.kind];
}

export const JOB_STATE_TEXT: Record<JobState, string> = {
  queued: 'Waiting to start',
  running: 'Running',
  succeeded: 'Succeeded',
  failed: 'Failed',
  cancelled: 'Cancelled',
  interrupted: 'Interrupted',
  unknown: 'Unknown state',
};

/** The job's state in words; a state this version does not know is shown as written. */
export function jobStateText(job: Pick<Job, 'state' | 'unrecognized'>): string {
  return job.state === 'unknown' ? `Unknown state “${job.unrecognized?.state ?? ''}”` : JOB_STATE_TEXT[job.state];
}

export const JOBS_TEXT = {
  title: 'Jobs',
  intro: 'Every maintenance action runs as a job. Long ones (replace, balance, scrub) keep running in the kernel if poolwatch restarts; it picks them up again.',
  poolFilter: 'Pool',
  allPools: 'all pools',
  onlyRunning: 'Only running',
  loadingWhat: 'the jobs',
  loadFailed: 'Could not load the jobs',
  empty: (running: boolean) => (running ? 'No jobs running' : 'No jobs yet'),
  emptyText: 'Actions started from a pool\'s page show up here.',
  caption: (running: boolean) => (running ? 'Running jobs' : 'Jobs, newest first'),
  columns: { job: 'Job', state: 'State', pool: 'Pool', progress: 'Progress', by: 'By', started: 'Started', ended: 'Ended' },
  /** One job's page. */
  job: {
    breadcrumb: 'Jobs',
    unavailableTitle: 'Job not available',
    heading: (id: string) => `Job ${id}`,
    loadingWhat: 'the job',
    loadFailed: 'Could not load this job',
    pageTitle: (label: string) => `${label} · jobs`,
    facts: { pool: 'Pool', target: 'Target', startedBy: 'Started by', times: 'Created · started · ended', exitCode: 'Exit code', holds: 'Holds the pool' },
    wholePool: 'the whole pool',
    holdsText: 'yes: no other operation starts on this pool meanwhile',
    commands: 'Commands run',
    noCommands: 'None yet.',
    commandsLabel: 'the commands',
    log: 'Log',
    stderr: 'Standard error',
    stdout: 'Standard output',
    outputSize: (text: string) => (text.trim() === '' ? '(empty)' : `(${text.split('\n').length} lines)`),
    cancel: 'Cancel job',
    cancelling: 'Cancelling…',
  },
  scrub: {
    title: 'Scrub result',
    state: 'State',
    scrubbed: 'Scrubbed',
    found: 'Errors found',
    corrected: 'Corrected',
    uncorrectable: 'Uncorrectable',
    unverified: 'Unverified',
    kinds: 'read / csum / verify / super',
  },
  progress: {
    label: (job: string) => `${job} progress`,
    waiting: 'waiting',
    running: 'running',
    eta: (eta: string) => ` · about ${eta} left`,
  },
  stderrTail: 'What the command printed on stderr (last lines):',
  nextSteps: 'Next steps',
  card: {
    starting: 'Starting the job…',
    cannotFollow: 'Cannot follow the job',
    open: 'Open the job: commands, log and output',
  },
  active: {
    title: 'Running now',
    by: (who: string) => ` · by ${who}`,
    all: 'Every job of this pool',
  },
} as const;
