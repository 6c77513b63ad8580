import { describe, expect, it } from 'vitest';
import { parseFindmntJson, type Mount } from './findmnt.ts';
import { itEachCapture, itRejects, labCases, readLab } from '../test-support/fixture-cases.ts';
import { hasMountOption } from './mount-options.ts';

const files = labCases('findmnt');

const POOL = 'e39dd79f-74a1-448a-a1a4-7461eb15d6bc';
const TOP: Mount = {
  source: '/dev/loop0',
  subvolPath: null,
  target: '/tmp/parsers-b/mnt',
  fstype: 'btrfs',
  options: ['rw', 'relatime', 'discard=async', 'space_cache=v2', 'subvolid=5', 'subvol=/'],
  uuid: POOL,
};
const SUB: Mount = {
  source: '/dev/loop0',
  subvolPath: '/sub',
  target: '/tmp/parsers-b/mnt2',
  fstype: 'btrfs',
  options: ['rw', 'noatime', 'discard=async', 'space_cache=v2', 'subvolid=256', 'subvol=/sub'],
  uuid: POOL,
};

// Written by reading each capture, not by running the parser: the mounts the test names, and
// how many mounts the file holds in all (nested children included).
const EXPECTED: Record<string, { count: number; includes: Mount[] }> = {
  'findmnt__json-btrfs-subvol.txt': { count: 2, includes: [TOP, SUB] },
  'findmnt__json-all-with-btrfs-subvol.txt': {
    count: 22,
    includes: [
      TOP,
      SUB,
      { source: '/dev/vda', subvolPath: null, target: '/', fstype: 'ext4', options: ['rw', 'relatime', 'discard', 'resv_strict', 'resuid=65534', 'resgid=65534'], uuid: null },
    ],
  },
  'findmnt__json-btrfs-degraded.txt': {
    count: 2,
    includes: [{ ...TOP, options: ['rw', 'relatime', 'degraded', 'discard=async', 'space_cache=v2', 'subvolid=5', 'subvol=/'] }],
  },
  'findmnt__json-subvol-with-comma.txt': {
    count: 13,
    includes: [
      {
        source: '/dev/loop0',
        subvolPath: '/a,b c',
        target: '/tmp/parsers-b/mnt2',
        fstype: 'btrfs',
        options: ['rw', 'relatime', 'discard=async', 'space_cache=v2', 'subvolid=256', 'subvol=/a,b c'],
        uuid: 'def917a5-824c-4ba1-bbce-f5796234439b',
      },
      {
        source: '/dev/loop14',
        subvolPath: null,
        target: '/work/main/.lab/raid10-missing/mnt/raid10-missing',
        fstype: 'btrfs',
        options: ['ro', 'relatime', 'degraded', 'discard=async', 'space_cache=v2', 'subvolid=5', 'subvol=/'],
        uuid: 'd1d409bf-60f4-4941-8850-57deffe3bed3',
      },
    ],
  },
  'findmnt__json-no-match.txt': { count: 0, includes: [] },
};

describe('parseFindmntJson over fixtures/lab', () => {
  itEachCapture(files, EXPECTED, ({ text }, want) => {
    const got = parseFindmntJson(text);
    expect(got.mounts).toHaveLength(want.count);
    for (const m of want.includes) expect(got.mounts).toContainEqual(m);
    // Flattened parents-first: the same order as the targets appear in the text.
    const targetsInText = [...text.matchAll(/"target": ("(?:[^"\\]|\\.)*")/g)].map((m) => JSON.parse(m[1]!) as string);
    expect(got.mounts.map((m) => m.target)).toEqual(targetsInText);
    for (const m of got.mounts) expect(m.source).not.toMatch(/\[/);
  });

  it('mount options are matched by name: the degraded mounts are exactly the ones with `degraded`', () => {
    const got = parseFindmntJson(readLab('findmnt__json-subvol-with-comma.txt'));
    expect(got.mounts.filter((m) => hasMountOption(m.options, 'degraded')).map((m) => m.target)).toEqual([
      '/work/main/.lab/raid1-below-minimum/mnt/raid1-below-minimum',
      '/work/main/.lab/raid10-missing/mnt/raid10-missing',
      '/work/main/.lab/raid5-missing/mnt/raid5-missing',
    ]);
    expect(got.mounts.filter((m) => hasMountOption(m.options, 'ro'))).toHaveLength(2);
  });
});

describe('parseFindmntJson variants', () => {
  it('flattens nested children depth-first, parents first', () => {
    const text = JSON.stringify({
      filesystems: [
        {
          source: '/dev/sda2', target: '/', fstype: 'btrfs', options: 'rw,subvolid=256,subvol=/@', uuid: 'u1',
          children: [
            { source: '/dev/sdb', target: '/mnt/pool', fstype: 'btrfs', options: 'rw', uuid: 'u2', children: [{ source: '/dev/sdb[/share]', target: '/mnt/pool/share', fstype: 'btrfs', options: 'ro', uuid: 'u2' }] },
            { source: 'tmpfs', target: '/tmp', fstype: 'tmpfs', options: 'rw', uuid: null },
          ],
        },
      ],
    });
    expect(parseFindmntJson(text).mounts.map((m) => [m.target, m.source, m.subvolPath])).toEqual([
      ['/', '/dev/sda2', null],
      ['/mnt/pool', '/dev/sdb', null],
      ['/mnt/pool/share', '/dev/sdb', '/share'],
      ['/tmp', 'tmpfs', null],
    ]);
  });
  it('takes a missing or empty uuid as null (older util-linux, or no UUID column)', () => {
    const text = '{"filesystems": [{"source": "/dev/sdb", "target": "/mnt", "fstype": "btrfs", "options": "rw", "uuid": ""}, {"source": "proc", "target": "/proc", "fstype": "proc", "options": "rw"}]}';
    expect(parseFindmntJson(text).mounts.map((m) => m.uuid)).toEqual([null, null]);
  });
  it('leaves a bracketed IPv6 NFS source alone (brackets not at the end, or not a path)', () => {
    const text = '{"filesystems": [{"source": "[fe80::1]:/export", "target": "/mnt/nfs", "fstype": "nfs4", "options": "rw"}]}';
    expect(parseFindmntJson(text).mounts[0]).toMatchObject({ source: '[fe80::1]:/export', subvolPath: null });
  });
});

describe('parseFindmntJson rejects what it cannot read', () => {
  itRejects('findmnt', parseFindmntJson, [
    { name: 'empty output', text: '', lineNumber: undefined, reason: /empty/ },
    { name: 'text output (no -J)', text: 'TARGET SOURCE FSTYPE OPTIONS\n/ /dev/vda ext4 rw\n', lineNumber: undefined, reason: /invalid JSON/ },
    { name: 'JSON of another command', text: '{\n   "blockdevices": []\n}\n', lineNumber: 1, reason: /filesystems/ },
    { name: 'truncated JSON', text: '{\n   "filesystems": [\n      {\n         "source": "/dev/loop0",\n', lineNumber: 5, reason: /invalid JSON/ },
    {
      name: 'a nested mount without options (blames that mount)',
      text: '{\n "filesystems": [\n  {"source": "/dev/vda", "target": "/", "fstype": "ext4", "options": "rw",\n   "children": [\n    {"source": "/dev/loop0", "target": "/mnt", "fstype": "btrfs"}\n   ]}\n ]\n}\n',
      lineNumber: 5,
      reason: /filesystems\[0\]\.children\[0\]: options/,
    },
  ]);
});
