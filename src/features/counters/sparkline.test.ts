import { describe, expect, it } from 'vitest';
import { MONITOR_TEXT } from '../../text/monitor.ts';
import { cumulativeErrors, sparklinePoints } from './sparkline.ts';

describe('sparkline', () => {
  it('a step line scaled to the box', () => {
    expect(sparklinePoints([{ t: 0, v: 0 }, { t: 10, v: 2 }, { t: 20, v: 4 }], 100, 20)).toBe('0.0,20.0 50.0,20.0 50.0,10.0 100.0,10.0 100.0,0.0');
    expect(sparklinePoints([{ t: 5, v: 3 }], 100, 20)).toBe('0,0.0 100.0,0.0');
    expect(sparklinePoints([], 100, 20)).toBe('');
  });

  it('says what rose', () => {
    expect(MONITOR_TEXT.counters.rise({ write: 0, read: 3, flush: 0, corruption: 1, generation: 0 })).toBe('+3 read errors, +1 corruption error since yesterday');
    expect(MONITOR_TEXT.counters.rise({ write: 0, read: 0, flush: 0, corruption: 0, generation: 0 })).toBeNull();
  });

  it('counts errors across a reset', () => {
    const z = { write: 0, read: 0, flush: 0, corruption: 0, generation: 0 };
    expect(cumulativeErrors([
      { at: '2026-01-01T00:00:00Z', values: { ...z, read: 2 }, delta: z },
      { at: '2026-01-02T00:00:00Z', values: z, delta: z },
      { at: '2026-01-03T00:00:00Z', values: { ...z, read: 1 }, delta: { ...z, read: 1 } },
    ]).map((s) => s.v)).toEqual([2, 2, 3]);
  });
});
