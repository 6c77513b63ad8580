import { describe, expect, it } from 'vitest';
import { hasOption, isReadOnly } from './mount-options.ts';

describe('hasOption', () => {
  it.each([
    [['rw', 'relatime', 'degraded'], 'degraded', true],
    [['rw', 'relatime'], 'degraded', false],
    // Substring traps: none of these may count.
    [['norecovery'], 'rw', false],
    [['errors=remount-ro'], 'ro', false],
    [['nodegraded'], 'degraded', false],
    [['degraded2'], 'degraded', false],
    [['subvol=/degraded'], 'degraded', false],
    // name=value options match by name.
    [['compress=zstd:3'], 'compress', true],
    [['space_cache=v2'], 'space_cache', true],
  ] as const)('%j has %s → %s', (options, name, expected) => {
    expect(hasOption(options, name)).toBe(expected);
  });
});

describe('isReadOnly', () => {
  it.each([
    [['ro', 'relatime', 'degraded', 'space_cache=v2', 'subvolid=5', 'subvol=/'], true],
    [['rw', 'relatime', 'degraded'], false],
    [['errors=remount-ro', 'rw'], false],
    // No ro/rw at all means read-write; `errors=remount-ro` alone is not `ro`.
    [['errors=remount-ro'], false],
    [['norecovery', 'ro'], true],
    [[], false],
    // The later of ro/rw wins, as with mount(8).
    [['ro', 'rw'], false],
    [['rw', 'ro'], true],
  ] as const)('%j → %s', (options, expected) => {
    expect(isReadOnly(options)).toBe(expected);
  });

  it('does not take `norecovery` for rw: a ro,norecovery mount stays read-only', () => {
    expect(isReadOnly(['norecovery', 'ro', 'rescue=usebackuproot'])).toBe(true);
  });
});
