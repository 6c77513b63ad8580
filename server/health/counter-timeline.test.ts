import { describe, expect, it } from 'vitest';
import { counterTimelines, type CounterRow } from './counter-timeline.ts';

const e = (read: number, corruption = 0) => ({ write: 0, read, flush: 0, corruption, generation: 0 });
const row = (devid: number, at: string, errors: ReturnType<typeof e>, reason = 'changed', actor: string | null = null): CounterRow => ({ devid, at, errors, reason, actor });

describe('counter timelines', () => {
  it('deltas per point, the last day, resets kept and marked, nothing ever lost', () => {
    const now = new Date('2026-03-10T12:00:00Z');
    const [dev2, dev3] = counterTimelines([
      row(2, '2026-03-01T00:00:00Z', e(0)),
      row(2, '2026-03-05T00:00:00Z', e(4)),
      row(2, '2026-03-09T10:00:00Z', e(4), 'before-reset', 'admin'),
      row(2, '2026-03-09T10:00:01Z', e(0), 'reset', 'admin'),
      row(2, '2026-03-10T08:00:00Z', e(3, 1)),
      row(3, '2026-03-01T00:00:00Z', e(2)),
    ], now);
    expect(dev2!.points.map((p) => [p.cause, p.actor, p.delta.read])).toEqual([
      ['observed', null, 0], ['observed', null, 4], ['before-reset', 'admin', 0], ['reset', 'admin', 0], ['observed', null, 3],
    ]);
    expect(dev2!.lastDay).toEqual(e(3, 1));
    expect(dev2!.everCounted).toEqual(e(7, 1));
    expect(dev2!.resets).toBe(1);
    // The first point is where the history starts: its values count, and are no rise.
    expect(dev3).toMatchObject({ devid: 3, resets: 0, lastDay: e(0), everCounted: e(2) });
  });

  it('a drop seen by a scan (reset outside poolwatch) counts from zero, never negative', () => {
    const [d] = counterTimelines([row(1, '2026-03-10T00:00:00Z', e(5)), row(1, '2026-03-10T01:00:00Z', e(2))], new Date('2026-03-10T02:00:00Z'));
    expect(d!.points[1]!.delta.read).toBe(2);
    expect(d!.everCounted.read).toBe(7);
  });
});
