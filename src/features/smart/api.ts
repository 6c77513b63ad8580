/**
 * The SMART feature's queries and actions. Every answer is parsed with its contract
 * (contracts/smart.ts, contracts/jobs.ts); keys live under `api` so live updates refresh them.
 */
import { useEffect, useRef } from 'react';
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { isActiveJobState } from '../../../contracts/jobs.ts';
import {
  DiskSmartResponse,
  SmartAbortResponse,
  SmartErcResponse,
  SmartJobStartedResponse,
  SmartSummaryResponse,
  SmartdApplyResponse,
  SmartdConfigResponse,
  type SmartErcRequest,
} from '../../../contracts/smart.ts';
import { requestJson } from '../../shared/api/client.ts';
import { jobOptions } from '../../shared/api/job-queries.ts';

export const smartKeys = {
  all: ['api', 'smart'] as const,
  summary: () => ['api', 'smart', 'summary'] as const,
  disk: (key: string) => ['api', 'smart', 'disk', key] as const,
  erc: (key: string) => ['api', 'smart', 'erc', key] as const,
  smartd: () => ['api', 'smart', 'smartd'] as const,
};

const diskUrl = (key: string, rest: string) => `/api/disks/${encodeURIComponent(key)}${rest}`;

export const smartSummaryQuery = () =>
  queryOptions({
    queryKey: smartKeys.summary(),
    queryFn: ({ signal }) => requestJson('GET', '/api/smart', SmartSummaryResponse, { signal }),
  });

export const diskSmartQuery = (key: string) =>
  queryOptions({
    queryKey: smartKeys.disk(key),
    queryFn: ({ signal }) => requestJson('GET', diskUrl(key, '/smart'), DiskSmartResponse, { signal }),
  });

/** Reads ERC from the drive itself: only on request (it talks to the disk). */
export const ercQuery = (key: string, enabled: boolean) =>
  queryOptions({
    queryKey: smartKeys.erc(key),
    queryFn: ({ signal }) => requestJson('GET', diskUrl(key, '/erc'), SmartErcResponse, { signal }),
    enabled,
    staleTime: Infinity,
  });

export const smartdQuery = () =>
  queryOptions({
    queryKey: smartKeys.smartd(),
    queryFn: ({ signal }) => requestJson('GET', '/api/smartd', SmartdConfigResponse, { signal }),
  });

/**
 * Calls `onEnded` once when the job ends. The job is the one cache entry the jobs' card shows
 * (shared/api/job-queries.ts: live events, and a re-read while it is active).
 */
export function useJobEnded(jobId: string, onEnded: () => void): void {
  const query = useQuery(jobOptions(jobId));
  const ended = query.data !== undefined && !isActiveJobState(query.data.job.state);
  const told = useRef(false);
  useEffect(() => {
    if (ended && !told.current) {
      told.current = true;
      onEnded();
    }
  }, [ended, onEnded]);
}

/** After any SMART change the disk's page and the summary column show the new state. */
function useInvalidateDisk(key: string) {
  const queryClient = useQueryClient();
  return async () => {
    await queryClient.invalidateQueries({ queryKey: smartKeys.disk(key) });
    await queryClient.invalidateQueries({ queryKey: smartKeys.summary() });
  };
}

export function useRefreshSmart(key: string) {
  const queryClient = useQueryClient();
  const invalidate = useInvalidateDisk(key);
  return useMutation({
    mutationFn: () => requestJson('POST', diskUrl(key, '/smart/refresh'), DiskSmartResponse),
    onSuccess: async (answer) => {
      queryClient.setQueryData(smartKeys.disk(key), answer);
      await invalidate();
    },
  });
}

export function useSetDeviceType(key: string) {
  const queryClient = useQueryClient();
  const invalidate = useInvalidateDisk(key);
  return useMutation({
    mutationFn: (deviceType: string | null) => requestJson('PUT', diskUrl(key, '/smart/device-type'), DiskSmartResponse, { body: { deviceType } }),
    onSuccess: async (answer) => {
      queryClient.setQueryData(smartKeys.disk(key), answer);
      await invalidate();
    },
  });
}

export function useStartSelfTest(key: string) {
  const invalidate = useInvalidateDisk(key);
  return useMutation({
    mutationFn: (type: 'short' | 'long' | 'conveyance') => requestJson('POST', diskUrl(key, '/smart/self-test'), SmartJobStartedResponse, { body: { type } }),
    onSuccess: invalidate,
  });
}

export function useAbortSelfTest(key: string) {
  const invalidate = useInvalidateDisk(key);
  return useMutation({
    mutationFn: () => requestJson('POST', diskUrl(key, '/smart/self-test/abort'), SmartAbortResponse),
    onSuccess: invalidate,
  });
}

export function useSetErc(key: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: SmartErcRequest) => requestJson('POST', diskUrl(key, '/erc'), SmartJobStartedResponse, { body }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: smartKeys.erc(key) });
    },
  });
}

export function useApplySmartd() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (reload: boolean) => requestJson('POST', '/api/smartd/apply', SmartdApplyResponse, { body: { reload } }),
    onSuccess: (answer) => {
      queryClient.setQueryData(smartKeys.smartd(), answer.config);
    },
  });
}
