/**
 * Live updates: one EventSource on /api/events. Each `change` refreshes pools, disks and status
 * (react-query keeps the old objects where nothing changed, so only changed rows re-render).
 * EventSource reconnects by itself after a dropped connection; when the server refuses the
 * stream outright it gives up, so then we open a new one after a pause.
 */
import { useEffect, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { CHANGE_EVENT } from '../../../contracts/views.ts';
import { EVENTS_URL } from '../../shared/api/endpoints.ts';
import { apiKeys } from '../../shared/api/keys.ts';
import { type LiveState, parseChangeEvent } from './change-event.ts';

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
    };

    open();
    return () => {
      if (reopenTimer) clearTimeout(reopenTimer);
      source?.close();
    };
  }, [queryClient]);

  return state;
}
