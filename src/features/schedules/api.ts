import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import { RecommendedSchedulesResponse, ScheduleResponse, SchedulesResponse, type ScheduleInput } from '../../../contracts/schedules.ts';
import { requestJson } from '../../shared/api/client.ts';
import { apiKeys } from '../../shared/api/keys.ts';

/** A run starts on the server's clock: look again now and then so "next run" and the outcome move. */
const SCHEDULES_POLL_MS = 15_000;

export const schedulesQuery = () =>
  queryOptions({
    queryKey: apiKeys.schedules(),
    queryFn: ({ signal }) => requestJson('GET', '/api/schedules', SchedulesResponse, { signal }),
    refetchInterval: SCHEDULES_POLL_MS,
  });

function useInvalidate() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: apiKeys.schedules() });
}

export function useSaveSchedule() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: ({ id, input }: { id: string | null; input: ScheduleInput }) =>
      id ? requestJson('PUT', `/api/schedules/${encodeURIComponent(id)}`, ScheduleResponse, { body: input }) : requestJson('POST', '/api/schedules', ScheduleResponse, { body: input }),
    onSuccess: invalidate,
  });
}

export function useDeleteSchedule() {
  const invalidate = useInvalidate();
  return useMutation({ mutationFn: (id: string) => requestJson('DELETE', `/api/schedules/${encodeURIComponent(id)}`, z.unknown()), onSuccess: invalidate });
}

export function useRecommendedSchedules() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (poolUuid: string) => requestJson('POST', '/api/schedules/recommended', RecommendedSchedulesResponse, { body: { poolUuid } }),
    onSuccess: invalidate,
  });
}
