import { Router } from 'express';
import { parseInput } from '../../validation.ts';
import { ManageRequest } from '../../../contracts/views.ts';
import type { Clock } from '../../clock.ts';
import { NotFoundError } from '../../errors.ts';
import type { AuditStore } from '../../store/audit-store.ts';
import type { ManagedPoolStore } from '../../store/managed-store.ts';
import { actorOf } from '../auth.ts';
import { parseUuid } from '../params.ts';
import type { ViewCache } from '../view-cache.ts';

export interface PoolRouteDeps {
  /** The views rendered once per change (server/http/view-cache.ts): requests never read the machine. */
  views: ViewCache;
  managed: ManagedPoolStore;
  audit: AuditStore;
  clock: Clock;
}

/** GET /api/pools, GET /api/pools/:uuid, PUT /api/pools/:uuid/manage, GET /api/disks. */
export function poolRoutes(d: PoolRouteDeps): Router {
  const r = Router();
  /** One pool view by uuid (404 when btrfs does not know it). */
  const findPool = async (uuid: string) => {
    const views = await d.views.get();
    const pool = views.pools.find((p) => p.uuid.toLowerCase() === uuid);
    if (!pool) throw new NotFoundError(`no btrfs pool with uuid ${uuid} on this machine`);
    return { pool, body: views.byUuid.get(pool.uuid)! };
  };

  r.get('/pools', async (req, res) => {
    d.views.send(req, res, (await d.views.get()).list);
  });

  r.get('/pools/:uuid', async (req, res) => {
    d.views.send(req, res, (await findPool(parseUuid(req.params.uuid))).body);
  });

  r.put('/pools/:uuid/manage', async (req, res) => {
    const uuid = parseUuid(req.params.uuid);
    const input = parseInput(ManageRequest, req.body, 'body must be { "managed": true | false }');
    const { pool: before } = await findPool(uuid);
    const at = d.clock.now().toISOString();
    d.managed.set(before.uuid, before.label, input.managed, at);
    d.views.managedChanged();
    d.audit.record({
      at, actor: actorOf(req), action: input.managed ? 'pool.import' : 'pool.unmanage', poolUuid: before.uuid,
      target: before.label, argv: null, exitCode: null, outcome: 'ok',
    });
    d.views.send(req, res, (await findPool(uuid)).body, { conditional: false });
  });

  r.get('/disks', async (req, res) => {
    d.views.send(req, res, (await d.views.get()).disks);
  });
  return r;
}
