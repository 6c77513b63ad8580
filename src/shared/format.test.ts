import { describe, expect, it } from 'vitest';
import { NO_LABEL, formatBytes, formatClock, formatProfileList, plural, poolName, usedPercent } from './format.ts';

describe('formatBytes', () => {
  it.each([
    [0, '0 B'],
    [1023, '1023 B'],
    [1024, '1.00 KiB'],
    [1536, '1.50 KiB'],
    [512 * 1024 * 1024, '512 MiB'],
    [1024 ** 3, '1.00 GiB'],
    [1.5 * 1024 ** 3, '1.50 GiB'],
    [12.34 * 1024 ** 4, '12.3 TiB'],
    [3 * 1024 ** 5, '3.00 PiB'],
  ])('%d bytes → %s', (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text);
  });

  it('shows unknown sizes as a dash, never as 0', () => {
    expect(formatBytes(null)).toBe('—');
    expect(formatBytes(undefined)).toBe('—');
    expect(formatBytes(Number.NaN)).toBe('—');
  });

  it('keeps the sign of a negative size', () => {
    expect(formatBytes(-2048)).toBe('-2.00 KiB');
  });
});

describe('usedPercent', () => {
  it('rounds to whole percent', () => {
    expect(usedPercent(1, 3)).toBe(33);
  });
  it('is unknown when the used bytes or the size are', () => {
    expect(usedPercent(null, 100)).toBeNull();
    expect(usedPercent(5, 0)).toBeNull();
  });
});

describe('poolName', () => {
  it('uses the label as data (escapes visible), or "(no label)" for none', () => {
    expect(poolName({ label: 'tank' })).toBe('tank');
    expect(poolName({ label: null })).toBe(NO_LABEL);
    expect(poolName({ label: '' })).toBe(NO_LABEL);
    // A blank label is still a label: its spaces are shown.
    expect(poolName({ label: '  ' })).toBe('␣␣');
    expect(poolName({ label: 'a\nb' })).toBe('a\\nb');
  });
});

describe('small text helpers', () => {
  it('plural picks the form by count', () => {
    expect(plural(1, 'pool', 'pools')).toBe('1 pool');
    expect(plural(0, 'pool', 'pools')).toBe('0 pools');
  });
  it('formatProfileList joins mixed profiles and names an empty list', () => {
    expect(formatProfileList(['raid1', 'single'])).toBe('raid1 + single');
    expect(formatProfileList([])).toBe('unknown');
  });
});

describe('formatClock', () => {
  it('is the 24-hour local hour and minute', () => {
    expect(formatClock(new Date(2026, 2, 1, 14, 2).getTime())).toBe('14:02');
    expect(formatClock(new Date(2026, 2, 1, 9, 5).getTime())).toBe('09:05');
  });
});
