import { describe, expect, it } from 'vitest';
import { estimateEtaSeconds, localIso, parseLocalIso, parseReplaceTime, startedSince } from './progress.ts';

describe('estimateEtaSeconds', () => {
  it.each([
    ['no first sample', null, { atMs: 10_000, percent: 50 }, null],
    ['not moved enough to say', { atMs: 0, percent: 10 }, { atMs: 10_000, percent: 10.2 }, null],
    ['half done in 10 s → 10 s left', { atMs: 0, percent: 0 }, { atMs: 10_000, percent: 50 }, 10],
    ['from 20% to 40% in 30 s → 90 s left', { atMs: 5_000, percent: 20 }, { atMs: 35_000, percent: 40 }, 90],
    ['done', { atMs: 0, percent: 0 }, { atMs: 10_000, percent: 100 }, null],
  ] as const)('%s', (_name, first, now, eta) => {
    expect(estimateEtaSeconds(first, now)).toBe(eta);
  });
});

describe('timestamps btrfs prints (local time)', () => {
  it('reads replace status times near a reference date, across the new year', () => {
    expect(parseReplaceTime('26.Nov 15:04:05', new Date(2026, 10, 26, 15, 0, 0))).toEqual(new Date(2026, 10, 26, 15, 4, 5));
    expect(parseReplaceTime(' 1.Jan 00:00:10', new Date(2026, 11, 31, 23, 59, 0))).toEqual(new Date(2027, 0, 1, 0, 0, 10));
    expect(parseReplaceTime('31.Dec 23:59:50', new Date(2027, 0, 1, 0, 0, 5))).toEqual(new Date(2026, 11, 31, 23, 59, 50));
    expect(parseReplaceTime('yesterday', new Date())).toBeNull();
  });
  it('round-trips local ISO times and compares starts with a tolerance of whole seconds', () => {
    const d = new Date(2026, 10, 26, 15, 2, 18);
    expect(localIso(d)).toBe('2026-11-26T15:02:18');
    expect(parseLocalIso('2026-11-26T15:02:18')).toEqual(d);
    expect(parseLocalIso('Thu Nov 26')).toBeNull();
    const jobStart = new Date(2026, 10, 26, 15, 2, 19, 700);
    expect(startedSince(d, jobStart), 'printed second before the job started: same operation').toBe(true);
    expect(startedSince(new Date(2026, 10, 26, 15, 1, 0), jobStart), 'an earlier operation').toBe(false);
  });
});
