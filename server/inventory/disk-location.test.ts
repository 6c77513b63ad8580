import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { blockSysDevice, byIdLinks, byPathLinks, enclosureSlots, loopBackingFile } from '../host/sysfs.ts';
import { parseLsblkJson } from '../parsers/lsblk.ts';
import { FakeHost } from '../test-support/fake-host.ts';
import { locationOf, portOfByPath } from './disk-location.ts';
import { attachedDisks } from './disks.ts';

const fixture = JSON.parse(readFileSync(new URL('../../fixtures/disk-location/sas-jbod.json', import.meta.url), 'utf8')) as {
  dirs: Record<string, string[]>; links: Record<string, string>; files: Record<string, string>;
};

const dev = (name: string, type: string, extra: Record<string, unknown> = {}) => ({
  name, kname: name, path: `/dev/${name}`, type, size: 4000787030016, model: null, serial: null, wwn: null, tran: null, rota: true, mountpoints: [null], ...extra,
});
const lsblk = JSON.stringify({
  blockdevices: [
    { ...dev('sda', 'disk', { model: 'WDC WD40EFRX-68N32N0', serial: 'WD-WCC7K1234567', tran: 'sata' }), children: [dev('sda1', 'part')] },
    dev('sdb', 'disk', { model: 'ST4000NM0023', wwn: '0x5000c500a1b2c3d4', tran: 'sas' }),
    dev('sdc', 'disk', { model: 'ST4000NM0023', wwn: '0x5000c500a1b2c3d5', tran: 'sas' }),
    dev('sdd', 'disk', { model: 'Portable', serial: 'NA8F1234', tran: 'usb' }),
    dev('nvme0n1', 'disk', { model: 'Samsung SSD 970 EVO Plus 1TB', serial: 'S4EWNX0R123456', tran: 'nvme', rota: false }),
    dev('loop3', 'loop', { size: 536870912 }),
  ],
});

async function disksOfFixture() {
  const host = new FakeHost([], fixture.files, fixture.dirs, fixture.links);
  const slots = await enclosureSlots(host);
  const devices = parseLsblkJson(lsblk).devices;
  const sysDevice: Record<string, string | null> = {};
  for (const d of devices.filter((x) => x.type === 'disk')) sysDevice[d.name] = await blockSysDevice(host, d.name);
  return attachedDisks(devices, {
    loopBacking: { loop3: await loopBackingFile(host, 'loop3') },
    byId: await byIdLinks(host), byPath: await byPathLinks(host), enclosureSlots: slots, sysDevice,
  });
}

describe('where a disk sits (fixtures/disk-location/sas-jbod.json)', () => {
  it('reads the enclosure slots that hold a device, by their slot number', async () => {
    const slots = await enclosureSlots(new FakeHost([], fixture.files, fixture.dirs, fixture.links));
    expect(slots.map((s) => [s.enclosure, s.component, s.slotNumber])).toEqual([['6:0:12:0', 'Slot 01', '1'], ['6:0:12:0', 'Slot 02', '2']]);
  });

  it('names each disk by its slot, its controller port, or says nothing for a loop device', async () => {
    const disks = await disksOfFixture();
    const at = (path: string) => disks.find((d) => d.path === path)!.identity;
    expect(at('/dev/sdb').location).toEqual({
      slot: '1', enclosure: '6:0:12:0', port: 'SAS expander 0x5003048001c1d13f, phy 4 (controller 0000:03:00.0)',
      byPath: '/dev/disk/by-path/pci-0000:03:00.0-sas-exp0x5003048001c1d13f-phy4-lun-0',
    });
    expect(at('/dev/sdc').location?.slot).toBe('2');
    // Onboard SATA: a port, no enclosure; the shorter of the two links udev makes, never a partition's.
    expect(at('/dev/sda').location).toEqual({ slot: null, enclosure: null, port: 'SATA port 3 (controller 0000:00:1f.2)', byPath: '/dev/disk/by-path/pci-0000:00:1f.2-ata-3' });
    expect(at('/dev/nvme0n1').location?.port).toBe('NVMe slot at PCI 0000:01:00.0, namespace 1');
    expect(at('/dev/sdd').location?.port).toBe('USB port 2 of bus 0 (controller 0000:00:14.0)');
    expect(at('/dev/loop3')).toMatchObject({ backingFile: '/srv/lab/disk3.img', location: { slot: null, enclosure: null, port: null, byPath: null } });
  });

  it('knows nothing where the host has no links and no enclosure (this lab, a VM)', () => {
    expect(locationOf('/dev/vda', 'vda', { byPath: [], enclosureSlots: [], sysDevice: {} })).toEqual({ slot: null, enclosure: null, port: null, byPath: null });
  });
});

describe('portOfByPath', () => {
  it.each([
    ['pci-0000:00:17.0-ata-1.0', 'SATA port 1 (controller 0000:00:17.0)'],
    ['pci-0000:00:17.0-ata-2.1', 'SATA port 2.1 (controller 0000:00:17.0)'],
    ['pci-0000:02:00.0-sas-phy7-lun-0', 'SAS phy 7 (controller 0000:02:00.0)'],
    ['pci-0000:00:10.0-scsi-0:0:1:0', 'SCSI 0:0:1:0 (controller 0000:00:10.0)'],
    ['virtio-pci-0000:00:04.0', 'virtio disk at PCI 0000:00:04.0'],
    ['pci-0000:00:14.0-usbv3-0:4:1.0-scsi-0:0:0:0', 'USB port 4 of bus 0 (controller 0000:00:14.0)'],
  ])('%s → %s', (name, words) => {
    expect(portOfByPath(name)).toBe(words);
  });

  it('reads no port out of a partition link or a form it does not know', () => {
    expect(portOfByPath('pci-0000:00:1f.2-ata-3-part1')).toBeNull();
    expect(portOfByPath('platform-3f202000.mmc')).toBeNull();
    expect(portOfByPath('ip-192.168.1.5:3260-iscsi-iqn.2004-04.com.example:disk1-lun-0')).toBeNull();
  });
});
