/**
 * Whether the page follows the machine right now, as a pure reducer: "Connecting…" until the
 * first event (not merely an open connection: the server sends its status first thing), "Live"
 * while events arrive, "Offline" with the time of the last data once the stream breaks — the page
 * then still shows what it knew at that time, and says so.
 */
export type LiveStatus = 'connecting' | 'live' | 'offline' | 'unsupported';

export interface LiveState {
  status: LiveStatus;
  /** When the last event arrived (ms since the epoch): what the page shows is from then. */
  dataAt: number | null;
}

export type LiveInput = { type: 'event'; at: number } | { type: 'broken' };

export const INITIAL_LIVE: LiveState = { status: 'connecting', dataAt: null };

export function liveReducer(state: LiveState, input: LiveInput): LiveState {
  if (state.status === 'unsupported') return state;
  if (input.type === 'event') return { status: 'live', dataAt: input.at };
  return state.status === 'offline' ? state : { status: 'offline', dataAt: state.dataAt };
}
