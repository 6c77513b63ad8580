/**
 * The composition root: the one place that builds poolwatch's object graph. Every store, service,
 * watcher and runner is constructed here, once, from the validated config, one Host and one Clock;
 * everything else receives what it uses as required constructor parameters. server/main.ts (the
 * server), server/cli (the token command) and the tests (server/test-support/graph.ts) all call
 * compose(), so what a test exercises is wired exactly as what runs.
 *
 * Adding a service: construct it in compose() after what it needs, add it to Graph, give routes
 * only the members they use (server/http/app.ts), and start/stop it in start()/stop() if it has a
 * loop. See docs/architecture.md and docs/decisions/011-composition-root.md.
 */
import { AuthService } from './auth/auth-service.ts';
import type { Clock } from './clock.ts';
import type { Config } from './config.ts';
import { RealConfigFiles, type ConfigFiles } from './host/config-files.ts';
import type { Host } from './host/host.ts';
import { machineHosts } from './host/machine-names.ts';
import { log as serverLog, type Log } from './log.ts';
import { InventoryService, type SnapshotSource } from './inventory/inventory-service.ts';
import { ActionService, actionAuditName } from './jobs/action-service.ts';
import { JobRunner } from './jobs/job-runner.ts';
import { JobStore } from './jobs/job-store.ts';
import { SmartService } from './smart/smart-service.ts';
import { SmartdManager } from './smart/smartd.ts';
import { AuditRefusals } from './services/audit-refusals.ts';
import { AuditRetention } from './services/audit-retention.ts';
import { AuditStore } from './store/audit-store.ts';
import { AuthStore } from './store/auth-store.ts';
import { DataDirHealth } from './store/data-dir.ts';
import { openDb, type Db } from './store/db.ts';
import { InventoryStore } from './store/inventory-store.ts';
import { ManagedPoolStore } from './store/managed-store.ts';
import { SmartStore } from './store/smart-store.ts';
import { PoolWatcher } from './watch/watcher.ts';

/** The database could not be opened: main prints it and exits 2 (like a ConfigError). */
export class StartupError extends Error {
  override readonly name = 'StartupError';
}

export interface Stores {
  audit: AuditStore;
  auth: AuthStore;
  inventory: InventoryStore;
  managed: ManagedPoolStore;
  jobs: JobStore;
  smart: SmartStore;
}

export interface Graph {
  config: Config;
  host: Host;
  clock: Clock;
  db: Db;
  stores: Stores;
  /** The Host names the server answers to: POOLWATCH_ALLOWED_HOSTS, else this machine's names and addresses. */
  allowedHosts: string[];
  /** Whether the data dir takes writes; best-effort and must-happen writes go through it. */
  writes: DataDirHealth;
  /** Refusals, aggregated per principal and reason per minute. */
  refusals: AuditRefusals;
  auditRetention: AuditRetention;
  auth: AuthService;
  /** What the routes, actions, SMART and the watcher read the machine through. */
  inventory: SnapshotSource;
  watcher: PoolWatcher;
  jobs: JobRunner;
  actions: ActionService;
  smart: SmartService;
  smartd: SmartdManager;
  /**
   * Starts what runs on its own: the first admin from the environment, the watcher, reconciling
   * the jobs a previous run left running, the SMART loop. `log` gets one line per notable event.
   */
  start(log?: Log): Promise<void>;
  /** Stops every loop and closes the database; the jobs journal keeps running jobs for the next start. */
  stop(): void;
}

/**
 * Seams for tests only (server/test-support/graph.ts): a snapshot source in place of the real
 * inventory (tests of SMART pages on a made-up machine), and the config files smartd writes.
 * Production passes none.
 */
export interface ComposeSeams {
  inventory?: SnapshotSource;
  files?: ConfigFiles;
}

export function compose(config: Config, host: Host, clock: Clock, seams: ComposeSeams = {}): Graph {
  let db: Db;
  try {
    db = openDb(config.dbFile, clock);
  } catch (err) {
    throw new StartupError(`cannot open the database ${config.dbFile}: ${(err as Error).message}; set POOLWATCH_DATA_DIR to a writable folder`);
  }
  const stores: Stores = {
    audit: new AuditStore(db),
    auth: new AuthStore(db),
    inventory: new InventoryStore(db),
    managed: new ManagedPoolStore(db),
    jobs: new JobStore(db),
    smart: new SmartStore(db),
  };
  const writes = new DataDirHealth(config.dataDir, clock, config.dbFile !== ':memory:');
  const refusals = new AuditRefusals({ audit: stores.audit, clock, writes });
  const auditRetention = new AuditRetention({ audit: stores.audit, clock, writes, maxAgeDays: config.audit.maxAgeDays, maxRows: config.audit.maxRows });
  const auth = new AuthService({ store: stores.auth, audit: stores.audit, refusals, writes, clock, maxParallelHashes: config.security.maxParallelHashes, setupToken: config.security.setupToken });
  const inventory = seams.inventory ?? new InventoryService(host, stores.inventory, { clock, writes, fullScanMs: config.fullScanSeconds * 1000, mountRoot: config.mountRoot });
  const watcher = new PoolWatcher(inventory, clock);
  // The runner asks the actions for a finished job's next steps; the actions start jobs on the runner.
  let actions: ActionService | null = null;
  const jobs = new JobRunner({
    host, store: stores.jobs, audit: stores.audit, writes, atomically: (write) => db.transaction(write)(), clock, pollMs: config.jobPollMs,
    finish: (job) => actions!.nextStepsFor(job),
    // After a restart an action's outcome is audited under the name its commands were (ActionService.run).
    auditAction: actionAuditName,
  });
  actions = new ActionService({
    host, inventory, runner: jobs, refusals, counters: stores.inventory, managed: stores.managed, mountRoot: config.mountRoot, clock,
  });
  const smart = new SmartService({
    host, inventory, store: stores.smart, audit: stores.audit, writes, config: config.smart, jobs, clock, mountRoot: config.mountRoot,
  });
  const smartd = new SmartdManager({
    host, files: seams.files ?? new RealConfigFiles(), audit: stores.audit, config: config.smart, clock,
    candidates: () => smart.smartdCandidates(),
  });

  let stopped = false;
  return {
    config, host, clock, db, stores, allowedHosts: config.security.allowedHosts ?? machineHosts(config.host), writes, refusals, auditRetention, auth, inventory, watcher, jobs, actions, smart, smartd,
    async start(log = serverLog) {
      // The data dir probe (one write a minute) and the audit retention.
      writes.start(db);
      refusals.start();
      auditRetention.start();
      const admin = config.bootstrapAdmin;
      if (admin && (await auth.bootstrapAdmin(admin.username, admin.password))) {
        log.info(`created admin user "${admin.username}" from POOLWATCH_ADMIN_PASSWORD`);
      } else if (auth.setupRequired()) {
        log.warn(`no user yet: open the web UI (/setup) and create the first admin with the setup token ${auth.setupToken()} ` +
          '(it changes at every start until an admin exists; or set POOLWATCH_ADMIN_PASSWORD)');
      } else if (admin) {
        log.info('users exist, so POOLWATCH_ADMIN_PASSWORD is ignored (it never resets a password)');
      }
      watcher.on('error', (err) => log.error(`scan failed: ${err.message}`));
      watcher.start();
      // Jobs the journal says were running when poolwatch last stopped: follow them again or record how they ended.
      for (const job of await jobs.reconcile()) log.info(`job ${job.id} (${job.kind}) after restart: ${job.state}`);
      // SMART: re-applies remembered ERC values, then reads each disk at most every refresh interval.
      smart.start();
    },
    stop() {
      if (stopped) return;
      stopped = true;
      watcher.stop();
      smart.stop();
      jobs.stop();
      refusals.stop();
      auditRetention.stop();
      writes.stop();
      db.close();
    },
  };
}
