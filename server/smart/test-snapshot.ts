/**
 * Test support: a small machine (a raid1 pool of three disks, an unused disk, a loop device and
 * a detached disk) as the inventory would report it.
 */
import type { Disk, Pool, ProfileSet } from '../../contracts/api.ts';
import type { Snapshot } from '../inventory/inventory-service.ts';
import type { SnapshotSource } from './smart-service.ts';

export const POOL_UUID = '5d2a1b7e-0c3f-4f55-9d0e-2a6b8c1d4e5f';
const RAID1: ProfileSet = { data: ['raid1'], metadata: ['raid1'], system: ['raid1'] };

export function disk(key: string, path: string | null, over: Partial<Disk> = {}): Disk {
  return {
    path,
    type: 'disk',
    sizeBytes: 4_000_787_030_016,
    identity: { key, serial: null, model: null, wwn: null, byId: [] },
    transport: 'sata',
    rotational: true,
    attached: path !== null,
    role: 'unused',
    inUseReason: null,
    pool: null,
    lastSeenAt: null,
    ...over,
  };
}

export function member(key: string, path: string, devid: number, byId: string[] = []): Disk {
  return disk(key, path, { role: 'member', pool: { uuid: POOL_UUID, label: 'tank', devid }, identity: { key, serial: null, model: null, wwn: null, byId } });
}

export function raid1Pool(members: { devid: number; path: string; errors?: Pool['devices'][number]['errors'] }[], over: Partial<Pool> = {}): Pool {
  return {
    uuid: POOL_UUID,
    label: 'tank',
    mounted: true,
    mountPoint: '/mnt2/tank',
    mountOptions: ['rw', 'relatime'],
    profiles: RAID1,
    profilesSource: 'sysfs',
    totalDevices: members.length,
    missingCount: 0,
    missingDevids: [],
    sizeBytes: 12_000_000_000_000,
    usedBytes: 1_000_000_000,
    exclusiveOperation: 'none',
    devices: members.map((m) => ({
      devid: m.devid, path: m.path, missing: false, sizeBytes: 4_000_787_030_016, usedBytes: 1_000_000, disk: null,
      errors: m.errors ?? { write: 0, read: 0, flush: 0, corruption: 0, generation: 0 },
    })),
    detached: [],
    problems: [],
    ...over,
  };
}

/** A snapshot source whose contents a test can change between calls. */
export class TestInventory implements SnapshotSource {
  constructor(public snap: Snapshot) {}
  async snapshot(): Promise<Snapshot> {
    return this.snap;
  }
}

export function snapshotOf(disks: Disk[], pools: Pool[]): Snapshot {
  return { scannedAt: '2026-11-26T12:00:00.000Z', disks, pools, slack: {} };
}
