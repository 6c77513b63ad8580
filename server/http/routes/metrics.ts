/**
 * GET /metrics for Prometheus: on poolwatch's port it needs a user or API token (a viewer token is
 * enough: `poolwatch token create --role viewer --name prometheus`); on the optional metrics-only
 * listener (POOLWATCH_METRICS_LISTEN, a private network) it needs nothing and serves nothing else.
 */
import express, { Router, type Express } from 'express';
import type { AuthService } from '../../auth/auth-service.ts';
import type { MetricsService } from '../../metrics/metrics-service.ts';
import { UnauthorizedError } from '../../errors.ts';
import { authenticate, principalOf } from '../auth.ts';
import { errorHandler, notFoundRoute } from '../error-handler.ts';

function serve(metrics: MetricsService) {
  return async (_req: express.Request, res: express.Response) => {
    const text = await metrics.render();
    res.set({ 'content-type': metrics.contentType, 'cache-control': 'no-store' }).send(text);
  };
}

export function metricsRoute(metrics: MetricsService, auth: AuthService): Router {
  const r = Router();
  r.get('/metrics', authenticate(auth), (req, _res, next) => {
    next(principalOf(req) ? undefined : new UnauthorizedError('GET /metrics needs an API token: Authorization: Bearer pw_… (a viewer token is enough)'));
  }, serve(metrics));
  return r;
}

/** The metrics-only app for POOLWATCH_METRICS_LISTEN: GET /metrics without login, 404 for everything else. */
export function metricsOnlyApp(metrics: MetricsService): Express {
  const app = express();
  app.disable('x-powered-by');
  app.get('/metrics', serve(metrics));
  app.use(notFoundRoute);
  app.use(errorHandler);
  return app;
}
