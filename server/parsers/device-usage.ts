/**
 * `btrfs device usage -b <mnt>`: one block per member (`/dev/vda, ID: 4` then indented
 * `Name: bytes` lines). Human units (without `-b`) are accepted too and flagged inexact.
 *
 * A negative `Unallocated` is the tell of a `btrfs device remove` in progress: the member's
 * size is already 0 to btrfs while its chunks are still being moved off (Rockstor relies on it,
 * since `balance status` does not show this internal balance).
 */
import { z } from 'zod';
import { Profile } from '../../contracts/api.ts';
import { ParseError, numberedLines } from './parse-error.ts';
import { parseBtrfsSize } from './size-units.ts';
import { AllocationType, allocationTypeOf, profileTokenOf } from './block-group.ts';

const KIND = 'device-usage';

export const DeviceUsageAllocation = z.object({
  type: AllocationType,
  profile: Profile,
  /** Stripes per chunk where btrfs-progs prints them (`Data,RAID10/4` → 4); null otherwise. */
  stripes: z.number().int().positive().nullable(),
  bytes: z.number().int().nonnegative(),
});
export type DeviceUsageAllocation = z.infer<typeof DeviceUsageAllocation>;

export const DeviceUsageDevice = z.object({
  /** null for a missing member (`missing, ID: 3`, or `<missing disk>, ID: 3` on newer kernels). */
  path: z.string().nullable(),
  devid: z.number().int().nonnegative(),
  missing: z.boolean(),
  /** The device's real size (a missing member shows 0). */
  deviceSizeBytes: z.number().int().nonnegative(),
  /** null when btrfs-progs is too old to print `Device slack:`. */
  deviceSlackBytes: z.number().int().nonnegative().nullable(),
  allocations: z.array(DeviceUsageAllocation),
  /** May be NEGATIVE while a device remove is moving chunks off this member. */
  unallocatedBytes: z.number().int(),
});
export type DeviceUsageDevice = z.infer<typeof DeviceUsageDevice>;

export const DeviceUsage = z.object({
  devices: z.array(DeviceUsageDevice),
  /** Some member has a negative Unallocated: a `btrfs device remove` is running. */
  deviceRemovalInProgress: z.boolean(),
  /** False when the output was in human units (rounded by btrfs-progs). */
  unitsExact: z.boolean(),
});
export type DeviceUsage = z.infer<typeof DeviceUsage>;

const MISSING_PATHS = new Set(['missing', '<missing disk>']);

export function parseDeviceUsage(text: string): DeviceUsage {
  const devices: DeviceUsageDevice[] = [];
  let unitsExact = true;
  let current: {
    header: { n: number; text: string };
    device: Omit<DeviceUsageDevice, 'deviceSizeBytes' | 'unallocatedBytes'> & { deviceSizeBytes?: number; unallocatedBytes?: number };
  } | null = null;

  const finish = () => {
    if (!current) return;
    const { device, header } = current;
    if (device.deviceSizeBytes === undefined) throw new ParseError(KIND, `devid ${device.devid} has no "Device size:" line`, header.n, header.text);
    if (device.unallocatedBytes === undefined) throw new ParseError(KIND, `devid ${device.devid} has no "Unallocated:" line`, header.n, header.text);
    devices.push({ ...device, deviceSizeBytes: device.deviceSizeBytes, unallocatedBytes: device.unallocatedBytes });
    current = null;
  };

  for (const line of numberedLines(text)) {
    if (line.text.trim() === '' || /^\s*WARNING:/.test(line.text)) continue;
    const head = /^(\S.*), ID: (\d+)\s*$/.exec(line.text);
    if (head) {
      finish();
      const rawPath = head[1]!.trim();
      const missing = MISSING_PATHS.has(rawPath);
      current = {
        header: line,
        device: { path: missing ? null : rawPath, devid: Number(head[2]), missing, deviceSlackBytes: null, allocations: [] },
      };
      continue;
    }
    const item = /^\s+([^:]+):\s+(\S+)\s*$/.exec(line.text);
    if (!item) throw new ParseError(KIND, 'expected "<path>, ID: <devid>" or an indented "<name>: <size>" line', line.n, line.text);
    if (!current) throw new ParseError(KIND, 'size line before any "<path>, ID: <devid>" line', line.n, line.text);
    const size = parseBtrfsSize(item[2]!);
    if (!size) throw new ParseError(KIND, `"${item[2]!}" is not a size`, line.n, line.text);
    if (!size.exact) unitsExact = false;
    const name = item[1]!.trim();
    const { device } = current;
    if (name === 'Device size') device.deviceSizeBytes = size.bytes;
    else if (name === 'Device slack') device.deviceSlackBytes = size.bytes;
    else if (name === 'Unallocated') device.unallocatedBytes = size.bytes;
    else {
      const bg = /^([A-Za-z+]+),\s*(\S+)$/.exec(name);
      const type = bg ? allocationTypeOf(bg[1]!) : null;
      const token = bg ? profileTokenOf(bg[2]!) : null;
      if (!type || !token) throw new ParseError(KIND, `unknown line "${name}" (expected <Type>,<profile>)`, line.n, line.text);
      if (size.bytes < 0) throw new ParseError(KIND, 'negative allocation', line.n, line.text);
      device.allocations.push({ type, profile: token.profile, stripes: token.stripes, bytes: size.bytes });
    }
  }
  finish();
  if (devices.length === 0) throw new ParseError(KIND, 'no "<path>, ID: <devid>" blocks');

  return DeviceUsage.parse({
    devices,
    deviceRemovalInProgress: devices.some((d) => d.unallocatedBytes < 0),
    unitsExact,
  });
}
