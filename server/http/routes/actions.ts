import { Router } from 'express';
import { ActionName } from '../../../contracts/actions.ts';
import { ValidationError } from '../../errors.ts';
import { actorOf } from '../auth.ts';
import type { ActionService } from '../../jobs/action-service.ts';
import { parseUuid } from '../params.ts';

/**
 * POST /api/pools/:uuid/actions/:action — body per contracts/actions.ts. 202 { job, plan } when
 * the job started; 200 { plan } for `dryRun: true` (nothing runs). Refusals: 400 (bad input,
 * wrong confirmLabel), 404 (no such pool), 409 (pool busy or in the wrong state).
 */
export function actionRoutes(actions: ActionService): Router {
  const r = Router();
  r.post('/pools/:uuid/actions/:action', async (req, res) => {
    const uuid = parseUuid(req.params.uuid);
    const action = ActionName.safeParse(req.params.action);
    if (!action.success) throw new ValidationError(`unknown action "${req.params.action}"; known: ${ActionName.options.join(', ')}`);
    const out = await actions.run(action.data, uuid, req.body, actorOf(req));
    if (out.job) res.status(202).json({ job: out.job, plan: out.plan });
    else res.json({ plan: out.plan });
  });
  return r;
}
