import type { InventoryService } from '../inventory/inventory-service.ts';
import type { Db } from '../store/db.ts';
import type { ManagedPoolStore } from '../store/managed-store.ts';
import type { PoolWatcher } from '../watch/watcher.ts';
import type { Host } from '../host/host.ts';

/**
 * Everything route modules may use. Each feature adds its routes as its own router module
 * (server/http/routes/<feature>.ts) taking this context; app.ts only mounts them.
 */
export interface AppContext {
  host: Host;
  db: Db;
  inventory: InventoryService;
  managed: ManagedPoolStore;
  /** Present in the running server; tests of plain routes may leave it out. */
  watcher?: PoolWatcher;
  now: () => Date;
}
