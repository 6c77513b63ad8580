import { Router } from 'express';
import { ManageRequest, type PoolViewResponse, type PoolViewsResponse } from '../../../contracts/views.ts';
import { NotFoundError, ValidationError } from '../../errors.ts';
import { poolViews } from '../../services/pool-views.ts';
import type { AppContext } from '../context.ts';
import { parseUuid } from '../params.ts';
import { actorOf } from '../auth.ts';
import { AuditStore } from '../../store/audit-store.ts';

export function poolViewsOf(ctx: AppContext) {
  return async () => {
    const snap = await ctx.inventory.snapshot();
    return { pools: poolViews(snap, ctx.managed.uuids(), ctx.now(), ctx.mountRoot), snap };
  };
}

/** Finds one pool view by uuid (404 when btrfs does not know it). */
export function findPoolOf(ctx: AppContext) {
  const views = poolViewsOf(ctx);
  return async (uuid: string) => {
    const { pools, snap } = await views();
    const pool = pools.find((p) => p.uuid.toLowerCase() === uuid);
    if (!pool) throw new NotFoundError(`no btrfs pool with uuid ${uuid} on this machine`);
    return { pool, snap };
  };
}

export function poolRoutes(ctx: AppContext): Router {
  const r = Router();
  const views = poolViewsOf(ctx);
  const findPool = findPoolOf(ctx);

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
    const at = ctx.now().toISOString();
    ctx.managed.set(before.uuid, before.label, input.data.managed, at);
    new AuditStore(ctx.db).record({
      at, actor: actorOf(req), action: input.data.managed ? 'pool.import' : 'pool.unmanage', poolUuid: before.uuid,
      target: before.label, argv: null, exitCode: null, outcome: 'ok',
    });
    const { pool, snap } = await findPool(uuid);
    const body: PoolViewResponse = { pool, scannedAt: snap.scannedAt };
    res.json(body);
  });

  r.get('/disks', async (_req, res) => {
    const snap = await ctx.inventory.snapshot();
    res.json({ disks: snap.disks, scannedAt: snap.scannedAt });
  });
  return r;
}
