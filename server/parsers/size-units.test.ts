import { describe, expect, it } from 'vitest';
import { parseBtrfsSize } from './size-units.ts';

describe('parseBtrfsSize', () => {
  const cases: [token: string, want: ReturnType<typeof parseBtrfsSize>][] = [
    ['1073741824', { bytes: 1073741824, exact: true }],
    ['-1073741824', { bytes: -1073741824, exact: true }], // device usage -b during a device remove
    ['0', { bytes: 0, exact: true }],
    ['0.00B', { bytes: 0, exact: false }],
    ['16B', { bytes: 16, exact: true }],
    ['528.00KiB', { bytes: 528 * 1024, exact: false }],
    ['473.56MiB', { bytes: Math.round(473.56 * 1024 ** 2), exact: false }],
    ['1.00GiB', { bytes: 1024 ** 3, exact: false }],
    ['16.00EiB', { bytes: 16 * 1024 ** 6, exact: false }],
    ['1.07GB', { bytes: 1_070_000_000, exact: false }], // --si
    ['2.50kB', { bytes: 2500, exact: false }],
    ['1.00MB', { bytes: 1_000_000, exact: false }],
    ['1.50GiB', { bytes: 1610612736, exact: false }],
    ['320.00KiB', { bytes: 327680, exact: false }],
    ['4096', { bytes: 4096, exact: true }],
    ['12XB', null],
    ['1.00GIB', null],
    ['GiB', null],
    ['', null],
    ['1,5GiB', null],
  ];
  for (const [token, want] of cases) {
    it(JSON.stringify(token), () => expect(parseBtrfsSize(token)).toEqual(want));
  }
});
