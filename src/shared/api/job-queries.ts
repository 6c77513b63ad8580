/**
 * Query options every cached job and job list shares. Live updates keep them current (each `job`
 * event goes into the caches, features/live), but answers and events can arrive out of order — a
 * GET sent before a job ended, answered after its end was pushed — and an event can be lost with a
 * broken stream. So: a copy further along queued → running → ended always wins (laterJob), and a
 * job or list still showing an active job is read again every ACTIVE_JOB_POLL_MS.
 */
import { queryOptions, replaceEqualDeep } from '@tanstack/react-query';
import { type Job, JobResponse, JobsResponse, isActiveJobState, laterJob } from '../../../contracts/jobs.ts';
import { requestJson } from './client.ts';
import { apiKeys } from './keys.ts';

/** How often a job shown as queued/running is read again, in case its end was never pushed. */
export const ACTIVE_JOB_POLL_MS = 10_000;

/** The fetched list, with each job the cache already holds further along kept as it is. */
export function keepLaterJobs(old: JobsResponse | undefined, next: JobsResponse): JobsResponse {
  if (!old) return next;
  const known = new Map<string, Job>(old.jobs.map((j) => [j.id, j]));
  let kept = false;
  const jobs = next.jobs.map((j) => {
    const later = laterJob(known.get(j.id), j);
    if (later !== j) kept = true;
    return later;
  });
  return kept ? { ...next, jobs } : next;
}

/** The fetched job, unless the cache already holds it further along. */
export function keepLaterJob(old: JobResponse | undefined, next: JobResponse): JobResponse {
  return laterJob(old?.job, next.job) === next.job ? next : old!;
}

export const jobListOptions = (queryKey: readonly unknown[], path: string) =>
  queryOptions({
    queryKey,
    queryFn: ({ signal }) => requestJson('GET', path, JobsResponse, { signal }),
    refetchInterval: (q) => (q.state.data?.jobs.some((j) => isActiveJobState(j.state)) ? ACTIVE_JOB_POLL_MS : false),
    structuralSharing: (old: unknown, next: unknown) => replaceEqualDeep(old, keepLaterJobs(old as JobsResponse | undefined, next as JobsResponse)),
  });

export const jobOptions = (id: string) =>
  queryOptions({
    queryKey: apiKeys.job(id),
    queryFn: ({ signal }) => requestJson('GET', `/api/jobs/${encodeURIComponent(id)}`, JobResponse, { signal }),
    refetchInterval: (q) => (q.state.data && isActiveJobState(q.state.data.job.state) ? ACTIVE_JOB_POLL_MS : false),
    structuralSharing: (old: unknown, next: unknown) => replaceEqualDeep(old, keepLaterJob(old as JobResponse | undefined, next as JobResponse)),
  });
