import { describe, expect, it } from 'vitest';
import { corpusCases, itEachCapture, itEachCorpusCase, itRejects, labCases, readCorpus } from '../test-support/fixture-cases.ts';
import { parseLsblkJson, parseLsblkPairs, parseLsblkSize, type LsblkDevice, type LsblkPairsRow } from './lsblk.ts';

const labFiles = labCases('lsblk');

const GiB = 1024 ** 3;

const loop = (n: number, sizeBytes: number, extra: Partial<LsblkDevice> = {}): LsblkDevice => ({
  name: `loop${n}`, kname: `loop${n}`, path: `/dev/loop${n}`, type: 'loop', sizeBytes,
  model: null, serial: null, wwn: null, vendor: null, tran: null, rota: true, hctl: null,
  // No udevd in the lab VM: no FSTYPE/LABEL/UUID even on btrfs members.
  fstype: null, label: null, uuid: null, mountpoints: [], pkname: null, children: [], ...extra,
});

// Written by reading the capture (and from how the devices were made), not by running the parser.
const LAB_EXPECTED: Record<string, LsblkDevice[]> = {
  'lsblk__json-loops-partitions-no-udev.txt': [
    loop(0, GiB, { mountpoints: ['/tmp/parsers-b/mnt2', '/tmp/parsers-b/mnt'] }),
    loop(1, GiB),
    loop(2, GiB),
    loop(3, GiB),
    loop(4, 2 * GiB),
    loop(5, 512 * 1024 ** 2),
    loop(6, 512 * 1024 ** 2),
    loop(7, 512 * 1024 ** 2),
    loop(8, 64 * 1024 ** 2, {
      // MBR written by hand: partition 1 at sector 2048 for 63488 sectors, partition 2 at 65536 for 65536.
      children: [
        { ...loop(8, 63488 * 512), name: 'loop8p1', kname: 'loop8p1', path: '/dev/loop8p1', type: 'part', pkname: 'loop8' },
        { ...loop(8, 65536 * 512), name: 'loop8p2', kname: 'loop8p2', path: '/dev/loop8p2', type: 'part', pkname: 'loop8' },
      ],
    }),
    { ...loop(0, 0), name: 'zram0', kname: 'zram0', path: '/dev/zram0', type: 'disk', rota: false },
    { ...loop(0, 256 * GiB), name: 'vda', kname: 'vda', path: '/dev/vda', type: 'disk', vendor: '0x1af4', mountpoints: ['/'] },
  ],
};

describe('parseLsblkJson over fixtures/lab', () => {
  itEachCapture(labFiles, LAB_EXPECTED, ({ text }, want) => {
    const got = parseLsblkJson(text);
    expect(got.devices).toEqual(want);
    const all = (ds: LsblkDevice[]): LsblkDevice[] => ds.flatMap((d) => [d, ...all(d.children)]);
    expect(all(got.devices)).toHaveLength(text.match(/"name":/g)!.length);
  });
});

describe('parseLsblkJson variants', () => {
  it('accepts old util-linux output (every value a string, MOUNTPOINT only, padded vendor)', () => {
    // Synthetic, shaped like util-linux < 2.33: numbers and booleans as strings, no PATH/MOUNTPOINTS.
    const text = `{
   "blockdevices": [
      {"name": "sdb", "kname": "sdb", "maj:min": "8:16", "size": "4000787030016", "type": "disk", "model": "WDC WD40EFRX-68N", "serial": "WD-WCC7K1234567", "wwn": "0x50014ee2b1234567", "vendor": "ATA     ", "tran": "sata", "rota": "1", "hctl": "1:0:0:0", "fstype": "btrfs", "label": "tank", "uuid": "f15ef88e-c734-49a9-9f5a-3bfaf40656d0", "mountpoint": "/mnt2/tank", "pkname": null,
         "children": [
            {"name": "sdb1", "kname": "sdb1", "size": "1048576", "type": "part", "rota": "1", "mountpoint": null, "pkname": "sdb"}
         ]
      }
   ]
}`;
    const [sdb] = parseLsblkJson(text).devices;
    expect(sdb).toMatchObject({ name: 'sdb', path: null, sizeBytes: 4000787030016, vendor: 'ATA', rota: true, mountpoints: ['/mnt2/tank'], wwn: '0x50014ee2b1234567' });
    expect(sdb!.children[0]).toMatchObject({ name: 'sdb1', sizeBytes: 1048576, mountpoints: [], model: null, pkname: 'sdb' });
  });
  it('takes an empty string as null and rota 0 as false', () => {
    const got = parseLsblkJson('{"blockdevices": [{"name": "nvme0n1", "type": "disk", "size": 512110190592, "rota": 0, "serial": "  ", "model": "Samsung SSD 970 EVO Plus 500GB   ", "tran": "nvme"}]}');
    expect(got.devices[0]).toMatchObject({ serial: null, model: 'Samsung SSD 970 EVO Plus 500GB', rota: false, tran: 'nvme', children: [] });
  });
});

describe('parseLsblkJson rejects what it cannot read', () => {
  itRejects('lsblk', parseLsblkJson, [
    { name: 'empty output', text: '', lineNumber: undefined, reason: /empty/ },
    { name: 'JSON of another command', text: '{\n   "filesystems": []\n}\n', lineNumber: 1, reason: /blockdevices/ },
    { name: 'human sizes (lsblk run without -b)', text: '{\n   "blockdevices": [\n      {"name": "sda", "type": "disk", "size": "1.8T"}\n   ]\n}\n', lineNumber: 3, reason: /sda.*not in bytes/ },
    {
      name: 'a child without a name (blames nothing it cannot find, names the path)',
      text: '{\n   "blockdevices": [\n      {"name": "sda", "type": "disk", "size": 1, "children": [{"type": "part"}]}\n   ]\n}\n',
      lineNumber: undefined,
      reason: /blockdevices\[0\]\.children\[0\]: name/,
    },
    { name: 'a rota that is no boolean', text: '{\n   "blockdevices": [\n      {"name": "sda", "type": "disk", "rota": "yes"}\n   ]\n}\n', lineNumber: 3, reason: /rota/ },
    { name: 'a device without a type', text: '{\n   "blockdevices": [\n      {"name": "sda", "size": 1}\n   ]\n}\n', lineNumber: 3, reason: /no type/ },
  ]);
});

// -------------------------------------------------------------------------------------------
// `lsblk -P -p -o NAME,MODEL,SERIAL,SIZE,TRAN,VENDOR,HCTL,TYPE,FSTYPE,LABEL,UUID`: the Rockstor corpus.

interface RockstorDisk {
  name: string;
  model: string | null;
  serial: string | null;
  size_kib: number;
  transport: string | null;
  vendor: string | null;
  hctl: string | null;
  type: string;
  fstype: string | null;
  label: string | null;
  uuid: string | null;
  partitioned: boolean;
  hosts_root_fs: boolean;
  partitions: Record<string, string | null>;
}
interface PairsSidecar {
  expected: { disks: RockstorDisk[] };
  test_conditions: { min_size_kib: number };
  derived_by_research_parser: { rows: number };
}

/** Kernel partition naming: `sda` → `sda1`; a name ending in a digit takes `p` (`nvme0n1p1`, `md126p3`). */
function isPartitionOf(disk: string, row: LsblkPairsRow): boolean {
  const sep = /\d$/.test(disk) ? 'p' : '';
  return row.name.startsWith(disk + sep) && /^\d+$/.test(row.name.slice(disk.length + sep.length));
}

/** md arrays: Rockstor builds their model and serial from `mdadm --detail`, not from lsblk. */
const isMdArray = (row: LsblkPairsRow) => /^\/dev\/md\d+$/.test(row.name);

/**
 * What of Rockstor's `scan_disks()` result follows from the lsblk rows alone, field by field
 * (see docs/decisions/004-lsblk-json.md for the fields that do not and why).
 */
function checkDisk(rows: LsblkPairsRow[], d: RockstorDisk, minSizeBytes: number): { checked: string[]; skipped: string[] } {
  const checked: string[] = [];
  const skipped: string[] = [];
  const check = (field: string, got: unknown, want: unknown) => {
    expect(got, `${d.name}.${field}`).toEqual(want);
    checked.push(field);
  };
  const row = rows.find((r) => r.name === d.name);
  expect(row, `${d.name} is a row of the capture`).toBeDefined();
  if (!row) return { checked, skipped };
  check('name', row.name, d.name);
  check('type', row.type, d.type);
  check('transport', row.tran, d.transport);
  check('vendor', row.vendor, d.vendor);
  check('hctl', row.hctl, d.hctl);
  if (isMdArray(row)) skipped.push('model', 'serial');
  else {
    check('model', row.model, d.model);
    // An empty SERIAL makes Rockstor ask udev (or invent one): only lsblk's own serials are checkable.
    if (row.serial !== null) check('serial', row.serial, d.serial);
    else skipped.push('serial');
  }

  const seen = new Set<string>();
  const partitions = rows.filter((r) => isPartitionOf(d.name, r) && !seen.has(r.name) && seen.add(r.name));
  check('partitioned', partitions.length > 0, d.partitioned);
  // Rockstor lists the partitions it could use: at least its minimum disk size, and not swap.
  const usable = partitions.filter((p) => (p.sizeBytes ?? 0) >= minSizeBytes && p.fstype !== 'swap');
  check('partitions', Object.fromEntries(usable.map((p) => [p.name, p.fstype])), d.partitions);
  // btrfs in a partition: the disk is shown with that partition's filesystem and size.
  const btrfsPart = usable.find((p) => p.fstype === 'btrfs');
  const source = btrfsPart ?? row;
  expect(source.sizeBytes).not.toBeNull();
  check('size_kib', Math.floor((source.sizeBytes ?? 0) / 1024), d.size_kib);
  if (btrfsPart || partitions.length === 0) {
    // A bcache backing/caching device: Rockstor renames the caching one `bcachecdev` from bcache-super-show.
    if (source.fstype === 'bcache') skipped.push('fstype');
    else check('fstype', source.fstype, d.fstype);
    check('label', source.label, d.label);
    check('uuid', source.uuid, d.uuid);
  } else skipped.push('fstype', 'label', 'uuid');
  skipped.push('hosts_root_fs');
  return { checked, skipped };
}

describe('parseLsblkPairs over the Rockstor corpus (fixtures/rockstor/lsblk-P-p-o__*)', () => {
  const pairsFiles = corpusCases<PairsSidecar>('lsblk-P-p-o');
  let checkedFields = 0;
  itEachCorpusCase(pairsFiles, 14, ({ text, sidecar: side }) => {
    const { rows } = parseLsblkPairs(text);
    expect(rows).toHaveLength(side.derived_by_research_parser.rows);
    for (const r of rows) expect(Object.keys(r.fields)).toEqual(['NAME', 'MODEL', 'SERIAL', 'SIZE', 'TRAN', 'VENDOR', 'HCTL', 'TYPE', 'FSTYPE', 'LABEL', 'UUID']);
    for (const d of side.expected.disks) checkedFields += checkDisk(rows, d, side.test_conditions.min_size_kib * 1024).checked.length;
  });
  it('checked every derivable field (guards against a rule that quietly skips)', () => {
    // 114 expected disks × 13 fields (all but hosts_root_fs) = 1482, less the 27 lsblk cannot give:
    // 9 serials of rows with an empty SERIAL (udev / device-mapper), 3 md arrays × model+serial
    // (mdadm), 3 bcache fstypes (bcache-super-show), 3 partitioned disks without btrfs × fstype,
    // label, uuid (Rockstor's LUKS / mdraid-member handling).
    expect(checkedFields).toBe(1455);
  });

  it('keeps values that begin with spaces, and padding, in `fields` (the parse-fail capture)', () => {
    const { rows } = parseLsblkPairs(readCorpus('lsblk-P-p-o__test_scan_disks_lsblk_parse_fail__1.txt'));
    const sdd = rows.find((r) => r.name === '/dev/sdd')!;
    expect(sdd.fields.VENDOR).toBe(' USB    ');
    expect(sdd.vendor).toBe('USB');
    const sda = rows.find((r) => r.name === '/dev/sda')!;
    expect(sda.fields.VENDOR).toBe('        ');
    expect(sda.vendor).toBeNull();
    expect(sda).toMatchObject({ size: '16.4T', sizeExact: false, tran: null, label: 'Pool' });
  });
});

describe('parseLsblkPairs quoting', () => {
  it('unescapes \\xHH (how lsblk writes a quote or backslash) and tolerates \\"', () => {
    const { rows } = parseLsblkPairs('NAME="/dev/sdc" MODEL="Disk \\x22Pro\\x22 \\x5c 2" SERIAL="A\\"B" SIZE="1099511627776" LABEL="my pool" TYPE="disk"\n');
    expect(rows[0]).toMatchObject({ name: '/dev/sdc', model: 'Disk "Pro" \\ 2', serial: 'A"B', sizeBytes: 1024 ** 4, sizeExact: true, label: 'my pool', type: 'disk', uuid: null });
  });
  it('reads lsblk human sizes as binary units', () => {
    expect(parseLsblkSize('4K')).toEqual({ bytes: 4096, exact: false });
    expect(parseLsblkSize('2G')).toEqual({ bytes: 2 * GiB, exact: false });
    expect(parseLsblkSize('6.7G')).toEqual({ bytes: Math.round(6.7 * GiB), exact: false });
    expect(parseLsblkSize('512')).toEqual({ bytes: 512, exact: true });
    expect(parseLsblkSize('big')).toBeNull();
  });
});

describe('parseLsblkPairs rejects what it cannot read', () => {
  itRejects('lsblk-pairs', parseLsblkPairs, [
    { name: 'empty output', text: '\n', lineNumber: undefined, reason: /empty/ },
    { name: 'an unterminated value', text: 'NAME="/dev/sda" TYPE="disk"\nNAME="/dev/sdb" MODEL="QEMU\n', lineNumber: 2, reason: /unterminated value of MODEL/ },
    { name: 'a bare word', text: 'NAME="/dev/sda" disk\n', lineNumber: 1, reason: /expected KEY="value"/ },
    { name: 'a value glued to the next key', text: 'NAME="/dev/sda"TYPE="disk"\n', lineNumber: 1, reason: /space after the closing quote/ },
    { name: 'a line without NAME', text: 'NAME="/dev/sda" TYPE="disk"\nTYPE="part" SIZE="1G"\n', lineNumber: 2, reason: /no NAME/ },
    { name: 'a SIZE that is no size', text: 'NAME="/dev/sda" SIZE="huge"\n', lineNumber: 1, reason: /SIZE "huge"/ },
    { name: 'a key given twice', text: 'NAME="/dev/sda" NAME="/dev/sdb"\n', lineNumber: 1, reason: /twice/ },
    { name: 'JSON instead of pairs', text: '{\n"blockdevices": []}\n', lineNumber: 1, reason: /expected KEY="value"/ },
  ]);
});
