import express, { type Express } from 'express';
import { join } from 'node:path';
import { PoolUuidParam } from '../../contracts/api.ts';
import { CHANGE_EVENT, ManageRequest, type PoolViewResponse, type PoolViewsResponse, type WatchStatus } from '../../contracts/views.ts';
import { NotFoundError, ValidationError } from '../errors.ts';
import { HostError } from '../host/host-error.ts';
import type { InventoryService } from '../inventory/inventory-service.ts';
import { poolViews } from '../services/pool-views.ts';
import type { ManagedPoolStore } from '../store/managed-store.ts';
import type { PoolWatcher } from '../watch/watcher.ts';
import { errorHandler, notFoundRoute } from './error-handler.ts';

export interface AppDeps {
  inventory: InventoryService;
  managed: ManagedPoolStore;
  /** Present in the running server; tests of plain routes may leave it out. */
  watcher?: PoolWatcher;
  now?: () => Date;
  /** Folder of the built UI (dist/ui, checked to hold index.html by the caller); absent → API only. */
  uiDir?: string | undefined;
}

/** Keeps proxies and browsers from closing an idle event stream. */
const SSE_HEARTBEAT_MS = 15_000;

function parseUuid(raw: string | undefined): string {
  const uuid = PoolUuidParam.safeParse(raw);
  if (!uuid.success) throw new ValidationError(`invalid pool uuid "${raw}": ${uuid.error.issues[0]?.message}`);
  return uuid.data.toLowerCase();
}

/** The Express app, separate from listen() so tests can mount it on an ephemeral port. */
export function createApp(deps: AppDeps): Express {
  const now = deps.now ?? (() => new Date());
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use(express.json({ limit: '64kb' }));

  const views = async () => {
    const snap = await deps.inventory.snapshot();
    return { pools: poolViews(snap, deps.managed.uuids(), now()), snap };
  };
  const findPool = async (uuid: string) => {
    const { pools, snap } = await views();
    const pool = pools.find((p) => p.uuid.toLowerCase() === uuid);
    if (!pool) throw new NotFoundError(`no btrfs pool with uuid ${uuid} on this machine`);
    return { pool, snap };
  };

  app.get('/api/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  app.get('/api/status', async (_req, res) => {
    const body: WatchStatus = { version: 0, scannedAt: null, error: null };
    if (deps.watcher) {
      body.version = deps.watcher.version;
      body.scannedAt = deps.watcher.lastScannedAt;
      const e = deps.watcher.lastError;
      body.error = e ? { code: e instanceof HostError ? 'host-error' : 'internal', message: e.message } : null;
    }
    res.json(body);
  });

  app.get('/api/events', (req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache', Connection: 'keep-alive' });
    const send = () => {
      const w = deps.watcher;
      const e = w?.lastError;
      const status: WatchStatus = {
        version: w?.version ?? 0,
        scannedAt: w?.lastScannedAt ?? null,
        error: e ? { code: e instanceof HostError ? 'host-error' : 'internal', message: e.message } : null,
      };
      res.write(`event: ${CHANGE_EVENT}\ndata: ${JSON.stringify(status)}\n\n`);
    };
    send();
    deps.watcher?.on('change', send);
    const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), SSE_HEARTBEAT_MS);
    req.on('close', () => {
      clearInterval(heartbeat);
      deps.watcher?.off('change', send);
    });
  });

  app.get('/api/pools', async (_req, res) => {
    const { pools, snap } = await views();
    const body: PoolViewsResponse = { pools, scannedAt: snap.scannedAt };
    res.json(body);
  });

  app.get('/api/pools/:uuid', async (req, res) => {
    const { pool, snap } = await findPool(parseUuid(req.params.uuid));
    const body: PoolViewResponse = { pool, scannedAt: snap.scannedAt };
    res.json(body);
  });

  app.put('/api/pools/:uuid/manage', async (req, res) => {
    const uuid = parseUuid(req.params.uuid);
    const input = ManageRequest.safeParse(req.body);
    if (!input.success) throw new ValidationError('body must be { "managed": true | false }', input.error.issues);
    const { pool: before } = await findPool(uuid);
    deps.managed.set(before.uuid, before.label, input.data.managed, now().toISOString());
    const { pool, snap } = await findPool(uuid);
    const body: PoolViewResponse = { pool, scannedAt: snap.scannedAt };
    res.json(body);
  });

  app.get('/api/disks', async (_req, res) => {
    const snap = await deps.inventory.snapshot();
    res.json({ disks: snap.disks, scannedAt: snap.scannedAt });
  });

  app.use('/api', notFoundRoute);

  if (deps.uiDir) {
    const uiDir = deps.uiDir;
    app.use(express.static(uiDir, { index: false, maxAge: '1h' }));
    // Client-side routes: every other GET gets the app shell.
    app.get(/^\/(?!api\/).*/, (_req, res) => res.sendFile(join(uiDir, 'index.html')));
  }
  app.use(notFoundRoute);
  app.use(errorHandler);
  return app;
}
