import { describe, expect, it } from 'vitest';
import { argvText, quoteArg } from './argv-text.ts';

describe('argvText', () => {
  it.each([
    [['btrfs', 'replace', 'start', '2', '/dev/loop7', '/mnt2/pw-a'], 'btrfs replace start 2 /dev/loop7 /mnt2/pw-a'],
    [['mount', '-t', 'btrfs', '-o', 'degraded,ro', '/dev/sdb', '/mnt2/my pool'], "mount -t btrfs -o degraded,ro /dev/sdb '/mnt2/my pool'"],
    [['btrfs', 'filesystem', 'resize', '2:max', '/mnt'], 'btrfs filesystem resize 2:max /mnt'],
    [['echo', "it's"], "echo 'it'\\''s'"],
    [['x', ''], "x ''"],
  ])('%j → %s', (argv, text) => {
    expect(argvText(argv)).toBe(text);
  });
  it('quotes shell metacharacters', () => {
    expect(quoteArg('$(reboot)')).toBe("'$(reboot)'");
    expect(quoteArg('a;b')).toBe("'a;b'");
  });
});
