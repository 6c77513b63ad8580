import express, { type Express } from 'express';
import { join } from 'node:path';
import type { AppContext } from './context.ts';
import { errorHandler, notFoundRoute } from './error-handler.ts';
import { liveRoutes } from './routes/live.ts';
import { poolRoutes } from './routes/pools.ts';

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
  app.use('/api', liveRoutes(ctx));
  app.use('/api', poolRoutes(ctx));
  app.use('/api', notFoundRoute);

  if (opts.uiDir) {
    const uiDir = opts.uiDir;
    app.use(express.static(uiDir, { index: false, maxAge: '1h' }));
    // Client-side routes: every other GET gets the app shell.
    app.get(/^\/(?!api\/).*/, (_req, res) => res.sendFile(join(uiDir, 'index.html')));
  }
  app.use(notFoundRoute);
  app.use(errorHandler);
  return app;
}
