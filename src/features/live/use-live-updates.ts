/**
 * Live updates: one EventSource on /api/events. Each `change` refreshes pools, disks and status
 * (react-query keeps the old objects where nothing changed, so only changed rows re-render).
 * Each `job` event carries the whole job: it goes straight into the caches, without a request.
 * EventSource reconnects by itself after a dropped connection; when the server refuses the
 * stream outright it gives up, so then we open a new one after a pause.
 */
import { useEffect, useState } from 'react';
import { type QueryClient, useQueryClient } from '@tanstack/react-query';
import type { Job, JobResponse, JobsResponse } from '../../../contracts/jobs.ts';
import { CHANGE_EVENT, JOB_EVENT } from '../../../contracts/views.ts';
import { EVENTS_URL } from '../../shared/api/endpoints.ts';
import { apiKeys } from '../../shared/api/keys.ts';
import { type LiveState, parseChangeEvent } from './change-event.ts';
import { jobJustEnded, listFilterOf, mergeJobIntoList, parseJobEvent } from './job-event.ts';

/** After the server refused the stream: long enough not to hammer a restarting server. */
const REOPEN_AFTER_MS = 5000;

export function useLiveUpdates(): LiveState {
  const queryClient = useQueryClient();
  const [state, setState] = useState<LiveState>(() => (typeof EventSource === 'undefined' ? 'unsupported' : 'connecting'));

  useEffect(() => {
    if (typeof EventSource === 'undefined') return;
    let source: EventSource | null = null;
    let reopenTimer: ReturnType<typeof setTimeout> | null = null;
    let missedEvents = false;
    // The server sends the current status on every (re)connect; a version seen already brings nothing new.
    let lastVersion: number | null = null;

    const refresh = () => queryClient.invalidateQueries({ queryKey: apiKeys.all });

    const open = () => {
      source = new EventSource(EVENTS_URL);
      source.addEventListener('open', () => {
        setState('live');
        // Changes while disconnected were not pushed: fetch them now.
        if (missedEvents) void refresh();
        missedEvents = false;
      });
      source.addEventListener('error', () => {
        missedEvents = true;
        if (source?.readyState === EventSource.CLOSED) {
          source.close();
          setState('reconnecting');
          reopenTimer = setTimeout(open, REOPEN_AFTER_MS);
        } else {
          setState('reconnecting');
        }
      });
      source.addEventListener(CHANGE_EVENT, (event) => {
        const status = parseChangeEvent((event as MessageEvent).data);
        if (status && status.version === lastVersion) return;
        lastVersion = status?.version ?? null;
        if (status) queryClient.setQueryData(apiKeys.status(), status);
        void queryClient.invalidateQueries({
          queryKey: apiKeys.all,
          // The event itself carried the status; refetch it only when it did not parse.
          predicate: (q) => status === null || q.queryKey[1] !== 'status',
        });
      });
      source.addEventListener(JOB_EVENT, (event) => {
        const job = parseJobEvent((event as MessageEvent).data);
        if (job) applyJob(queryClient, job);
        else void queryClient.invalidateQueries({ queryKey: apiKeys.jobs() });
      });
    };

    open();
    return () => {
      if (reopenTimer) clearTimeout(reopenTimer);
      source?.close();
    };
  }, [queryClient]);

  return state;
}

/** Puts a job from a `job` event into its own query and into every cached list it belongs in. */
function applyJob(queryClient: QueryClient, job: Job): void {
  const previous = queryClient.getQueryData<JobResponse>(apiKeys.job(job.id))?.job;
  queryClient.setQueryData<JobResponse>(apiKeys.job(job.id), { job });
  for (const [key, list] of queryClient.getQueriesData<JobsResponse>({ queryKey: apiKeys.jobLists() })) {
    const filter = listFilterOf(key);
    if (!list || !filter) continue;
    const merged = mergeJobIntoList(list, job, filter);
    if (merged === 'refetch') void queryClient.invalidateQueries({ queryKey: key, exact: true });
    else if (merged !== 'unchanged') queryClient.setQueryData(key, merged);
  }
  // Its pool changed (mounted, members, profiles): show that now rather than at the next scan.
  if (job.poolUuid && jobJustEnded(previous, job)) {
    void queryClient.invalidateQueries({ queryKey: apiKeys.pool(job.poolUuid) });
    void queryClient.invalidateQueries({ queryKey: apiKeys.pools(), exact: true });
  }
}
