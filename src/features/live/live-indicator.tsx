import type { LiveState } from './change-event.ts';

const TEXT: Record<LiveState, string> = {
  connecting: 'Connecting…',
  live: 'Live',
  reconnecting: 'Reconnecting…',
  unsupported: 'No live updates',
};

/** Whether the page follows the machine right now; a stale page must not look live. */
export function LiveIndicator({ state }: { state: LiveState }) {
  return (
    <span className={`live live-${state}`} data-testid="live-indicator" data-state={state} title={state === 'live' ? 'Changes on the machine show here without reloading.' : undefined}>
      <span className="live-dot" aria-hidden="true" /> {TEXT[state]}
    </span>
  );
}
