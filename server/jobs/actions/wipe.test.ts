import { describe, expect, it } from 'vitest';
import { erasedSignatures } from './wipe.ts';

describe('erasedSignatures: what wipefs (--no-act) says it erases', () => {
  it('reads each signature line, whatever the device name', () => {
    // wipefs 2.38 on a btrfs loop device (as run here), and a disk with a GPT (two tables).
    const out = [
      '/dev/loop3: 8 bytes were erased at offset 0x00010040 (btrfs): 5f 42 48 52 66 53 5f 4d',
      '/dev/sdb: 8 bytes were erased at offset 0x00000200 (gpt): 45 46 49 20 50 41 52 54',
      '/dev/sdb: 2 bytes were erased at offset 0x000001fe (PMBR): 55 aa',
      '',
    ].join('\n');
    expect(erasedSignatures(out)).toEqual(['btrfs at offset 0x00010040 (8 bytes)', 'gpt at offset 0x00000200 (8 bytes)', 'PMBR at offset 0x000001fe (2 bytes)']);
  });
  it('nothing on a blank disk', () => {
    expect(erasedSignatures('')).toEqual([]);
    expect(erasedSignatures('wipefs: some note\n')).toEqual([]);
  });
});
