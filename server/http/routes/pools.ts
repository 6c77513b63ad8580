import { Router } from 'express';
import { ManageRequest, type PoolViewResponse, type PoolViewsResponse } from '../../../contracts/views.ts';
import type { Clock } from '../../clock.ts';
import { NotFoundError, ValidationError } from '../../errors.ts';
import type { SnapshotSource } from '../../inventory/inventory-service.ts';
import { poolViews, type PoolSignals } from '../../services/pool-views.ts';
import type { AuditStore } from '../../store/audit-store.ts';
import type { ManagedPoolStore } from '../../store/managed-store.ts';
import { actorOf } from '../auth.ts';
import { parseUuid } from '../params.ts';

export interface PoolRouteDeps {
  inventory: SnapshotSource;
  managed: ManagedPoolStore;
  audit: AuditStore;
  clock: Clock;
  /** POOLWATCH_MOUNT_ROOT: where guidance proposes to mount unmounted pools. */
  mountRoot: string;
  /** SMART verdicts and job history, which change a pool's verdict. */
  signals: PoolSignals;
  /** Reads SMART that is due before a view; the first read of a disk is waited for briefly. */
  warmUp: () => Promise<void>;
}

/** GET /api/pools, GET /api/pools/:uuid, PUT /api/pools/:uuid/manage, GET /api/disks. */
export function poolRoutes(d: PoolRouteDeps): Router {
  const r = Router();
  const views = async () => {
    await d.warmUp().catch(() => undefined);
    const snap = await d.inventory.snapshot();
    return { pools: poolViews(snap, d.managed.uuids(), d.clock.now(), d.mountRoot, d.signals), snap };
  };
  /** One pool view by uuid (404 when btrfs does not know it). */
  const findPool = async (uuid: string) => {
    const { pools, snap } = await views();
    const pool = pools.find((p) => p.uuid.toLowerCase() === uuid);
    if (!pool) throw new NotFoundError(`no btrfs pool with uuid ${uuid} on this machine`);
    return { pool, snap };
  };

  r.get('/pools', async (_req, res) => {
    const { pools, snap } = await views();
    const body: PoolViewsResponse = { pools, scannedAt: snap.scannedAt };
    res.json(body);
  });

  r.get('/pools/:uuid', async (req, res) => {
    const { pool, snap } = await findPool(parseUuid(req.params.uuid));
    const body: PoolViewResponse = { pool, scannedAt: snap.scannedAt };
    res.json(body);
  });

  r.put('/pools/:uuid/manage', async (req, res) => {
    const uuid = parseUuid(req.params.uuid);
    const input = ManageRequest.safeParse(req.body);
    if (!input.success) throw new ValidationError('body must be { "managed": true | false }', input.error.issues);
    const { pool: before } = await findPool(uuid);
    const at = d.clock.now().toISOString();
    d.managed.set(before.uuid, before.label, input.data.managed, at);
    d.audit.record({
      at, actor: actorOf(req), action: input.data.managed ? 'pool.import' : 'pool.unmanage', poolUuid: before.uuid,
      target: before.label, argv: null, exitCode: null, outcome: 'ok',
    });
    const { pool, snap } = await findPool(uuid);
    const body: PoolViewResponse = { pool, scannedAt: snap.scannedAt };
    res.json(body);
  });

  r.get('/disks', async (_req, res) => {
    const snap = await d.inventory.snapshot();
    res.json({ disks: snap.disks, scannedAt: snap.scannedAt });
  });
  return r;
}
