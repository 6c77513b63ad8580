import { describe, expect, it } from 'vitest';
import { expectParseError } from '../test-support/fixture-cases.ts';
import { parseSysfsErrorStats } from './sysfs-error-stats.ts';

describe('parseSysfsErrorStats', () => {
  it('reads the five counters as the kernel prints them', () => {
    const text = 'write_errs 0\nread_errs 2\nflush_errs 0\ncorruption_errs 17\ngeneration_errs 1\n';
    expect(parseSysfsErrorStats(text)).toEqual({ write: 0, read: 2, flush: 0, corruption: 17, generation: 1 });
  });
  it('rejects a file without all five counters, naming the missing one', () => {
    expect(() => parseSysfsErrorStats('write_errs 0\nread_errs 0\n')).toThrow(/flush_errs is missing/);
  });
  it('rejects garbage with the offending line', () => {
    expectParseError(() => parseSysfsErrorStats('write_errs zero\n'), { kind: 'sysfs-error-stats', lineNumber: 1, line: 'write_errs zero' });
  });
});
