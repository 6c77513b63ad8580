import { describe, expect, it } from 'vitest';
import { hostileLabels } from '../../lab/scenarios.ts';
import { decodeBlkidEncoded, parseBlkidLabel, parseBlkidUdev, type BlkidProbe } from './blkid.ts';
import { itEachCapture, itRejects, labCases, readLab } from '../test-support/fixture-cases.ts';

const VICTIM = '38e467b1-b378-4b20-87b2-55034121c160';
const HOSTILE = hostileLabels(VICTIM, '/dev/loop2');

// Written from how the devices were made (lab/scenarios.ts hostile-label, mkfs.ext4 -L 'data disk'), not by running the parser.
const EXPECTED: Record<string, BlkidProbe> = {
  'blkid-udev__blank.txt': { type: null, uuid: null, uuidSub: null, label: null, labelCut: false, partitionTable: null },
  'blkid-udev__ext4-label-with-space.txt': { type: 'ext4', uuid: '50c85477-845b-41ea-955d-02676cea3425', uuidSub: null, label: 'data disk', labelCut: false, partitionTable: null },
  'blkid-udev__raid1-member.txt': { type: 'btrfs', uuid: VICTIM, uuidSub: '7dbf1d8e-c279-4566-b03d-76ba3f5f0512', label: 'pw-victim', labelCut: false, partitionTable: null },
  // The whole label, newlines and tabs included, decoded byte for byte.
  'blkid-udev__hostile-mimic.txt': { type: 'btrfs', uuid: '31c155e4-1364-417a-90a1-ef94413d7bab', uuidSub: '3615e396-c3c0-401e-aac6-0ed181c6864d', label: HOSTILE.mimic, labelCut: false, partitionTable: null },
  // blkid stopped the encoded label at 262 characters: what it gives is a prefix, flagged as cut.
  'blkid-udev__hostile-forged-truncated-enc.txt': {
    type: 'btrfs', uuid: 'b907338a-1206-4846-9be7-22b2f778ecb1', uuidSub: '97999fd0-721f-40b8-9ae8-d1b5dd487aa5',
    label: HOSTILE.forged.slice(0, HOSTILE.forged.indexOf('-tail') + 2), labelCut: true, partitionTable: null,
  },
};

describe('parseBlkidUdev over fixtures/lab', () => {
  itEachCapture(labCases('blkid-udev'), EXPECTED, ({ text }, want) => {
    expect(parseBlkidUdev(text)).toEqual(want);
  });

  it('reads the label blkid cut short in full from `blkid -o value -s LABEL`', () => {
    expect(parseBlkidLabel(readLab('blkid-label__hostile-forged.txt'))).toBe(HOSTILE.forged);
    expect(HOSTILE.forged.startsWith(parseBlkidUdev(readLab('blkid-udev__hostile-forged-truncated-enc.txt')).label!)).toBe(true);
  });
});

describe('blkid forms', () => {
  it('decodes \\xNN escapes as bytes, so UTF-8 labels come back whole', () => {
    expect(decodeBlkidEncoded('caf\\xc3\\xa9\\x20\\x0a')).toBe('café \n');
    expect(decodeBlkidEncoded('données')).toBe('données');
    // A lone backslash that is not an escape stays.
    expect(decodeBlkidEncoded('a\\b')).toBe('a\\b');
  });

  it('reads a partition table and no label', () => {
    expect(parseBlkidUdev('ID_PART_TABLE_UUID=1234\nID_PART_TABLE_TYPE=dos\n')).toMatchObject({ type: null, partitionTable: 'dos', label: null });
  });

  it('reads a raw label: nothing is no label; a label may itself hold newlines', () => {
    expect(parseBlkidLabel('')).toBeNull();
    expect(parseBlkidLabel('a\nb\n')).toBe('a\nb');
  });
});

describe('blkid bad input', () => {
  itRejects('blkid', parseBlkidUdev, [
    { name: 'a line that is not KEY=value', text: 'ID_FS_TYPE=btrfs\nhello world\n', lineNumber: 2, line: 'hello world' },
    { name: 'export form (lowercase keys are not udev form)', text: 'DEVNAME=/dev/sda\nlabel=x\n', lineNumber: 2, line: 'label=x' },
  ]);
  itRejects('blkid', parseBlkidLabel, [{ name: 'a raw label without its newline (cut short)', text: 'pw-x', lineNumber: undefined }]);
});
