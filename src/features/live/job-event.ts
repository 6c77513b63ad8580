/** Parsing the server's `job` events and folding them into cached job lists. Pure. */
import { Job, isActiveJobState, laterJob, type JobsResponse } from '../../../contracts/jobs.ts';

/** The event's Job, or null when it does not match the contract (the job queries are refreshed instead). */
export function parseJobEvent(data: unknown): Job | null {
  if (typeof data !== 'string') return null;
  try {
    const parsed = Job.safeParse(JSON.parse(data));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** What a cached list (`apiKeys.jobList`) was fetched for. */
export interface ListFilter {
  pool: string | null;
  active: boolean;
}

export function listFilterOf(queryKey: readonly unknown[]): ListFilter | null {
  const f = queryKey[3];
  if (!f || typeof f !== 'object') return null;
  const { pool, active } = f as { pool?: unknown; active?: unknown };
  return { pool: typeof pool === 'string' ? pool : null, active: active === true };
}

/**
 * The list with the job put in: replaced in place, or dropped from a running-only list once it
 * ended. `unchanged` when the job does not belong in this list; `refetch` when it is new to the
 * list (its place, and the list's limit, are the server's to decide).
 */
export function mergeJobIntoList(list: JobsResponse, job: Job, filter: ListFilter): JobsResponse | 'unchanged' | 'refetch' {
  if (filter.pool !== null && job.poolUuid?.toLowerCase() !== filter.pool.toLowerCase()) return 'unchanged';
  const at = list.jobs.findIndex((j) => j.id === job.id);
  const belongs = !filter.active || isActiveJobState(job.state);
  if (at < 0) return belongs ? 'refetch' : 'unchanged';
  const kept = laterJob(list.jobs[at], job);
  if (kept !== job) return 'unchanged';
  const jobs = belongs ? list.jobs.map((j, i) => (i === at ? job : j)) : list.jobs.filter((_, i) => i !== at);
  return { ...list, jobs };
}

/** A job that just ended changed its pool (mounted, members, profiles): refetch it then. */
export function jobJustEnded(previous: Job | null | undefined, job: Job): boolean {
  return !isActiveJobState(job.state) && (previous === null || previous === undefined || isActiveJobState(previous.state));
}
