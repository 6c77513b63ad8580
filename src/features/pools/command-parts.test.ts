import { describe, expect, it } from 'vitest';
import { commandParts } from './command-parts.ts';

describe('commandParts', () => {
  it('marks quoted placeholders and keeps the text intact', () => {
    const text = "btrfs replace start 2 '<new-device>' /mnt2/pool";
    const parts = commandParts(text);
    expect(parts).toEqual([
      { text: 'btrfs replace start 2 ', placeholder: false },
      { text: "'<new-device>'", placeholder: true },
      { text: ' /mnt2/pool', placeholder: false },
    ]);
    expect(parts.map((p) => p.text).join('')).toBe(text);
  });

  it('marks several placeholders and leaves commands without any alone', () => {
    expect(commandParts("btrfs replace start '<devid>' '<new-device>' /m").filter((p) => p.placeholder).map((p) => p.text)).toEqual(["'<devid>'", "'<new-device>'"]);
    expect(commandParts('btrfs device remove missing /mnt2/pool')).toEqual([{ text: 'btrfs device remove missing /mnt2/pool', placeholder: false }]);
  });
});
