/**
 * Pools as the UI shows them: the snapshot plus the health verdict, the maintenance guidance
 * and whether the admin imported the pool.
 */
import type { PoolView } from '../../contracts/views.ts';
import { assessPool } from '../health/assess-pool.ts';
import type { Snapshot } from '../inventory/inventory-service.ts';

export function poolViews(snap: Snapshot, managed: Set<string>, now: Date, mountRoot?: string): PoolView[] {
  const spareDisks = snap.disks
    .filter((d) => d.role === 'unused' && d.attached && d.sizeBytes)
    .map((d) => ({ sizeBytes: d.sizeBytes!, path: d.identity.byId[0] ?? d.path }));
  return snap.pools.map((pool) => {
    const slack = snap.slack[pool.uuid] ?? [];
    const { health, maintenance } = assessPool(pool, { now, spareDisks, slack, ...(mountRoot ? { mountRoot } : {}) });
    return { ...pool, managed: managed.has(pool.uuid), health, maintenance, slack };
  });
}
