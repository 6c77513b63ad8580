import { describe, expect, it } from 'vitest';
import { AUDIT_OUTCOMES } from '../../../contracts/audit.ts';
import { describeAction, formatArgv, formatCount, OUTCOME_TEXT, refusalReason } from './audit-format.ts';

describe('formatArgv', () => {
  it.each([
    [null, ''],
    [[], ''],
    [['btrfs', 'replace', 'start', '-r', '2', '/dev/sdd', '/mnt2/tank'], 'btrfs replace start -r 2 /dev/sdd /mnt2/tank'],
    [['mount', '-o', 'degraded,ro', '/dev/sdb', '/mnt2/my pool'], "mount -o degraded,ro /dev/sdb '/mnt2/my pool'"],
    [['echo', "it's"], "echo 'it'\\''s'"],
    [['btrfs', 'balance', 'start', '-dconvert=raid1,soft', '/mnt2/x'], 'btrfs balance start -dconvert=raid1,soft /mnt2/x'],
    [['x', ''], "x ''"],
    [['x', '$(rm -rf /)'], "x '$(rm -rf /)'"],
  ])('%j → %s', (argv, want) => {
    expect(formatArgv(argv)).toBe(want);
  });
});

describe('audit wording', () => {
  it('has a label for every outcome', () => {
    for (const o of AUDIT_OUTCOMES) expect(OUTCOME_TEXT[o].label).toBeTruthy();
  });
  it('names known actions and passes unknown ones through', () => {
    expect(describeAction('auth.login')).toBe('log in');
    expect(describeAction('pool.remount-degraded-rw')).toBe('Remount read-write, degraded');
    expect(describeAction('job.scrub-start')).toBe('Scrub');
    expect(describeAction('http.post /api/whatever')).toBe('http.post /api/whatever');
  });
  it('reads the refusal reason of a login', () => {
    expect(refusalReason({ reason: 'rate-limited' })).toBe('too many attempts');
    expect(refusalReason({ ip: '10.0.0.9', reason: 'bad-token', request: 'GET /api/pools' })).toBe('unknown or revoked API token · GET /api/pools · from 10.0.0.9');
    expect(refusalReason({ ip: '::1' })).toBeNull();
    expect(refusalReason(null)).toBeNull();
  });
});

describe('formatCount', () => {
  it('says how many refusals a row counts', () => {
    expect(formatCount(37, null)).toBe('×37');
    expect(formatCount(2, '2026-03-01T10:42:07.000Z')).toMatch(/^×2, last \d\d:42:07/);
  });
});
