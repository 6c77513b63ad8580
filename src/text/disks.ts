/** The disks page, a disk's role, and how a physical disk is named everywhere. */
import { plural } from '../shared/format.ts';

export const DISKS_TEXT = {
  title: 'Disks',
  loadingWhat: 'disks',
  loadFailed: 'Could not load the disks',
  emptyTitle: 'No disks found',
  emptyText: 'poolwatch found no block devices it could list on this machine.',
  caption: (disks: number, spares: number) =>
    `${plural(disks, 'disk', 'disks')} known to poolwatch; ${plural(spares, 'unused disk could', 'unused disks could')} serve as a spare.`,
  columns: { role: 'Role', disk: 'Disk', type: 'Type', smart: 'S.M.A.R.T.', actions: 'Find it' },
  detached: 'detached',
  wipeOldMember: 'Wipe it…',
  lastSeen: (time: string) => `last seen ${time}`,
  hdd: 'HDD',
  ssd: 'SSD',
  role: {
    memberOf: 'Member of pool ',
    memberOfSome: 'Member of a btrfs pool',
    devid: (devid: number) => `, devid ${devid}`,
    detachedFrom: 'Detached from pool ',
    detached: 'Detached',
    wasDevid: (devid: number) => ` (was devid ${devid})`,
    unused: 'Unused: spare candidate',
    inUse: (reason: string | null) => `In use: ${reason ?? 'reason unknown'}`,
    staleOf: 'Old member of pool ',
    staleTail: ': no longer one of its members — wipe before reuse',
  },
} as const;

export const DISK_IDENTITY_TEXT = {
  unknown: 'unknown disk',
  serial: 'Serial',
  serialOf: (serial: string) => `serial ${serial}`,
  key: 'Key',
  byIdPrefix: 'by-id/',
  more: (n: number) => ` (+${n})`,
  loop: (file: string) => `loop device on ${file}`,
  loopTitle: 'Loop device',
  backingFile: 'backing file',
  noSerial: 'no serial (a loop device has none)',
  slot: (slot: string, enclosure: string | null) => `slot ${slot}${enclosure ? ` of enclosure ${enclosure}` : ''}`,
  port: (port: string) => `port: ${port}`,
  slotUnknown: 'slot unknown',
  slotUnknownTitle: 'The host does not say where this disk sits: no enclosure lists it and udev made no /dev/disk/by-path link.',
  now: (path: string) => ` — now at ${path}`,
  nowAt: 'now at',
  nowAtTitle: 'The kernel name: it can change at the next boot or re-plug. Identify the disk by its serial, by-id name or slot.',
} as const;
