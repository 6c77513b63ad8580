import { describe, expect, it } from 'vitest';
import { errorTotal, poolErrorTotal, sumErrors } from './device-errors.ts';

const e = (write: number, read: number, flush: number, corruption: number, generation: number) => ({ write, read, flush, corruption, generation });

describe('device error counters', () => {
  it('sums every counter of a member', () => {
    expect(errorTotal(e(1, 2, 3, 4, 5))).toBe(15);
    expect(errorTotal(null)).toBe(0);
  });

  it('sums per counter over members, skipping unreadable ones', () => {
    expect(sumErrors([{ errors: e(1, 0, 0, 2, 0) }, { errors: null }, { errors: e(0, 3, 0, 1, 1) }])).toEqual(e(1, 3, 0, 3, 1));
  });

  it('totals a pool', () => {
    expect(poolErrorTotal({ devices: [{ errors: e(0, 0, 0, 0, 0) }] })).toBe(0);
    expect(poolErrorTotal({ devices: [{ errors: e(0, 0, 0, 7, 0) }, { errors: null }] })).toBe(7);
  });
});
