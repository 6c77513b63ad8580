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
  columns: { device: 'Device', role: 'Role', size: 'Size', disk: 'Disk', type: 'Type', smart: 'S.M.A.R.T.' },
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
  key: 'Key',
  byIdPrefix: 'by-id/',
  more: (n: number) => ` (+${n})`,
} as const;
