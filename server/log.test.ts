import { describe, expect, it } from 'vitest';
import { createLog, formatLog } from './log.ts';

describe('log lines', () => {
  it('carry the syslog priority of every line for the journal', () => {
    expect(formatLog('error', 'cannot open the database\nset POOLWATCH_DATA_DIR', true)).toBe('<3>cannot open the database\n<3>set POOLWATCH_DATA_DIR');
    expect(formatLog('warn', 'no user yet', true)).toBe('<4>no user yet');
    expect(formatLog('info', 'serving', true)).toBe('<6>serving');
  });

  it('name poolwatch on a terminal', () => {
    expect(formatLog('warn', 'no user yet', false)).toBe('poolwatch: no user yet');
  });

  it('send errors and warnings to stderr, the rest to stdout', () => {
    const out: string[] = [];
    const err: string[] = [];
    const log = createLog(true, { out: (l) => out.push(l), err: (l) => err.push(l) });
    log.info('a');
    log.warn('b');
    log.error('c');
    expect(out).toEqual(['<6>a']);
    expect(err).toEqual(['<4>b', '<3>c']);
  });
});
