import { describe, expect, it } from 'vitest';
import { INITIAL_LIVE, liveReducer } from './live-state.ts';

describe('liveReducer', () => {
  it('stays connecting until the first event, then is live', () => {
    expect(INITIAL_LIVE).toEqual({ status: 'connecting', dataAt: null });
    expect(liveReducer(INITIAL_LIVE, { type: 'event', at: 1000 })).toEqual({ status: 'live', dataAt: 1000 });
  });

  it('goes offline keeping the time of the last data, and live again with the next event', () => {
    const live = liveReducer(INITIAL_LIVE, { type: 'event', at: 1000 });
    const off = liveReducer(live, { type: 'broken' });
    expect(off).toEqual({ status: 'offline', dataAt: 1000 });
    expect(liveReducer(off, { type: 'broken' })).toBe(off);
    expect(liveReducer(off, { type: 'event', at: 5000 })).toEqual({ status: 'live', dataAt: 5000 });
  });

  it('is offline without a time when the server was never reached', () => {
    expect(liveReducer(INITIAL_LIVE, { type: 'broken' })).toEqual({ status: 'offline', dataAt: null });
  });
});
