import { describe, expect, it } from 'vitest';
import { parseChunkTreeProfiles, type ChunkTreeProfiles } from './chunk-tree.ts';
import { parseFiUsage } from './fi-usage.ts';
import { itEachCapture, itRejects, labCases, readLab } from '../test-support/fixture-cases.ts';

const files = labCases('chunk-tree');

const GiB = 1024 ** 3;
const MiB = 1024 ** 2;

// Written by reading each capture's DEV_ITEM and `type` lines, not by running the parser.
const EXPECTED: Record<string, ChunkTreeProfiles> = {
  'chunk-tree__raid1-3.txt': {
    profiles: { data: ['raid1'], metadata: ['raid1'], system: ['raid1'] },
    devices: [
      { devid: 1, totalBytes: GiB, usedBytes: 335544320, uuid: '9c013e89-0ff5-44dc-8154-674d869f214f' },
      { devid: 2, totalBytes: GiB, usedBytes: 773390336, uuid: '885c592d-a6eb-41dc-ad6f-527d6a6a01c5' },
      { devid: 3, totalBytes: GiB, usedBytes: 437846016, uuid: '3eb8f393-cd17-47b6-abaa-3d15e69c3f23' },
    ],
    chunkCount: 4,
    fsUuid: 'e39dd79f-74a1-448a-a1a4-7461eb15d6bc',
  },
  // Read from a remaining member after devid 3 was detached: the missing member is still listed.
  'chunk-tree__raid1-3-unmounted-devid3-detached.txt': {
    profiles: { data: ['raid1'], metadata: ['raid1'], system: ['raid1'] },
    devices: [
      { devid: 1, totalBytes: GiB, usedBytes: 0, uuid: '0f43309c-1c57-4b91-85fc-573ba5eb18f1' },
      { devid: 2, totalBytes: GiB, usedBytes: 437846016, uuid: '1bc84293-7423-4eb0-b9e5-28433f005c17' },
      { devid: 3, totalBytes: GiB, usedBytes: 437846016, uuid: 'f2145f83-43e1-4613-a095-3cd204b17a6e' },
    ],
    chunkCount: 3,
    fsUuid: '999f0e4b-fdad-4e2f-a837-fc9ce9c51dde',
  },
  'chunk-tree__single-dup.txt': {
    profiles: { data: ['single'], metadata: ['dup'], system: ['dup'] },
    devices: [{ devid: 1, totalBytes: GiB, usedBytes: 249954304, uuid: 'de1df574-1b74-4620-95a7-56a0f8abf561' }],
    chunkCount: 4,
    fsUuid: '4bab1c53-4141-401b-8739-365cb9f33090',
  },
  'chunk-tree__mixed-single-raid1-data.txt': {
    profiles: { data: ['single', 'raid1'], metadata: ['single'], system: ['single'] },
    devices: [
      { devid: 1, totalBytes: GiB, usedBytes: 457179136, uuid: '80493bbc-11ff-466c-87b5-249e5890d751' },
      { devid: 2, totalBytes: GiB, usedBytes: 654311424, uuid: 'e417511c-250d-43b3-b179-4017fe4a1ded' },
    ],
    chunkCount: 7,
    fsUuid: '0ffb76b4-f219-40a1-96df-b74e588e7f73',
  },
  'chunk-tree__raid1-2-replaced-leftover-single.txt': {
    profiles: { data: ['single', 'raid1'], metadata: ['single', 'raid1'], system: ['single', 'raid1'] },
    devices: [
      { devid: 1, totalBytes: GiB, usedBytes: 827064320, uuid: '627249a7-f9f5-45d9-91bd-51c874829b16' },
      { devid: 2, totalBytes: GiB, usedBytes: 441188352, uuid: '6e80bf64-5fae-4cc6-8b84-2b5dcbd46b20' },
    ],
    chunkCount: 8,
    fsUuid: '683cd6f6-ecf1-4aca-b560-2bc029a76fbf',
  },
  // Lab scenario hostile-label (unmounted pools; the labels of m1 and f1 imitate fi show lines, and
  // the chunk tree does not print labels at all).
  'chunk-tree__hostile-label-loop0.txt': {
    profiles: { data: ['raid1'], metadata: ['raid1'], system: ['raid1'] },
    devices: [
      { devid: 1, totalBytes: 512 * MiB, usedBytes: 129171456, uuid: '7dbf1d8e-c279-4566-b03d-76ba3f5f0512' },
      { devid: 2, totalBytes: 512 * MiB, usedBytes: 129171456, uuid: '8340e492-7b17-4b4c-846c-d363185c4aa3' },
    ],
    chunkCount: 3,
    fsUuid: '38e467b1-b378-4b20-87b2-55034121c160',
  },
  'chunk-tree__hostile-label-loop2.txt': {
    profiles: { data: ['single'], metadata: ['dup'], system: ['dup'] },
    devices: [{ devid: 1, totalBytes: 512 * MiB, usedBytes: 92274688, uuid: '3615e396-c3c0-401e-aac6-0ed181c6864d' }],
    chunkCount: 3,
    fsUuid: '31c155e4-1364-417a-90a1-ef94413d7bab',
  },
  'chunk-tree__hostile-label-loop3.txt': {
    profiles: { data: ['single'], metadata: ['dup'], system: ['dup'] },
    devices: [{ devid: 1, totalBytes: 512 * MiB, usedBytes: 92274688, uuid: '97999fd0-721f-40b8-9ae8-d1b5dd487aa5' }],
    chunkCount: 3,
    fsUuid: 'b907338a-1206-4846-9be7-22b2f778ecb1',
  },
};

/** The same pool, mounted, read with `fi usage -T -b` (the chunk tree was dumped after unmounting). */
const SAME_POOL_FI_USAGE: Record<string, string> = {
  'chunk-tree__raid1-3.txt': 'fi-usage__raw-raid1-3-healthy.txt',
  'chunk-tree__single-dup.txt': 'fi-usage__raw-single-dup.txt',
  'chunk-tree__mixed-single-raid1-data.txt': 'fi-usage__raw-mixed-single-raid1-data.txt',
  'chunk-tree__raid1-2-replaced-leftover-single.txt': 'fi-usage__raw-raid1-2-replaced-leftover-single.txt',
};

describe('parseChunkTreeProfiles over fixtures/lab', () => {
  itEachCapture(files, EXPECTED, ({ text }, want) => {
    const got = parseChunkTreeProfiles(text);
    expect(got).toEqual(want);
    expect(got.chunkCount).toBe(text.match(/ CHUNK_ITEM \d+\) itemoff/g)!.length);
  });
  for (const [file, usage] of Object.entries(SAME_POOL_FI_USAGE)) {
    it(`${file} gives the profiles fi usage gave for the mounted pool`, () => {
      expect(parseChunkTreeProfiles(readLab(file)).profiles).toEqual(parseFiUsage(readLab(usage)).profiles);
    });
  }
});

describe('parseChunkTreeProfiles variants', () => {
  it('reads a flag set without a profile bit as single (older btrfs-progs print `type SYSTEM`)', () => {
    const text = [
      'chunk tree',
      'leaf 22036480 items 3 free space 15961 generation 6 owner CHUNK_TREE',
      'fs uuid 4bab1c53-4141-401b-8739-365cb9f33090',
      '\titem 0 key (DEV_ITEMS DEV_ITEM 1) itemoff 16185 itemsize 98',
      '\t\tdevid 1 total_bytes 1073741824 bytes_used 12582912',
      '\t\tio_align 4096 io_width 4096 sector_size 4096 type 0',
      '\titem 1 key (FIRST_CHUNK_TREE CHUNK_ITEM 1048576) itemoff 16105 itemsize 80',
      '\t\tlength 4194304 owner 2 stripe_len 65536 type SYSTEM',
      '\titem 2 key (FIRST_CHUNK_TREE CHUNK_ITEM 5242880) itemoff 16025 itemsize 80',
      '\t\tlength 8388608 owner 2 stripe_len 65536 type DATA|METADATA',
    ].join('\n');
    expect(parseChunkTreeProfiles(text)).toEqual({
      profiles: { data: ['single'], metadata: ['single'], system: ['single'] },
      devices: [{ devid: 1, totalBytes: 1073741824, usedBytes: 12582912, uuid: null }],
      chunkCount: 2,
      fsUuid: '4bab1c53-4141-401b-8739-365cb9f33090',
    });
  });
  it('does not count the keys of internal nodes (a chunk tree taller than one leaf)', () => {
    const text = [
      'chunk tree',
      'node 30408704 level 1 items 2 free 491 generation 9 owner CHUNK_TREE',
      '\tkey (DEV_ITEMS DEV_ITEM 1) block 22052864 gen 7',
      '\tkey (FIRST_CHUNK_TREE CHUNK_ITEM 298844160) block 22069248 gen 9',
      'leaf 22069248 items 1 free space 15000 generation 9 owner CHUNK_TREE',
      '\titem 0 key (FIRST_CHUNK_TREE CHUNK_ITEM 298844160) itemoff 15653 itemsize 112',
      '\t\tlength 161021952 owner 2 stripe_len 65536 type DATA|RAID1C3',
    ].join('\n');
    expect(parseChunkTreeProfiles(text)).toMatchObject({ profiles: { data: ['raid1c3'], metadata: [], system: [] }, chunkCount: 1, fsUuid: null });
  });
});

describe('parseChunkTreeProfiles rejects what it cannot read', () => {
  const item = (n: number) => `\titem ${n} key (FIRST_CHUNK_TREE CHUNK_ITEM ${n * 1048576}) itemoff 16105 itemsize 80`;
  itRejects('chunk-tree', parseChunkTreeProfiles, [
    { name: 'empty output', text: '', lineNumber: undefined, reason: /no CHUNK_ITEM/ },
    { name: 'a dump of another tree', text: 'btrfs-progs v6.2\nroot tree\nleaf 30425088 items 13\n', lineNumber: 1, reason: /no CHUNK_ITEM/ },
    { name: 'an unknown profile flag', text: `chunk tree\n${item(1)}\n\t\tlength 4194304 owner 2 stripe_len 65536 type DATA|RAID7\n`, lineNumber: 3, reason: /unknown chunk type flag "RAID7"/ },
    { name: 'two profile flags', text: `chunk tree\n${item(1)}\n\t\tlength 4194304 owner 2 stripe_len 65536 type DATA|RAID1|DUP\n`, lineNumber: 3, reason: /"DUP"/ },
    { name: 'no block-group type', text: `chunk tree\n${item(1)}\n\t\tlength 4194304 owner 2 stripe_len 65536 type RAID1\n`, lineNumber: 3, reason: /no DATA, METADATA or SYSTEM/ },
    { name: 'a CHUNK_ITEM without a type line (next item follows)', text: `chunk tree\n${item(1)}\n\t\tio_align 65536\n${item(2)}\n\t\tlength 1 type DATA\n`, lineNumber: 2, reason: /without a type line/ },
    {
      name: 'a DEV_ITEM without its sizes',
      text: `chunk tree\n\titem 0 key (DEV_ITEMS DEV_ITEM 1) itemoff 16185 itemsize 98\n\t\tio_align 4096 io_width 4096 sector_size 4096 type 0\n${item(1)}\n\t\tlength 1 type DATA\n`,
      lineNumber: 2,
      reason: /DEV_ITEM 1 without total_bytes/,
    },
    { name: 'a CHUNK_ITEM without a type line (at the end)', text: `chunk tree\n${item(1)}\n\t\tlength 1 type DATA\n${item(2)}\n`, lineNumber: 4, reason: /without a type line/ },
  ]);
});
