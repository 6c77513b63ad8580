import { describe, expect, it } from 'vitest';
import { reasonForErrno, reasonInText } from './failure-reason.ts';

describe('failure reasons', () => {
  it('ENOSPC in every form btrfs prints it', () => {
    for (const text of [
      "ERROR: error removing device 'missing': No space left on device",
      'BTRFS warning (device loop1): scrub: failed setting block group ro: -28',
      '9 enospc errors during balance',
    ]) expect(reasonInText(text)?.words).toBe('not enough unallocated space on the remaining disks');
    expect(reasonForErrno(-28)?.code).toBe('enospc');
  });
  it('a pool forced read-only outranks the ENOSPC that caused it', () => {
    expect(reasonInText('cleanup_transaction: errno=-28 No space left', 'BTRFS info (device loop1 state EA): forced readonly')?.code).toBe('read-only');
    expect(reasonInText("ERROR: error removing device 'missing': Read-only file system")?.code).toBe('read-only');
  });
  it('other errnos, and nothing for text that names no reason or status 0', () => {
    expect(reasonForErrno(-5)?.code).toBe('io-error');
    expect(reasonInText('ERROR: unable to start device replace, another exclusive operation \'balance\' in progress')?.code).toBe('busy');
    expect(reasonInText('ERROR: cannot open /dev/loop9: File exists')?.code).toBe('exists');
    expect(reasonInText('all fine')).toBeNull();
    expect(reasonForErrno(0)).toBeNull();
  });
});
