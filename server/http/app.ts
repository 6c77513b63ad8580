import express, { type Express } from 'express';
import { join } from 'node:path';
import type { Graph } from '../compose.ts';
import { errorHandler, notFoundRoute } from './error-handler.ts';
import { refusalAudit } from './refusal-audit.ts';
import { liveRoutes } from './routes/live.ts';
import { poolRoutes } from './routes/pools.ts';
import { actionRoutes } from './routes/actions.ts';
import { jobRoutes } from './routes/jobs.ts';
import { smartRoutes } from './routes/smart.ts';
import { apiGuard, authenticate } from './auth.ts';
import { auditRoutes } from './routes/audit.ts';
import { accountRoutes, publicAuthRoutes } from './routes/auth.ts';

export interface AppOptions {
  /** Folder of the built UI (dist/ui, checked to hold index.html by the caller); absent → API only. */
  uiDir?: string | undefined;
}

/** What the routes use of the graph (server/compose.ts): tests pass a composed graph too. */
/** How long a pool view waits for the first SMART read of a disk it has never read (then it answers without). */
const FIRST_SMART_READ_MS = 1500;

export type AppGraph = Pick<Graph, 'config' | 'clock' | 'stores' | 'auth' | 'inventory' | 'watcher' | 'jobs' | 'actions' | 'smart' | 'smartd'>;

/**
 * The Express app over a finished graph, separate from listen() so tests can mount it on an
 * ephemeral port. Each router gets only the members of the graph it uses.
 */
export function createApp(g: AppGraph, opts: AppOptions = {}): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use(express.json({ limit: '64kb' }));

  app.get('/api/health', (_req, res) => {
    res.json({ status: 'ok' });
  });
  // Login required from here on: every router mounted below the guard is covered (server/http/auth.ts).
  app.use('/api', authenticate(g.auth));
  app.use('/api', publicAuthRoutes(g.auth));
  app.use('/api', apiGuard);
  app.use('/api', accountRoutes(g.auth));
  app.use('/api', auditRoutes(g.stores.audit));
  app.use('/api', liveRoutes(g.watcher, g.jobs));
  app.use('/api', poolRoutes({
    inventory: g.inventory, managed: g.stores.managed, audit: g.stores.audit, clock: g.clock, mountRoot: g.config.mountRoot,
    signals: { smartOf: (key) => g.smart.verdictOf(key), jobsOf: (uuid) => g.stores.jobs.list({ poolUuid: uuid, limit: 50 }) },
    warmUp: () => g.smart.warmUp(FIRST_SMART_READ_MS),
  }));
  app.use('/api', jobRoutes(g.jobs));
  app.use('/api', actionRoutes(g.actions));
  app.use('/api', smartRoutes(g.smart, g.smartd));
  app.use('/api', notFoundRoute);

  if (opts.uiDir) {
    const uiDir = opts.uiDir;
    app.use(express.static(uiDir, { index: false, maxAge: '1h' }));
    // Client-side routes: every other GET gets the app shell.
    app.get(/^\/(?!api\/).*/, (_req, res) => res.sendFile(join(uiDir, 'index.html')));
  }
  app.use(notFoundRoute);
  app.use(refusalAudit(g.stores.audit, g.clock));
  app.use(errorHandler);
  return app;
}
