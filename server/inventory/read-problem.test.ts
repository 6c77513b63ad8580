import { describe, expect, it } from 'vitest';
import { HostError } from '../host/host-error.ts';
import { parseDeviceUsage } from '../parsers/device-usage.ts';
import { readProblem } from './read-problem.ts';

const unknownProfile = '/dev/sdb, ID: 1\n   Device size:          1073741824\n   Data,unknown:          1\n   Unallocated:   0\n';

function thrownBy(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error('expected a throw');
}

describe('readProblem', () => {
  it('words a line poolwatch cannot read, with the raw line in the details (never the parser message)', () => {
    const p = readProblem('device-usage', thrownBy(() => parseDeviceUsage(unknownProfile)));
    expect(p.message).toBe("poolwatch could not read the pool's space per member (btrfs device usage): line 3 is in a form it does not know");
    expect(p.message).not.toMatch(/device-usage:|expected <Type>/);
    expect(p.details).toEqual({ kind: 'device-usage', reason: expect.stringContaining('Data,unknown'), lineNumber: 3, line: '   Data,unknown:          1' });
  });

  it('keeps a failed command with its argv, exit code and stderr', () => {
    const err = new HostError({ file: 'btrfs', args: ['device', 'usage', '-b', '/mnt/p'] }, { exitCode: 1, timedOut: false, stderr: 'ERROR: permission denied' });
    const p = readProblem('device-usage', err);
    expect(p.message).toBe("poolwatch could not read the pool's space per member (btrfs device usage): `btrfs device usage -b /mnt/p` exited with status 1: ERROR: permission denied");
    expect(p.details).toEqual({ argv: ['btrfs', 'device', 'usage', '-b', '/mnt/p'], exitCode: 1, stderr: 'ERROR: permission denied' });
  });
});
