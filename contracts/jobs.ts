/**
 * Jobs: every maintenance action runs as a tracked job (state, progress, the commands it ran and
 * what they printed). The server journals them in SQLite and reads long operations back from the
 * kernel after a restart. GET /api/jobs, GET /api/jobs/:id, POST /api/jobs/:id/cancel, and a
 * `job` event (the whole Job) on every change. Depends on zod only.
 */
import { z } from 'zod';
import { ACTION_NAMES } from './actions.ts';

/**
 * Every action is a job kind; other features add theirs here (SMART self-tests, ERC). `unknown`:
 * a journal row whose kind this version does not know (another poolwatch version wrote it); the
 * kind as written is in `Job.unrecognized`.
 */
export const JOB_KINDS = [...ACTION_NAMES, 'smart-self-test', 'smart-set-erc', 'identify-disk', 'unknown'] as const;
export const JobKind = z.enum(JOB_KINDS);
export type JobKind = z.infer<typeof JobKind>;

/**
 * queued → running → succeeded | failed | cancelled | interrupted. `interrupted`: poolwatch
 * restarted while the job ran and the kernel no longer runs the operation, so the outcome is
 * only what the kernel last said (see `error`). `unknown`: a journal row whose state this version
 * does not know (as written in `Job.unrecognized`); never active.
 */
export const JOB_STATES = ['queued', 'running', 'succeeded', 'failed', 'cancelled', 'interrupted', 'unknown'] as const;
export const JobState = z.enum(JOB_STATES);
export type JobState = z.infer<typeof JobState>;

export const isActiveJobState = (s: JobState): boolean => s === 'queued' || s === 'running';

export const JobProgress = z.object({
  /** 0–100 where btrfs reports progress (replace, balance, scrub, device remove); else null. */
  percent: z.number().min(0).max(100).nullable(),
  /** From btrfs where it says (scrub), else estimated from the progress rate; null when unknown. */
  etaSeconds: z.number().int().nonnegative().nullable(),
  /** What the kernel says right now, in its words: `31.4% done, 0 write errs…`, `paused`. */
  detail: z.string().nullable(),
});
export type JobProgress = z.infer<typeof JobProgress>;

export const ScrubResult = z.object({
  /** The scrub's state as `btrfs scrub status` ends it: finished, aborted, interrupted. */
  state: z.string(),
  bytesScrubbed: z.number().nonnegative().nullable(),
  durationSeconds: z.number().int().nonnegative().nullable(),
  /** read + csum + verify + super errors found. */
  errorsFound: z.number().int().nonnegative(),
  corrected: z.number().int().nonnegative(),
  uncorrectable: z.number().int().nonnegative(),
  unverified: z.number().int().nonnegative(),
  read: z.number().int().nonnegative(),
  csum: z.number().int().nonnegative(),
  verify: z.number().int().nonnegative(),
  super: z.number().int().nonnegative(),
});
export type ScrubResult = z.infer<typeof ScrubResult>;

/** What a finished job found, beyond its state: a one-line summary and per-kind details. */
export const JobResult = z.object({
  summary: z.string(),
  scrub: ScrubResult.nullable(),
});
export type JobResult = z.infer<typeof JobResult>;

/** Output kept per stream; the tail is kept (errors come last). */
export const MAX_JOB_OUTPUT_CHARS = 64 * 1024;

export const Job = z.object({
  id: z.string(),
  kind: JobKind,
  poolUuid: z.string().nullable(),
  /** What the job works on: `devid 3`, a disk identity key, a device path; null for the whole pool. */
  target: z.string().nullable(),
  state: JobState,
  /** Holds the pool: no other exclusive job may start on it meanwhile. */
  exclusive: z.boolean(),
  /** POST /api/jobs/:id/cancel can stop it now. */
  cancellable: z.boolean(),
  progress: JobProgress,
  /** Every command the job ran, in order, as argv arrays. */
  argv: z.array(z.array(z.string())),
  /** Combined output of those commands (tail kept, at most MAX_JOB_OUTPUT_CHARS each). */
  stdout: z.string(),
  stderr: z.string(),
  /** What poolwatch decided and saw, in words (pre-flight, kernel status, reconcile after restart). */
  log: z.array(z.string()),
  /** Exit status of the last command run; null before any ran. */
  exitCode: z.number().int().nullable(),
  /** Why the job failed or was interrupted; null otherwise. */
  error: z.string().nullable(),
  createdBy: z.string(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  /** What the admin should do after this job, in words. */
  nextSteps: z.array(z.string()),
  result: JobResult.nullable(),
  /**
   * What the journal holds that this version does not know, kept as written (a row from another
   * poolwatch version): the kind and/or state shown as `unknown` above. Absent otherwise.
   */
  unrecognized: z.object({ kind: z.string().optional(), state: z.string().optional() }).optional(),
});
export type Job = z.infer<typeof Job>;

/** queued → running → ended: a job never goes back along this line. */
function stage(state: JobState): number {
  if (state === 'queued') return 0;
  return state === 'running' ? 1 : 2;
}

/**
 * Of two copies of one job, the later one. Answers and events can arrive out of order: the answer
 * to Run (`running`) after the event that says the job already `succeeded`, or a GET sent before
 * the job ended answered after its end was pushed. The copy further along queued → running →
 * ended wins, so an ended job is never shown running again.
 */
export function laterJob(previous: Job | null | undefined, incoming: Job): Job {
  if (previous && previous.id === incoming.id && stage(previous.state) > stage(incoming.state)) return previous;
  return incoming;
}

export const JobsQuery = z.object({
  pool: z.string().optional(),
  /** Only queued/running jobs. */
  active: z.enum(['true', 'false']).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export type JobsQuery = z.infer<typeof JobsQuery>;

export const JobsResponse = z.object({ jobs: z.array(Job) });
export type JobsResponse = z.infer<typeof JobsResponse>;
export const JobResponse = z.object({ job: Job });
export type JobResponse = z.infer<typeof JobResponse>;

/** Event name of a job change on /api/events (server/http/routes/live.ts sends the runner's `job` events). */
export const JOB_EVENT = 'job';
