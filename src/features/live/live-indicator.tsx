import { formatClock } from '../../shared/format.ts';
import { APP_TEXT } from '../../text/app.ts';
import type { LiveState } from './live-state.ts';

/** Whether the page follows the machine right now; a stale page must not look live. */
export function LiveIndicator({ live }: { live: LiveState }) {
  const text = live.status === 'offline' && live.dataAt !== null ? APP_TEXT.live.offlineSince(formatClock(live.dataAt)) : APP_TEXT.live.state[live.status];
  return (
    <span className={`live live-${live.status}`} data-testid="live-indicator" data-state={live.status} title={live.status === 'live' ? APP_TEXT.live.liveTitle : undefined}>
      <span className="live-dot" aria-hidden="true" /> <span className="live-text">{text}</span>
    </span>
  );
}

/** Under the header while offline: the data on the page is from a past moment, and it says which. */
export function OfflineNotice({ live }: { live: LiveState }) {
  if (live.status !== 'offline') return null;
  return (
    <div className="offline-notice" role="status" data-testid="offline-notice">
      {APP_TEXT.live.offlineNotice(live.dataAt === null ? null : formatClock(live.dataAt))}
    </div>
  );
}
