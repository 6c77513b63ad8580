/**
 * Builds the SMART feature (service + smartd manager) from the server's shared pieces; the server
 * starts it (ERC re-apply, periodic refresh) and the routes use it.
 */
import { RealConfigFiles, type ConfigFiles } from '../host/config-files.ts';
import type { Host } from '../host/host.ts';
import { AuditStore } from '../store/audit-store.ts';
import type { Db } from '../store/db.ts';
import { SmartStore } from '../store/smart-store.ts';
import { loadSmartConfig, type SmartConfig } from './smart-config.ts';
import { SmartService, type SmartJobStarter, type SnapshotSource } from './smart-service.ts';
import { SmartdManager } from './smartd.ts';

export interface SmartFeature {
  service: SmartService;
  smartd: SmartdManager;
  config: SmartConfig;
}

export interface SmartFeatureDeps {
  host: Host;
  db: Db;
  inventory: SnapshotSource;
  jobs: SmartJobStarter;
  now?: () => Date;
  config?: SmartConfig;
  files?: ConfigFiles;
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  /** POOLWATCH_MOUNT_ROOT (server/config.ts): the mount point replace advice proposes for an unmounted pool. */
  mountRoot?: string;
}

export function createSmartFeature(deps: SmartFeatureDeps): SmartFeature {
  const config = deps.config ?? loadSmartConfig();
  const now = deps.now ?? (() => new Date());
  const audit = new AuditStore(deps.db);
  const service = new SmartService({
    host: deps.host, inventory: deps.inventory, store: new SmartStore(deps.db), audit, config, jobs: deps.jobs, now,
    ...(deps.sleep ? { sleep: deps.sleep } : {}),
    mountRoot: deps.mountRoot,
  });
  const smartd = new SmartdManager({
    host: deps.host, files: deps.files ?? new RealConfigFiles(), audit, config, now,
    candidates: () => service.smartdCandidates(),
  });
  return { service, smartd, config };
}
