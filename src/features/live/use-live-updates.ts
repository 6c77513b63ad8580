/**
 * Live updates: one event stream on /api/events through the transport (EventSource in a tab,
 * Cockpit's channel inside Cockpit). Each `change` refreshes pools, disks and status (react-query
 * keeps the old objects where nothing changed, so only changed rows re-render). Each `job` event
 * carries the whole job: it goes straight into the caches, without a request. A stream that
 * breaks for good is opened again after a pause; meanwhile the page says it is offline and from
 * when its data is (live-state.ts).
 */
import { useEffect, useReducer } from 'react';
import { type QueryClient, useQueryClient } from '@tanstack/react-query';
import { type Job, type JobResponse, type JobsResponse, laterJob } from '../../../contracts/jobs.ts';
import { CHANGE_EVENT, JOB_EVENT, type WatchStatus } from '../../../contracts/views.ts';
import { EVENTS_URL } from '../../shared/api/endpoints.ts';
import { apiKeys } from '../../shared/api/keys.ts';
import { transport } from '../../shared/api/transport.ts';
import { parseChangeEvent } from './change-event.ts';
import { jobJustEnded, listFilterOf, mergeJobIntoList, parseJobEvent } from './job-event.ts';
import { INITIAL_LIVE, type LiveState, liveReducer } from './live-state.ts';

/** After the server refused the stream: long enough not to hammer a restarting server. */
const REOPEN_AFTER_MS = 5000;

export function useLiveUpdates(): LiveState {
  const queryClient = useQueryClient();
  const [live, dispatch] = useReducer(liveReducer, undefined, () => (transport().canStream ? INITIAL_LIVE : { status: 'unsupported' as const, dataAt: null }));

  useEffect(() => {
    const t = transport();
    if (!t.canStream) return;
    let close: (() => void) | null = null;
    let reopenTimer: ReturnType<typeof setTimeout> | null = null;
    let missedEvents = false;
    // The server sends the current status on every (re)connect; a version seen already brings nothing new.
    let lastVersion: number | null = null;

    const onChange = (data: string) => {
      const status = parseChangeEvent(data);
      if (missedEvents) {
        // Changes while disconnected were not pushed: fetch everything now.
        missedEvents = false;
        void queryClient.invalidateQueries({ queryKey: apiKeys.all });
      } else if (status && status.version === lastVersion) return;
      lastVersion = status?.version ?? null;
      if (status) queryClient.setQueryData(apiKeys.status(), status);
      void refreshUntilCurrent(queryClient, status);
    };

    const open = () => {
      close = t.events(EVENTS_URL, [CHANGE_EVENT, JOB_EVENT], {
        open: () => undefined,
        event: (type, data) => {
          dispatch({ type: 'event', at: Date.now() });
          if (type === CHANGE_EVENT) onChange(data);
          else {
            const job = parseJobEvent(data);
            if (job) applyJob(queryClient, job);
            else void queryClient.invalidateQueries({ queryKey: apiKeys.jobs() });
          }
        },
        error: (willRetry) => {
          missedEvents = true;
          dispatch({ type: 'broken' });
          if (!willRetry) {
            close?.();
            reopenTimer = setTimeout(open, REOPEN_AFTER_MS);
          }
        },
      });
    };

    open();
    return () => {
      if (reopenTimer) clearTimeout(reopenTimer);
      close?.();
    };
  }, [queryClient]);

  return live;
}

/** Puts a job from a `job` event into its own query and into every cached list it belongs in. */
function applyJob(queryClient: QueryClient, job: Job): void {
  const previous = queryClient.getQueryData<JobResponse>(apiKeys.job(job.id))?.job;
  if (laterJob(previous, job) !== job) return;
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

/** Passes after the first refetch that may still find an answer older than the event (then it stops). */
const CATCH_UP_PASSES = 3;

/**
 * Refetches everything the `change` event makes old (the status it carried aside), then again
 * while a view still says it was read before the scan the event announced. A first fetch still in
 * flight is not restarted by an invalidation — its older answer lands after the event, and without
 * another pass the header could miss a pool the pool page already shows degraded.
 */
export async function refreshUntilCurrent(queryClient: QueryClient, status: WatchStatus | null): Promise<void> {
  await queryClient.invalidateQueries({
    queryKey: apiKeys.all,
    // The event itself carried the status; refetch it only when it did not parse.
    predicate: (q) => status === null || q.queryKey[1] !== 'status',
  });
  const scannedAt = status?.scannedAt ? Date.parse(status.scannedAt) : NaN;
  if (Number.isNaN(scannedAt)) return;
  for (let pass = 0; pass < CATCH_UP_PASSES; pass++) {
    const behind = olderThan(queryClient, scannedAt);
    if (behind.length === 0) return;
    await Promise.all(behind.map((queryKey) => queryClient.invalidateQueries({ queryKey, exact: true })));
  }
}

/** Keys of cached views (they carry `scannedAt`) read before `scannedAt`. */
export function olderThan(queryClient: QueryClient, scannedAt: number): (readonly unknown[])[] {
  return queryClient
    .getQueryCache()
    .findAll({ queryKey: apiKeys.all })
    .filter((q) => viewScannedBefore(q.state.data, scannedAt))
    .map((q) => q.queryKey);
}

/** Whether a view answer says it was read before `scannedAt`. Pure. */
export function viewScannedBefore(data: unknown, scannedAt: number): boolean {
  if (!data || typeof data !== 'object' || !('scannedAt' in data)) return false;
  const at = (data as { scannedAt: unknown }).scannedAt;
  return typeof at === 'string' && Date.parse(at) < scannedAt;
}
