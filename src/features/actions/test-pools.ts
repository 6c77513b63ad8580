/** Pools, disks and jobs for the actions feature's tests (shaped as the API sends them). */
import type { Disk, PoolDevice } from '../../../contracts/api.ts';
import type { Maintenance } from '../../../contracts/health.ts';
import type { Job } from '../../../contracts/jobs.ts';
import type { PoolView } from '../../../contracts/views.ts';

export const UUID = '5f0c4a52-8b1d-4f7e-9a43-2c6d1e0b7a99';
const MIB = 1024 * 1024;
const clean = { write: 0, read: 0, flush: 0, corruption: 0, generation: 0 };

export const member = (devid: number, over: Partial<PoolDevice> = {}): PoolDevice => ({
  devid,
  path: `/dev/loop${devid}`,
  missing: false,
  sizeBytes: 512 * MIB,
  usedBytes: 100 * MIB,
  errors: clean,
  disk: { key: `loop:/lab/d${devid}.img`, serial: null, model: null, wwn: null, byId: [] },
  ...over,
});

export const missingMember = (devid: number): PoolDevice => member(devid, { path: null, missing: true, sizeBytes: 0, usedBytes: null, errors: null, disk: null });

const maintenance = (state: Maintenance['state'], recommended: Maintenance['recommended'] = null): Maintenance => ({
  state, headline: '', summary: '', recommended, alternatives: [], actionLabels: {}, steps: [], warnings: [],
});

export function pool(over: Partial<PoolView> = {}): PoolView {
  return {
    uuid: UUID,
    label: 'pw-tank',
    mounted: true,
    mountPoint: '/mnt2/pw-tank',
    mountOptions: ['rw', 'relatime'],
    profiles: { data: ['raid1'], metadata: ['raid1'], system: ['raid1'] },
    profilesSource: 'sysfs',
    totalDevices: 3,
    missingCount: 0,
    missingDevids: [],
    sizeBytes: 1536 * MIB,
    usedBytes: 300 * MIB,
    exclusiveOperation: 'none',
    devices: [member(1), member(2), member(3)],
    detached: [],
    problems: [],
    managed: false,
    health: { status: 'healthy', alerts: [] },
    maintenance: null,
    slack: [],
    ...over,
  };
}

/** raid1 of three with devid 2 pulled, in each maintenance state. */
export const degraded = {
  unmounted: () =>
    pool({ mounted: false, mountPoint: null, mountOptions: [], missingCount: 1, missingDevids: [2], devices: [member(1), member(3)], exclusiveOperation: null, maintenance: maintenance('mount-degraded-ro'), health: { status: 'degraded', alerts: [] } }),
  ro: () =>
    pool({ mountOptions: ['ro', 'degraded'], missingCount: 1, missingDevids: [2], devices: [member(1), missingMember(2), member(3)], maintenance: maintenance('refresh-backups-then-rw'), health: { status: 'degraded', alerts: [] } }),
  rw: (recommended: Maintenance['recommended'] = 'remove-missing') =>
    pool({ mountOptions: ['rw', 'degraded'], missingCount: 1, missingDevids: [2], devices: [member(1), missingMember(2), member(3)], maintenance: maintenance('repair', recommended), health: { status: 'degraded', alerts: [] } }),
  beyond: () => pool({ mounted: false, mountPoint: null, mountOptions: [], missingCount: 2, missingDevids: [2, 3], devices: [member(1)], maintenance: maintenance('beyond-redundancy') }),
};

export const disk = (name: string, over: Partial<Disk> = {}): Disk => ({
  path: `/dev/${name}`,
  type: 'loop',
  sizeBytes: 1024 * MIB,
  identity: { key: `loop:/lab/${name}.img`, serial: null, model: null, wwn: null, byId: [] },
  transport: null,
  rotational: false,
  attached: true,
  role: 'unused',
  inUseReason: null,
  pool: null,
  lastSeenAt: null,
  ...over,
});

export const job = (over: Partial<Job> = {}): Job => ({
  id: '0c7e1f6a-3b2d-4e5f-8a9b-1c2d3e4f5a6b',
  kind: 'scrub-start',
  poolUuid: UUID,
  target: null,
  state: 'running',
  exclusive: true,
  cancellable: true,
  progress: { percent: null, etaSeconds: null, detail: null },
  argv: [],
  stdout: '',
  stderr: '',
  log: [],
  exitCode: null,
  error: null,
  createdBy: 'admin',
  createdAt: '2025-01-01T00:00:00.000Z',
  startedAt: null,
  finishedAt: null,
  nextSteps: [],
  result: null,
  ...over,
});
