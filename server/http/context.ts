import type { InventoryService } from '../inventory/inventory-service.ts';
import type { Db } from '../store/db.ts';
import type { ManagedPoolStore } from '../store/managed-store.ts';
import type { PoolWatcher } from '../watch/watcher.ts';
import type { Host } from '../host/host.ts';
import type { AuthService } from '../auth/auth-service.ts';
import type { Jobs } from '../jobs/action-service.ts';
import type { SmartFeature } from '../smart/smart-feature.ts';

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
  /** POOLWATCH_MOUNT_ROOT: where guidance proposes to mount unmounted pools (default /mnt2). */
  mountRoot?: string;
  /** Users, sessions, tokens. createApp makes one over `db` when absent (tests). */
  auth?: AuthService;
  /** The job runner and maintenance actions (server/jobs); made on first use when absent (tests). */
  jobs?: Jobs;
  /** SMART service and smartd (server/smart); made on first use when absent (tests), started by main. */
  smart?: SmartFeature;
}
