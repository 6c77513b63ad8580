import express, { type Express } from 'express';
import { join } from 'node:path';
import type { AppContext } from './context.ts';
import { errorHandler, notFoundRoute } from './error-handler.ts';
import { refusalAudit } from './refusal-audit.ts';
import { liveRoutes } from './routes/live.ts';
import { poolRoutes } from './routes/pools.ts';
import { actionRoutes } from './routes/actions.ts';
import { jobRoutes } from './routes/jobs.ts';
import { smartRoutes } from './routes/smart.ts';
import { AuthService } from '../auth/auth-service.ts';
import { apiGuard, authenticate } from './auth.ts';
import { auditRoutes } from './routes/audit.ts';
import { accountRoutes, publicAuthRoutes } from './routes/auth.ts';

export interface AppOptions {
  /** Folder of the built UI (dist/ui, checked to hold index.html by the caller); absent → API only. */
  uiDir?: string | undefined;
}

/** The Express app, separate from listen() so tests can mount it on an ephemeral port. */
export function createApp(ctx: AppContext, opts: AppOptions = {}): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use(express.json({ limit: '64kb' }));

  app.get('/api/health', (_req, res) => {
    res.json({ status: 'ok' });
  });
  // Login required from here on: every router mounted below the guard is covered (server/http/auth.ts).
  const auth = ctx.auth ?? new AuthService(ctx.db, { now: ctx.now });
  app.use('/api', authenticate(auth));
  app.use('/api', publicAuthRoutes(auth));
  app.use('/api', apiGuard);
  app.use('/api', accountRoutes(auth));
  app.use('/api', auditRoutes(ctx));
  app.use('/api', liveRoutes(ctx));
  app.use('/api', poolRoutes(ctx));
  app.use('/api', jobRoutes(ctx));
  app.use('/api', actionRoutes(ctx));
  app.use('/api', smartRoutes(ctx));
  app.use('/api', notFoundRoute);

  if (opts.uiDir) {
    const uiDir = opts.uiDir;
    app.use(express.static(uiDir, { index: false, maxAge: '1h' }));
    // Client-side routes: every other GET gets the app shell.
    app.get(/^\/(?!api\/).*/, (_req, res) => res.sendFile(join(uiDir, 'index.html')));
  }
  app.use(notFoundRoute);
  app.use(refusalAudit(ctx));
  app.use(errorHandler);
  return app;
}
