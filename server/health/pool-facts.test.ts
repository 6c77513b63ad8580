import { describe, expect, it } from 'vitest';
import { diskWords, slotWords } from './pool-facts.ts';

const identity = { key: 'serial:WDC WD40EFRX-68N32N0:WD-WCC7K1234567', serial: 'WD-WCC7K1234567', model: 'WDC WD40EFRX-68N32N0', wwn: null, byId: ['/dev/disk/by-id/ata-WDC_WD40EFRX-68N32N0_WD-WCC7K1234567'] };

describe('diskWords: who the disk is first, the kernel path last (ADR 024)', () => {
  it('a SATA disk: model, serial, size, slot; now at its kernel path', () => {
    const location = { slot: '1', enclosure: '6:0:12:0', port: 'SAS phy 4 (controller 0000:03:00.0)', byPath: null };
    expect(diskWords({ ...identity, location }, 4000787030016, '/dev/sdc')).toBe('WDC WD40EFRX-68N32N0 serial WD-WCC7K1234567, 3.64 TiB, slot 1 of enclosure 6:0:12:0; now at /dev/sdc');
  });

  it('without a serial: the by-id name; with only a port: the port', () => {
    const location = { slot: null, enclosure: null, port: 'SATA port 3 (controller 0000:00:1f.2)', byPath: '/dev/disk/by-path/pci-0000:00:1f.2-ata-3' };
    expect(diskWords({ ...identity, serial: null, model: null, location }, null, '/dev/sda')).toBe('/dev/disk/by-id/ata-WDC_WD40EFRX-68N32N0_WD-WCC7K1234567, SATA port 3 (controller 0000:00:1f.2); now at /dev/sda');
  });

  it('a loop device by its backing file, honestly without a serial or a slot', () => {
    const loop = { key: 'loop:/srv/lab/d1.img', serial: null, model: null, wwn: null, byId: [], backingFile: '/srv/lab/d1.img', location: { slot: null, enclosure: null, port: null, byPath: null } };
    expect(diskWords(loop, 536870912, '/dev/loop3')).toBe('loop device backed by /srv/lab/d1.img, 512 MiB; now at /dev/loop3');
    expect(slotWords(loop.location)).toBeNull();
  });

  it('nothing known: the path alone, or nothing', () => {
    expect(diskWords(null, null, '/dev/sdz')).toBe('/dev/sdz');
    expect(diskWords(null, null, null)).toBe('');
  });
});
