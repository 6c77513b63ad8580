import express, { type Express, type RequestHandler } from 'express';
import type { Graph } from '../compose.ts';
import { StorageError } from '../errors.ts';
import type { DataDirHealth } from '../store/data-dir.ts';
import type { Db } from '../store/db.ts';
import { errorHandler, notFoundRoute, storageErrors } from './error-handler.ts';
import { refusalAudit } from './refusal-audit.ts';
import { liveRoutes } from './routes/live.ts';
import { staticUi } from './static-ui.ts';
import { poolRoutes } from './routes/pools.ts';
import { actionRoutes } from './routes/actions.ts';
import { jobRoutes } from './routes/jobs.ts';
import { identifyRoutes } from './routes/identify.ts';
import { smartRoutes } from './routes/smart.ts';
import { apiGuard, authenticate, MUTATING_METHODS } from './auth.ts';
import { auditRoutes } from './routes/audit.ts';
import { accountRoutes, publicAuthRoutes } from './routes/auth.ts';
import { checkHost, hostAllowlist, requireJsonBody, securityHeaders, type HostAllowlist } from './web-guards.ts';
import { embedRoutes } from './routes/embed.ts';
import { metricsRoute } from './routes/metrics.ts';
import { bundleRoutes, counterRoutes, settingsRoutes } from './routes/monitoring.ts';
import { notifyRoutes } from './routes/notify.ts';
import { scheduleRoutes } from './routes/schedules.ts';

export interface AppOptions {
  /** Folder of the built UI (dist/ui, checked to hold index.html by the caller); absent → API only. */
  uiDir?: string | undefined;
  /** Default: POOLWATCH_ALLOWED_HOSTS, else this machine's names and addresses (web-guards.ts). */
  allowlist?: HostAllowlist;
}

/** What the routes use of the graph (server/compose.ts): tests pass a composed graph too. */
export type AppGraph = Pick<Graph, 'config' | 'clock' | 'db' | 'allowedHosts' | 'stores' | 'writes' | 'refusals' | 'auth' | 'views' | 'watcher' | 'jobs' | 'actions' | 'smart' | 'smartd' | 'identify'
  | 'notify' | 'monitor' | 'scheduler' | 'settings' | 'counters' | 'metrics' | 'bundle'>;

/**
 * A change an admin asked for first proves the data dir takes a write (one probe): with the data
 * dir full or read-only it is refused with the reason before anything runs. Logging out always works.
 */
function requireWritableDataDir(writes: DataDirHealth, db: Db): RequestHandler {
  return (req, _res, next) => {
    if (!MUTATING_METHODS.has(req.method) || req.path === '/logout') return next();
    const status = writes.probe(db);
    if (status.writable) return next();
    next(new StorageError(`poolwatch cannot write its data dir ${writes.dir}: ${status.reason}; the change was refused and nothing ran`, status.reason ?? 'unknown'));
  };
}

/**
 * The Express app over a finished graph, separate from listen() so tests can mount it on an
 * ephemeral port. Each router gets only the members of the graph it uses. Every request first
 * passes the web guards (Host allowlist, security headers, JSON-only changes: web-guards.ts).
 */
export function createApp(g: AppGraph, opts: AppOptions = {}): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  // Behind a reverse proxy: believe its X-Forwarded-* (client address, https, Host) only when configured.
  app.set('trust proxy', g.config.security.trustProxy);
  app.use(securityHeaders);
  app.use(checkHost(opts.allowlist ?? hostAllowlist(g.allowedHosts)));

  app.get('/api/health', (_req, res) => {
    res.json({ status: 'ok' });
  });
  // <poolwatch-banner> for other NAS UIs: no login, read-only, only for POOLWATCH_EMBED_ORIGINS (ADR 016).
  app.use(embedRoutes({ origins: g.config.embedOrigins, views: g.views, uiDir: opts.uiDir }));
  // Prometheus: a user or API token (a viewer is enough); outside /api, where scrapers look.
  app.use(metricsRoute(g.metrics, g.auth));
  // Login required from here on: every router mounted below the guard is covered (server/http/auth.ts).
  app.use('/api', authenticate(g.auth));
  app.use('/api', requireJsonBody);
  app.use(express.json({ limit: '64kb' }));
  app.use('/api', publicAuthRoutes(g.auth));
  app.use('/api', apiGuard);
  app.use('/api', requireWritableDataDir(g.writes, g.db));
  app.use('/api', accountRoutes(g.auth));
  app.use('/api', auditRoutes(g.stores.audit));
  app.use('/api', liveRoutes(g.watcher, g.jobs, g.writes, { perPrincipal: g.config.security.sseMaxPerPrincipal, total: g.config.security.sseMaxTotal }));
  app.use('/api', poolRoutes({ views: g.views, managed: g.stores.managed, audit: g.stores.audit, clock: g.clock }));
  app.use('/api', jobRoutes(g.jobs));
  app.use('/api', actionRoutes(g.actions));
  app.use('/api', smartRoutes(g.smart, g.smartd));
  app.use('/api', identifyRoutes(g.identify));
  app.use('/api', notifyRoutes({ notify: g.notify, monitor: g.monitor, store: g.stores.notify }));
  app.use('/api', scheduleRoutes(g.scheduler));
  app.use('/api', counterRoutes(g.counters));
  app.use('/api', bundleRoutes({ bundle: g.bundle, audit: g.stores.audit, now: () => g.clock.now() }));
  app.use('/api', settingsRoutes(g.settings));
  app.use('/api', notFoundRoute);

  // The built UI: hashed assets immutable, precompressed brotli/gzip, the app shell revalidated.
  if (opts.uiDir) app.use(staticUi(opts.uiDir));
  app.use(notFoundRoute);
  app.use(storageErrors(g.writes));
  app.use(refusalAudit(g.refusals));
  app.use(errorHandler);
  return app;
}
