import { describe, expect, it } from 'vitest';
import {
  BEGIN_MARKER,
  END_MARKER,
  SmartdConfError,
  lineDiff,
  smartdBlock,
  smartdLine,
  withSmartdBlock,
  type SmartdDisk,
} from './smartd-config.ts';

const NOTIFY = '/var/lib/poolwatch/smartd-notify.sh';
const HDD: SmartdDisk = { device: '/dev/disk/by-id/ata-WDC_WD40EFRX-68N32N0_WD-WCC7K1234567', deviceType: 'sat', protocol: 'ata', solidState: false };
const NVME: SmartdDisk = { device: '/dev/disk/by-id/nvme-Samsung_SSD_970_EVO_Plus_250GB_S4EUNX0M123456', deviceType: 'nvme', protocol: 'nvme', solidState: true };
const SAS: SmartdDisk = { device: '/dev/sdg', deviceType: null, protocol: 'scsi', solidState: false };
const MEGARAID: SmartdDisk = { device: '/dev/sda', deviceType: 'sat+megaraid,1', protocol: 'ata', solidState: false };

/** The Debian stock file, shortened: comments and one active DEVICESCAN line. */
const DEBIAN_STOCK = [
  '# Sample configuration file for smartd.  See man smartd.conf.',
  '',
  '# The word DEVICESCAN will cause any remaining lines in this',
  '# configuration file to be ignored: it tells smartd to scan for all',
  '# ATA and SCSI devices.',
  'DEVICESCAN -d removable -n standby -m root -M exec /usr/share/smartmontools/smartd-runner',
  '',
  '# First ATA/SATA or SCSI/SAS disk.  Monitor all attributes, enable',
  '#/dev/sda -a -o on -S on -s (S/../.././02|L/../../6/03)',
  '',
].join('\n');

describe('smartd lines', () => {
  it.each([
    ['SATA HDD', HDD, `${HDD.device} -d sat -a -o on -S on -s (S/../.././02|L/../../6/03) -W 4,45,55 -m root -M exec ${NOTIFY}`],
    ['NVMe: no ATA-only options and no schedule (smartd 7.3 cannot test NVMe), SSD temperatures', NVME, `${NVME.device} -d nvme -a -W 4,60,70 -m root -M exec ${NOTIFY}`],
    ['SAS without a -d type: auto-detected, no ATA-only options', SAS, `/dev/sdg -a -s (S/../.././02|L/../../6/03) -W 4,45,55 -m root -M exec ${NOTIFY}`],
    ['behind a MegaRAID controller', MEGARAID, `/dev/sda -d sat+megaraid,1 -a -o on -S on -s (S/../.././02|L/../../6/03) -W 4,45,55 -m root -M exec ${NOTIFY}`],
  ])('%s', (_name, disk, line) => {
    expect(smartdLine(disk, NOTIFY)).toBe(line);
  });

  it('frames the lines with the markers and has no timestamp (applying twice changes nothing)', () => {
    const block = smartdBlock([HDD, NVME], NOTIFY);
    expect(block[0]).toBe(BEGIN_MARKER);
    expect(block.at(-1)).toBe(END_MARKER);
    expect(block.filter((l) => !l.startsWith('#'))).toEqual([smartdLine(HDD, NOTIFY), smartdLine(NVME, NOTIFY)]);
    expect(block.join('\n')).not.toMatch(/\d{4}-\d{2}-\d{2}/);
  });

  it('says so when there is nothing to monitor', () => {
    expect(smartdBlock([], NOTIFY)).toContain('# (no disks with SMART to monitor)');
  });
});

describe('putting the block into smartd.conf', () => {
  const block = smartdBlock([HDD], NOTIFY);
  const blockText = block.join('\n');

  it('creates the file when there is none', () => {
    const { text, notes } = withSmartdBlock(null, block);
    expect(text).toBe(`${blockText}\n`);
    expect(notes).toEqual([]);
  });

  it('appends after the admin\'s lines, separated by one blank line, keeping them byte for byte', () => {
    const admin = '# my settings\n/dev/sdz -a -m admin@example.com\n';
    const { text } = withSmartdBlock(admin, block);
    expect(text).toBe(`${admin}\n${blockText}\n`);
  });

  it('goes before an active DEVICESCAN line (smartd ignores every line after it) and says what DEVICESCAN does', () => {
    const { text, notes } = withSmartdBlock(DEBIAN_STOCK, block);
    const lines = text.split('\n');
    const scan = lines.findIndex((l) => l.startsWith('DEVICESCAN'));
    const begin = lines.indexOf(BEGIN_MARKER);
    expect(begin).toBeGreaterThan(-1);
    expect(begin).toBeLessThan(scan);
    expect(notes).toHaveLength(1);
    expect(notes[0]).toContain(`Line ${scan + 1} "DEVICESCAN -d removable`);
    const [head, tail] = DEBIAN_STOCK.split(/(?=^DEVICESCAN)/m);
    expect(text).toBe(`${head}\n${blockText}\n\n${tail}`);
  });

  it('ignores a commented-out DEVICESCAN', () => {
    const { text, notes } = withSmartdBlock('#DEVICESCAN -a\n', block);
    expect(text).toBe(`#DEVICESCAN -a\n\n${blockText}\n`);
    expect(notes).toEqual([]);
  });

  it.each([
    ['no file', null],
    ['admin lines', '# mine\n/dev/sdz -a\n'],
    ['Debian stock with DEVICESCAN', DEBIAN_STOCK],
    ['no trailing newline', '/dev/sdz -a'],
  ])('is idempotent: %s', (_name, start) => {
    const once = withSmartdBlock(start, block).text;
    const twice = withSmartdBlock(once, block).text;
    expect(twice).toBe(once);
    expect(lineDiff(once, twice).every((l) => l.op === ' ')).toBe(true);
  });

  it('replaces an existing block in place, keeping the lines around it', () => {
    const before = `# top\n${smartdBlock([HDD, SAS], NOTIFY).join('\n')}\n/dev/sdz -a\n`;
    const { text } = withSmartdBlock(before, smartdBlock([NVME], NOTIFY));
    expect(text).toBe(`# top\n${smartdBlock([NVME], NOTIFY).join('\n')}\n/dev/sdz -a\n`);
  });

  it('moves a block that sits after DEVICESCAN in front of it', () => {
    const before = `DEVICESCAN -a\n${blockText}\n`;
    const { text } = withSmartdBlock(before, block);
    expect(text).toBe(`${blockText}\n\nDEVICESCAN -a\n`);
    expect(withSmartdBlock(text, block).text).toBe(text);
  });

  it('refuses a file with a begin marker but no end marker, or the reverse', () => {
    expect(() => withSmartdBlock(`${BEGIN_MARKER}\n/dev/sda -a\n`, block)).toThrow(SmartdConfError);
    expect(() => withSmartdBlock(`/dev/sda -a\n${END_MARKER}\n`, block)).toThrow(/without "# BEGIN poolwatch"/);
  });
});

describe('line diff', () => {
  it('marks added, removed and kept lines', () => {
    expect(lineDiff('a\nb\nc\n', 'a\nx\nc\nd\n')).toEqual([
      { op: ' ', text: 'a' },
      { op: '-', text: 'b' },
      { op: '+', text: 'x' },
      { op: ' ', text: 'c' },
      { op: '+', text: 'd' },
    ]);
  });

  it('shows a new file as all added', () => {
    expect(lineDiff('', 'a\nb\n')).toEqual([{ op: '+', text: 'a' }, { op: '+', text: 'b' }]);
  });
});
