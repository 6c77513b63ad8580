import { describe, expect, it } from 'vitest';
import { isCommandPlaceholder } from '../../contracts/health.ts';
import { commandText, shellQuote } from './command.ts';

describe('commandText', () => {
  it('joins plain arguments unquoted', () => {
    expect(commandText(['btrfs', 'device', 'remove', 'missing', '/mnt2/pool'])).toBe('btrfs device remove missing /mnt2/pool');
    expect(commandText(['btrfs', 'balance', 'start', '-dconvert=raid1,soft', '-mconvert=raid1,soft', '/mnt2/pool'])).toBe(
      'btrfs balance start -dconvert=raid1,soft -mconvert=raid1,soft /mnt2/pool',
    );
    expect(commandText(['btrfs', 'filesystem', 'resize', '3:max', '/mnt2/pool'])).toBe('btrfs filesystem resize 3:max /mnt2/pool');
  });

  it('quotes arguments with spaces and quotes so a shell sees one argument', () => {
    expect(commandText(['mount', '-o', 'degraded,ro', '/dev/sdb', "/mnt2/it's a pool"])).toBe(
      `mount -o degraded,ro /dev/sdb '/mnt2/it'\\''s a pool'`,
    );
  });

  it('quotes placeholders so a pasted, unedited command cannot become a redirection', () => {
    expect(shellQuote('<new-device>')).toBe("'<new-device>'");
    expect(isCommandPlaceholder('<new-device>')).toBe(true);
    expect(isCommandPlaceholder('/dev/sdb')).toBe(false);
  });

  it('quotes shell metacharacters', () => {
    expect(shellQuote('$HOME')).toBe("'$HOME'");
    expect(shellQuote('a;b')).toBe("'a;b'");
    expect(shellQuote('')).toBe("''");
  });
});
