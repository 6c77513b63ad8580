import type { Host } from './host.ts';
import { isDevinfoQuarantined, releaseUnmounted } from './sysfs-quarantine.ts';

/** What /sys/fs/btrfs/<uuid>/ says about a mounted pool, as raw text; parsed elsewhere. */
export interface BtrfsSysfsRaw {
  uuid: string;
  label: string | null;
  exclusiveOperation: string | null;
  /** Block device names under devices/ (e.g. `sda3`, `loop5`). */
  deviceNames: string[];
  /** Every devid listed under devinfo/; `read` false when its files were deliberately not read. */
  devinfo: { devid: number; read: boolean; missing: string | null; errorStats: string | null; writeable: string | null; replaceTarget: string | null }[];
  /** Subdirectory names under allocation/<type>/ (profile dirs among them). */
  allocation: { data: string[]; metadata: string[]; system: string[] };
}

const SYSFS_BTRFS = '/sys/fs/btrfs';
const NON_POOL_ENTRIES = new Set(['features']);

export class BtrfsSysfs {
  constructor(private readonly host: Host, private readonly root = SYSFS_BTRFS) {}

  /** uuids of the mounted btrfs filesystems the kernel knows. [] when btrfs is not loaded. */
  async mountedUuids(): Promise<string[]> {
    const entries = (await this.host.readDir(this.root)) ?? [];
    const uuids = entries.filter((e) => !NON_POOL_ENTRIES.has(e) && /^[0-9a-f-]{36}$/i.test(e));
    releaseUnmounted(uuids);
    return uuids;
  }

  /**
   * A mounted pool's label, byte for byte (ADR 010): the kernel prints it followed by one newline,
   * and only that newline is removed — a label may itself start or end with spaces or newlines.
   * Null for an unlabelled pool, or when the pool is no longer mounted.
   */
  async label(uuid: string): Promise<string | null> {
    return (await this.mountedLabel(uuid))?.label ?? null;
  }

  /** `{ label }` of a pool that is mounted now; null when its sysfs folder is gone (it was just unmounted). */
  async mountedLabel(uuid: string): Promise<{ label: string | null } | null> {
    const raw = await this.host.readFile(`${this.root}/${uuid}/label`);
    if (raw === null) return null;
    const label = raw.endsWith('\n') ? raw.slice(0, -1) : raw;
    return { label: label === '' ? null : label };
  }

  /** Kernel names of a mounted pool's member devices (`devices/`): sysfs, no process. */
  async deviceNames(uuid: string): Promise<string[]> {
    return ((await this.host.readDir(`${this.root}/${uuid}/devices`)) ?? []).sort();
  }

  /**
   * Reads a mounted pool's sysfs folder. Files under devinfo/<devid>/ are read ONLY for the devids
   * in `readable` (members btrfs itself lists as present). On kernel 6.18 a member removed with
   * `btrfs device remove missing` leaves a stale devinfo/<devid>/ whose files oops the kernel when
   * read, hang the reading thread and make the pool's umount hang for good; missing members have
   * nothing worth reading anyway. `readable` null (nothing known yet): list devids, read no files.
   */
  async read(uuid: string, readable: ReadonlySet<number> | null): Promise<BtrfsSysfsRaw | null> {
    const base = `${this.root}/${uuid}`;
    const ids = await this.host.readDir(`${base}/devinfo`);
    if (ids === null) return null;
    const trim = (s: string | null) => (s === null ? null : s.trim());
    const devinfo = await Promise.all(
      ids.filter((id) => /^\d+$/.test(id)).map(async (id) => {
        const devid = Number(id);
        if (!readable?.has(devid) || isDevinfoQuarantined(uuid, devid)) {
          return { devid, read: false, missing: null, errorStats: null, writeable: null, replaceTarget: null };
        }
        return {
          devid,
          read: true,
          missing: trim(await this.host.readFile(`${base}/devinfo/${id}/missing`)),
          errorStats: await this.host.readFile(`${base}/devinfo/${id}/error_stats`),
          writeable: trim(await this.host.readFile(`${base}/devinfo/${id}/writeable`)),
          replaceTarget: trim(await this.host.readFile(`${base}/devinfo/${id}/replace_target`)),
        };
      }),
    );
    const allocDir = async (type: string) => (await this.host.readDir(`${base}/allocation/${type}`)) ?? [];
    return {
      uuid,
      label: await this.label(uuid),
      exclusiveOperation: trim(await this.host.readFile(`${base}/exclusive_operation`)),
      deviceNames: ((await this.host.readDir(`${base}/devices`)) ?? []).sort(),
      devinfo: devinfo.sort((a, b) => a.devid - b.devid),
      allocation: { data: await allocDir('data'), metadata: await allocDir('metadata'), system: await allocDir('system') },
    };
  }
}

/**
 * Block devices the kernel has now with their sizes, to notice a disk vanishing: a pulled SATA or
 * USB disk leaves /sys/class/block, while a detached loop device stays with size 0.
 */
export async function blockDeviceSizes(host: Host): Promise<string[]> {
  const names = ((await host.readDir('/sys/class/block')) ?? []).sort();
  return Promise.all(names.map(async (n) => `${n}:${((await host.readFile(`/sys/class/block/${n}/size`)) ?? '').trim()}`));
}

/** `/dev/disk/<dir>/*` → the device each link points to. Empty where udev made no links. */
async function diskLinks(host: Host, dir: 'by-id' | 'by-path'): Promise<{ name: string; target: string }[]> {
  const names = (await host.readDir(`/dev/disk/${dir}`)) ?? [];
  const out: { name: string; target: string }[] = [];
  for (const name of names) {
    const target = await host.realPath(`/dev/disk/${dir}/${name}`);
    if (target) out.push({ name: `/dev/disk/${dir}/${name}`, target });
  }
  return out;
}

/** `/dev/disk/by-id/*` → the device each link points to. Empty where udev made no links. */
export const byIdLinks = (host: Host) => diskLinks(host, 'by-id');

/** `/dev/disk/by-path/*` → the device each link points to (the controller port, ADR 024). */
export const byPathLinks = (host: Host) => diskLinks(host, 'by-path');

const ENCLOSURES = '/sys/class/enclosure';

/** One `/sys/class/enclosure/<enclosure>/<component>` entry with a device in it. */
export interface EnclosureSlot {
  enclosure: string;
  /** The component's directory name (`Slot 05`, `DISK00`, `5`, as the enclosure names it). */
  component: string;
  /** The `slot` file's number, when the kernel has it (5.x and later). */
  slotNumber: string | null;
  /** realpath of `<component>/device`: the SCSI device's sysfs folder. */
  device: string;
}


/**
 * Every enclosure slot that holds a device (SES enclosure services, ADR 024): the component's
 * `device` link resolved. Empty where the kernel has no enclosure class (no SES: most machines).
 */
export async function enclosureSlots(host: Host): Promise<EnclosureSlot[]> {
  const out: EnclosureSlot[] = [];
  for (const enclosure of (await host.readDir(ENCLOSURES)) ?? []) {
    for (const component of (await host.readDir(`${ENCLOSURES}/${enclosure}`)) ?? []) {
      const device = await host.realPath(`${ENCLOSURES}/${enclosure}/${component}/device`);
      if (!device || !device.startsWith('/sys/')) continue;
      const slot = (await host.readFile(`${ENCLOSURES}/${enclosure}/${component}/slot`))?.trim() ?? '';
      out.push({ enclosure, component, slotNumber: /^\d+$/.test(slot) ? slot : null, device });
    }
  }
  return out;
}

/** realpath of `/sys/block/<kname>/device` (the SCSI device an enclosure slot links to), or null. */
export async function blockSysDevice(host: Host, kname: string): Promise<string | null> {
  return host.realPath(`/sys/block/${kname}/device`);
}

/** Backing file of a loop device (`/sys/block/loopN/loop/backing_file`), or null. */
export async function loopBackingFile(host: Host, kname: string): Promise<string | null> {
  const f = await host.readFile(`/sys/block/${kname}/loop/backing_file`);
  return f === null ? null : f.trim() || null;
}
