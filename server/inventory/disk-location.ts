/**
 * Where a disk sits (ADR 024), from structured sources only, never from free text:
 * - `/dev/disk/by-path/<name>` → the device: udev's path_id composes `<name>` from the bus path
 *   (`pci-0000:00:1f.2-ata-3`, `pci-0000:03:00.0-sas-exp0x500…-phy12-lun-0`, `…-nvme-1`, …);
 *   poolwatch reads the controller port out of it where the form is one it knows;
 * - `/sys/class/enclosure/<enclosure>/<slot>/device` → the SCSI device in that slot (SES
 *   enclosure services): the same sysfs device as `/sys/block/<kname>/device`, compared after
 *   realpath. The optional `slot` file holds the slot number the enclosure reports.
 * Pure functions over what server/host/sysfs.ts read.
 */
import type { DiskLocation } from '../../contracts/api.ts';
import type { EnclosureSlot } from '../host/sysfs.ts';

export interface LocationFacts {
  /** `/dev/disk/by-path/…` → resolved `/dev/…` target. */
  byPath: readonly { name: string; target: string }[];
  enclosureSlots: readonly EnclosureSlot[];
  /** kname → realpath of `/sys/block/<kname>/device` (read only when an enclosure lists slots). */
  sysDevice: Readonly<Record<string, string | null>>;
}

const PCI = '(?:pci-)?([0-9a-f]{4}:[0-9a-f]{2}:[0-9a-f]{2}\\.[0-9a-f])';
const RULES: readonly { re: RegExp; words: (m: RegExpExecArray) => string }[] = [
  // pci-0000:00:1f.2-ata-3, pci-0000:00:17.0-ata-3.0 (port multiplier port after the dot)
  { re: new RegExp(`^${PCI}-ata-(\\d+)(?:\\.(\\d+))?$`), words: (m) => `SATA port ${m[2]}${m[3] && m[3] !== '0' ? `.${m[3]}` : ''} (controller ${m[1]})` },
  // pci-0000:03:00.0-sas-exp0x5003048001c1d13f-phy12-lun-0
  { re: new RegExp(`^${PCI}-sas-exp(0x[0-9a-f]+)-phy(\\d+)-lun-(\\d+)$`), words: (m) => `SAS expander ${m[2]}, phy ${m[3]} (controller ${m[1]})` },
  // pci-0000:03:00.0-sas-phy4-lun-0
  { re: new RegExp(`^${PCI}-sas-phy(\\d+)-lun-(\\d+)$`), words: (m) => `SAS phy ${m[2]} (controller ${m[1]})` },
  // pci-0000:01:00.0-nvme-1
  { re: new RegExp(`^${PCI}-nvme-(\\d+)$`), words: (m) => `NVMe slot at PCI ${m[1]}, namespace ${m[2]}` },
  // pci-0000:00:14.0-usb-0:2:1.0-scsi-0:0:0:0, pci-0000:00:14.0-usbv3-0:2:1.0-scsi-0:0:0:0
  { re: new RegExp(`^${PCI}-usb(?:v\\d)?-(\\d+):([\\d.]+):[\\d.]+-scsi-[\\d:]+$`), words: (m) => `USB port ${m[3]} of bus ${m[2]} (controller ${m[1]})` },
  // pci-0000:00:10.0-scsi-0:0:1:0
  { re: new RegExp(`^${PCI}-scsi-(\\d+:\\d+:\\d+:\\d+)$`), words: (m) => `SCSI ${m[2]} (controller ${m[1]})` },
  // virtio-pci-0000:00:04.0 (and the older pci-0000:00:04.0 of a virtio disk)
  { re: new RegExp(`^virtio-pci-([0-9a-f]{4}:[0-9a-f]{2}:[0-9a-f]{2}\\.[0-9a-f])$`), words: (m) => `virtio disk at PCI ${m[1]}` },
  { re: new RegExp(`^pci-([0-9a-f]{4}:[0-9a-f]{2}:[0-9a-f]{2}\\.[0-9a-f])$`), words: (m) => `PCI device ${m[1]}` },
];

/** The controller port a by-path name (without `/dev/disk/by-path/`) encodes, in words; null for a form poolwatch does not know. */
export function portOfByPath(name: string): string | null {
  if (/-part\d+$/.test(name)) return null;
  for (const r of RULES) {
    const m = r.re.exec(name);
    if (m) return r.words(m);
  }
  return null;
}

const BY_PATH_PREFIX = '/dev/disk/by-path/';

/** Where the disk at `path` (kernel name `kname`) sits; every field null when the host does not say. */
export function locationOf(path: string, kname: string, facts: LocationFacts): DiskLocation {
  const links = facts.byPath
    .filter((l) => l.target === path && l.name.startsWith(BY_PATH_PREFIX) && !/-part\d+$/.test(l.name))
    // Newer udev makes both `…-ata-3` and `…-ata-3.0`: the one with a known form, shortest first.
    .sort((a, b) => Number(portOfByPath(b.name.slice(BY_PATH_PREFIX.length)) !== null) - Number(portOfByPath(a.name.slice(BY_PATH_PREFIX.length)) !== null)
      || a.name.length - b.name.length || a.name.localeCompare(b.name));
  const byPath = links[0]?.name ?? null;
  const dev = facts.sysDevice[kname] ?? null;
  const slot = dev ? facts.enclosureSlots.find((s) => s.device === dev) ?? null : null;
  return {
    slot: slot ? (slot.slotNumber ?? slot.component) : null,
    enclosure: slot?.enclosure ?? null,
    port: byPath ? portOfByPath(byPath.slice(BY_PATH_PREFIX.length)) : null,
    byPath,
  };
}

