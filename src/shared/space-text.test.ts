import { describe, expect, it } from 'vitest';
import type { SpaceVerdict } from '../../contracts/space.ts';
import { fitText, fitTone, verdictTitle } from './space-text.ts';

const v = (over: Partial<SpaceVerdict>): SpaceVerdict => ({
  operation: 'replace', fits: 'yes', failure: null, why: '', neededBytes: null, availableBytes: null, devices: [], remedies: [], ...over,
});

describe('space verdict words', () => {
  it.each([
    [{ fits: 'yes' as const, failure: null }, 'fits', 'ok'],
    [{ fits: 'no' as const, failure: 'enospc' as const }, 'does not fit', 'danger'],
    [{ fits: 'no' as const, failure: 'read-only' as const }, 'does not fit — can force the pool read-only', 'danger'],
    [{ fits: 'no' as const, failure: 'refused' as const }, 'btrfs refuses', 'danger'],
    [{ fits: 'unknown' as const, failure: 'enospc' as const }, 'may not fit (would stop safely)', 'warning'],
    [{ fits: 'unknown' as const, failure: null }, 'cannot tell', 'warning'],
  ])('%j → %s', (fit, text, tone) => {
    expect(fitText(fit)).toBe(text);
    expect(fitTone(fit)).toBe(tone);
  });
  it('names the member a verdict is about', () => {
    expect(verdictTitle(v({ devices: [{ devid: 3, role: 'source', sizeBytes: 1, unallocatedBytes: null }] }))).toBe('Replace devid 3');
    expect(verdictTitle(v({ operation: 'remove-device', devices: [{ devid: 2, role: 'leaving', sizeBytes: 1, unallocatedBytes: 1 }] }))).toBe('Remove a member devid 2');
    expect(verdictTitle(v({ operation: 'full-balance' }))).toBe('Full balance');
  });
});
