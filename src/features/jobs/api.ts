/**
 * The jobs feature's side of the API. Live updates keep these current (features/live); the
 * options shared by every job query (out-of-order answers, lost events) are in shared/api/job-queries.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { JobResponse, laterJob } from '../../../contracts/jobs.ts';
import { requestJson } from '../../shared/api/client.ts';
import { jobListOptions, jobOptions } from '../../shared/api/job-queries.ts';
import { apiKeys } from '../../shared/api/keys.ts';
import { jobsPath, type JobsFilter } from './job-view.ts';

export const jobsQuery = (filter: JobsFilter) => jobListOptions(apiKeys.jobList(filter), jobsPath(filter));

export const jobQuery = jobOptions;

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
