/**
 * UI test support: pool views in each maintenance state, built with the one pool builder
 * (server/test-support/pools.ts, which imports only contracts/). Test-only: nothing in src/
 * outside tests imports this folder (eslint.config.js).
 */
import type { Maintenance } from '../../contracts/health.ts';
import type { PoolView } from '../../contracts/views.ts';
import { makeDevice, makePoolView, missingDevice } from '../../server/test-support/pools.ts';

export { makeDevice, makeDisk, makeJob, makePoolView } from '../../server/test-support/pools.ts';

const maintenance = (state: Maintenance['state'], recommended: Maintenance['recommended'] = null): Maintenance => ({
  state, headline: '', summary: '', recommended, alternatives: [], actionLabels: {}, steps: [], warnings: [],
});

const degradedHealth: PoolView['health'] = { status: 'degraded', alerts: [] };
const unmounted = { mounted: false, mountPoint: null, mountOptions: [] };

/** raid1 of three with devid 2 pulled, in each maintenance state. */
export const degraded = {
  unmounted: () =>
    makePoolView({ ...unmounted, devices: [makeDevice(1), makeDevice(3)], totalDevices: 3, missingCount: 1, missingDevids: [2], maintenance: maintenance('mount-degraded-ro'), health: degradedHealth }),
  ro: () =>
    makePoolView({ mountOptions: ['ro', 'degraded'], devices: [makeDevice(1), missingDevice(2), makeDevice(3)], maintenance: maintenance('refresh-backups-then-rw'), health: degradedHealth }),
  rw: (recommended: Maintenance['recommended'] = 'remove-missing') =>
    makePoolView({ mountOptions: ['rw', 'degraded'], devices: [makeDevice(1), missingDevice(2), makeDevice(3)], maintenance: maintenance('repair', recommended), health: degradedHealth }),
  beyond: () =>
    makePoolView({ ...unmounted, devices: [makeDevice(1)], totalDevices: 3, missingCount: 2, missingDevids: [2, 3], maintenance: maintenance('beyond-redundancy') }),
};
