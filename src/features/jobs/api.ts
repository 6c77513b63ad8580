/**
 * The jobs feature's side of the API. Live updates keep these current: every `job` event puts
 * the job into its query and into the lists that hold it (features/live), so nothing polls.
 */
import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { JobResponse, JobsResponse } from '../../../contracts/jobs.ts';
import { requestJson } from '../../shared/api/client.ts';
import { apiKeys } from '../../shared/api/keys.ts';
import { jobsPath, type JobsFilter } from './job-view.ts';

export const jobsQuery = (filter: JobsFilter) =>
  queryOptions({
    queryKey: apiKeys.jobList(filter),
    queryFn: ({ signal }) => requestJson('GET', jobsPath(filter), JobsResponse, { signal }),
  });

export const jobQuery = (id: string) =>
  queryOptions({
    queryKey: apiKeys.job(id),
    queryFn: ({ signal }) => requestJson('GET', `/api/jobs/${encodeURIComponent(id)}`, JobResponse, { signal }),
  });

export function useCancelJob(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => requestJson('POST', `/api/jobs/${encodeURIComponent(id)}/cancel`, JobResponse),
    onSuccess: async (answer) => {
      queryClient.setQueryData(apiKeys.job(id), answer);
      await queryClient.invalidateQueries({ queryKey: apiKeys.jobLists() });
    },
  });
}
