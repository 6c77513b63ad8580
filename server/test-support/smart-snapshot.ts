/**
 * SMART tests' machine: a raid1 pool of 4 TB SATA disks, unused disks, a loop device and a
 * detached disk, as the inventory would report them; built with the one pool builder (pools.ts).
 */
import type { Disk, Pool } from '../../contracts/api.ts';
import type { Snapshot, SnapshotSource } from '../inventory/inventory-service.ts';
import { makeDevice, makeDisk, makePool, profilesOf } from './pools.ts';

export const POOL_UUID = '5d2a1b7e-0c3f-4f55-9d0e-2a6b8c1d4e5f';
const DISK_BYTES = 4_000_787_030_016;

/** A SATA disk with identity key `key` (attached at `path`, or detached when null). */
export function disk(key: string, path: string | null, over: Partial<Disk> = {}): Disk {
  return makeDisk('x', {
    path,
    type: 'disk',
    sizeBytes: DISK_BYTES,
    identity: { key, serial: null, model: null, wwn: null, byId: [] },
    transport: 'sata',
    rotational: true,
    attached: path !== null,
    ...over,
  });
}

/** A member of the raid1 pool `tank`. */
export function member(key: string, path: string, devid: number, byId: string[] = []): Disk {
  return disk(key, path, { role: 'member', pool: { uuid: POOL_UUID, label: 'tank', devid }, identity: { key, serial: null, model: null, wwn: null, byId } });
}

/** The raid1 pool `tank`, mounted at /mnt2/tank, of these members. */
export function raid1Pool(members: { devid: number; path: string; errors?: Pool['devices'][number]['errors'] }[], over: Partial<Pool> = {}): Pool {
  return makePool({
    uuid: POOL_UUID,
    label: 'tank',
    mountOptions: ['rw', 'relatime'],
    profiles: profilesOf('raid1'),
    sizeBytes: 12_000_000_000_000,
    usedBytes: 1_000_000_000,
    devices: members.map((m) => makeDevice(m.devid, {
      path: m.path, sizeBytes: DISK_BYTES, usedBytes: 1_000_000, disk: null,
      errors: m.errors ?? { write: 0, read: 0, flush: 0, corruption: 0, generation: 0 },
    })),
    ...over,
  });
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
