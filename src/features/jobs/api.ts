/**
 * The jobs feature's side of the API. Live updates keep these current: every `job` event puts
 * the job into its query and into the lists that hold it (features/live). As a safety net for an
 * event lost on the way, a job or list still showing an active job is read again every
 * ACTIVE_JOB_POLL_MS; a copy further along queued → running → ended always wins (laterJob).
 */
import { queryOptions, replaceEqualDeep, useMutation, useQueryClient } from '@tanstack/react-query';
import { JobResponse, JobsResponse, isActiveJobState, laterJob } from '../../../contracts/jobs.ts';
import { requestJson } from '../../shared/api/client.ts';
import { apiKeys } from '../../shared/api/keys.ts';
import { jobsPath, type JobsFilter } from './job-view.ts';

/** How often a job shown as queued/running is read again, in case its end was never pushed. */
export const ACTIVE_JOB_POLL_MS = 10_000;

export const jobsQuery = (filter: JobsFilter) =>
  queryOptions({
    queryKey: apiKeys.jobList(filter),
    queryFn: ({ signal }) => requestJson('GET', jobsPath(filter), JobsResponse, { signal }),
    refetchInterval: (q) => (q.state.data?.jobs.some((j) => isActiveJobState(j.state)) ? ACTIVE_JOB_POLL_MS : false),
  });

export const jobQuery = (id: string) =>
  queryOptions({
    queryKey: apiKeys.job(id),
    queryFn: ({ signal }) => requestJson('GET', `/api/jobs/${encodeURIComponent(id)}`, JobResponse, { signal }),
    refetchInterval: (q) => (q.state.data && isActiveJobState(q.state.data.job.state) ? ACTIVE_JOB_POLL_MS : false),
    // A GET sent before the job ended must not undo the end an event already brought.
    structuralSharing: (old: unknown, next: unknown) => {
      const kept = laterJob((old as JobResponse | undefined)?.job, (next as JobResponse).job);
      return kept === (next as JobResponse).job ? replaceEqualDeep(old, next) : old;
    },
  });

export function useCancelJob(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => requestJson('POST', `/api/jobs/${encodeURIComponent(id)}/cancel`, JobResponse),
    onSuccess: async (answer) => {
      queryClient.setQueryData<JobResponse>(apiKeys.job(id), (cached) => ({ job: laterJob(cached?.job, answer.job) }));
      await queryClient.invalidateQueries({ queryKey: apiKeys.jobLists() });
    },
  });
}
