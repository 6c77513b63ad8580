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
import { BundleService } from './bundle/bundle-service.ts';
import type { Clock } from './clock.ts';
import type { Config } from './config.ts';
import { DEFAULT_THRESHOLDS } from '../contracts/settings.ts';
import { RealConfigFiles, type ConfigFiles } from './host/config-files.ts';
import type { Host } from './host/host.ts';
import { machineHosts } from './host/machine-names.ts';
import { log as serverLog, type Log } from './log.ts';
import { SysfsScrubSpeed, type ScrubSpeed } from './host/scrub-speed.ts';
import { ConflictError } from './errors.ts';
import { MetricsService } from './metrics/metrics-service.ts';
import { ScrubFactsReader } from './metrics/scrub-facts.ts';
import { MonitorService } from './notify/monitor-service.ts';
import { NotifyService } from './notify/notify-service.ts';
import { Scheduler } from './schedules/scheduler.ts';
import { CounterHistoryService } from './services/counter-history.ts';
import { poolViews, type PoolSignals } from './services/pool-views.ts';
import { SettingsService } from './services/settings-service.ts';
import { NotifyStore } from './store/notify-store.ts';
import { ScheduleStore } from './store/schedule-store.ts';
import { SettingsStore } from './store/settings-store.ts';
import { POOLWATCH_VERSION } from './version.ts';
import { InventoryService, type Snapshot, type SnapshotSource } from './inventory/inventory-service.ts';
import { ActionService, actionAuditName } from './jobs/action-service.ts';
import { JobRunner } from './jobs/job-runner.ts';
import { JobStore } from './jobs/job-store.ts';
import { SmartErcControl } from './smart/smart-erc.ts';
import { SmartReader } from './smart/smart-reader.ts';
import { SmartSelfTests } from './smart/smart-self-tests.ts';
import { SmartService } from './smart/smart-service.ts';
import { SmartdManager } from './smart/smartd.ts';
import { IdentifyService } from './services/identify-service.ts';
import { AuditRefusals } from './services/audit-refusals.ts';
import { AuditRetention } from './services/audit-retention.ts';
import { AuditStore } from './store/audit-store.ts';
import { AuthStore } from './store/auth-store.ts';
import { DataDirHealth } from './store/data-dir.ts';
import { openDb, type Db } from './store/db.ts';
import { InventoryStore } from './store/inventory-store.ts';
import { ManagedPoolStore } from './store/managed-store.ts';
import { SmartStore } from './store/smart-store.ts';
import { PoolWatcher, scannerOf } from './watch/watcher.ts';
import { ViewCache } from './http/view-cache.ts';

/** How long a pool view waits for the first SMART read of a disk it has never read (then it answers without). */
const FIRST_SMART_READ_MS = 1500;

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
  notify: NotifyStore;
  schedules: ScheduleStore;
  settings: SettingsStore;
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
  /**
   * The snapshot everything reads (routes, actions, SMART, monitoring): the watcher's, never the
   * machine directly (ADR 021). `snapshot({ force: true })` scans now (actions about to act).
   */
  inventory: SnapshotSource;
  /** The one reader of the machine: cheap kernel facts every second, a full scan when they say so. */
  watcher: PoolWatcher;
  /** The full scan (null when a test handed the graph a made-up snapshot source). */
  scanner: InventoryService | null;
  /** The HTTP views, rendered once per change. */
  views: ViewCache;
  jobs: JobRunner;
  actions: ActionService;
  smart: SmartService;
  smartd: SmartdManager;
  /** Identify / blink a disk (ADR 024). */
  identify: IdentifyService;
  /** Issue 12: channels and the outbox; what turns snapshot changes into notifications. */
  notify: NotifyService;
  monitor: MonitorService;
  scheduler: Scheduler;
  /** Thresholds, settings export/import. */
  settings: SettingsService;
  counters: CounterHistoryService;
  metrics: MetricsService;
  bundle: BundleService;
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
  /** scrub_speed_max writes (tests of scheduled scrubs without a kernel). */
  scrubSpeed?: ScrubSpeed;
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
    notify: new NotifyStore(db),
    schedules: new ScheduleStore(db),
    settings: new SettingsStore(db),
  };
  const writes = new DataDirHealth(config.dataDir, clock, config.dbFile !== ':memory:');
  const refusals = new AuditRefusals({ audit: stores.audit, clock, writes });
  const auditRetention = new AuditRetention({ audit: stores.audit, clock, writes, maxAgeDays: config.audit.maxAgeDays, maxRows: config.audit.maxRows });
  const auth = new AuthService({ store: stores.auth, audit: stores.audit, refusals, writes, clock, maxParallelHashes: config.security.maxParallelHashes, setupToken: config.security.setupToken });
  const scanner = seams.inventory ? null : new InventoryService(host, stores.inventory, { clock, writes, poolPatienceMs: config.poolPatienceMs, mountRoot: config.mountRoot });
  const watcher = new PoolWatcher({
    scanner: scanner ?? scannerOf(seams.inventory!), host, clock, fullScanMs: config.fullScanSeconds * 1000,
  });
  // A test's made-up machine is read as it is at each call; everything else reads the watcher's snapshot.
  const inventory: SnapshotSource = seams.inventory ?? watcher;
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
  // SMART in parts (server/smart/smart-service.ts): reads and their cache, self-tests, ERC; one facade for the pages and the loop.
  const smartReader = new SmartReader({ host, inventory, store: stores.smart, writes, config: config.smart, clock });
  const smart = new SmartService({
    reader: smartReader,
    selfTests: new SmartSelfTests({ host, reader: smartReader, audit: stores.audit, jobs, config: config.smart, clock }),
    erc: new SmartErcControl({ host, reader: smartReader, store: stores.smart, jobs, config: config.smart, clock }),
    inventory, store: stores.smart, audit: stores.audit, config: config.smart, clock, mountRoot: config.mountRoot,
  });
  // A job's change (a repair or scrub that finished) and a new SMART verdict change a pool's verdict.
  let signalsVersion = 0;
  jobs.on('job', () => {
    signalsVersion++;
  });
  // The views the pages show (S.M.A.R.T. and jobs in the verdict): notifications, metrics and the bundle judge the same.
  const signals: PoolSignals = { smartOf: (key) => smartReader.verdictOf(key), jobsOf: (uuid) => stores.jobs.list({ poolUuid: uuid, limit: 50 }) };
  const views = new ViewCache({
    source: watcher, managed: stores.managed, clock, mountRoot: config.mountRoot, scanOnRead: config.fullScanSeconds === 0,
    freshness: () => ({ ageSeconds: watcher.ageSeconds(), stale: watcher.staleness() }),
    signals,
    signalsVersion: () => `${signalsVersion}.${smartReader.verdictsVersion}`,
    warmUp: () => smartReader.warmUp(FIRST_SMART_READ_MS),
  });
  // Rendered as soon as the watcher publishes, before the pages hear of it and ask.
  watcher.on('change', () => views.refresh());
  const identify = new IdentifyService({ host, inventory, jobs, now: () => clock.now() });
  const smartd = new SmartdManager({
    host, files: seams.files ?? new RealConfigFiles(), audit: stores.audit, config: config.smart, clock,
    candidates: () => smart.smartdCandidates(),
  });

  // ---- monitoring (issue 12): notifications, schedules, settings, counter history, metrics, bundle ----
  const now = () => clock.now();
  const viewsOf = (snap: Snapshot, at: Date) => poolViews(snap, stores.managed.uuids(), at, config.mountRoot, signals);
  const notify = new NotifyService({ store: stores.notify, audit: stores.audit, clock, instance: config.notify.instance, publicUrl: config.notify.publicUrl });
  // The scheduler and the settings need each other only through these late-bound reads.
  let settings: SettingsService | null = null;
  const thresholds = () => settings!.thresholds();
  const monitor = new MonitorService({
    snapshot: () => inventory.snapshot(), views: viewsOf,
    smart: () => smart.summaries(), watcher, jobs, store: stores.notify, notify, settings: thresholds, clock,
  });
  // "poolwatch cannot write its data folder" is told as soon as any write or the minute's probe finds it (not only when the monitor's own write fails), and resolved when the probe writes again.
  writes.on('change', (status) => monitor.reportDataDirError(status.writable ? null : status.reason));
  const scheduler = new Scheduler({
    store: stores.schedules, audit: stores.audit, snapshot: () => inventory.snapshot(), clock,
    startScrub: async (poolUuid, actor) => {
      const { job } = await actions!.run('scrub-start', poolUuid, {}, actor);
      if (!job) throw new Error('the scrub did not start');
      return job;
    },
    startSelfTest: (diskKey, type, actor) => smart.selfTests.start(diskKey, { type }, actor),
    poolBusy: async (poolUuid) => {
      try {
        await jobs.assertPoolFree(poolUuid);
        return null;
      } catch (err) {
        if (err instanceof ConflictError) return err.message;
        throw err;
      }
    },
    job: (id) => jobs.get(id), waitJob: (id) => jobs.wait(id),
    noSmart: async () => new Set((await smart.summaries()).filter((d) => d.status === 'not-available').map((d) => d.diskKey)),
    scrubSpeed: seams.scrubSpeed ?? new SysfsScrubSpeed(),
  });
  settings = new SettingsService({
    settings: stores.settings, audit: stores.audit, notify, scheduler, snapshot: () => inventory.snapshot(), now, instance: config.notify.instance,
    defaults: { ...DEFAULT_THRESHOLDS, ...config.notify.defaults },
  });
  const counters = new CounterHistoryService({ store: stores.inventory, retentionDays: () => thresholds().counterRetentionDays, clock });
  const scrubFacts = new ScrubFactsReader({ host, jobs: () => jobs.list({ limit: 200 }), now });
  const metrics = new MetricsService({
    version: POOLWATCH_VERSION,
    // The views the pages get, rendered once per change (ADR 021): a scrape renders nothing.
    pools: async () => (watcher.lastScannedAt === null ? null : (await views.get()).pools),
    jobs: () => jobs.list({ active: true }),
    scrubs: (pools) => scrubFacts.read(pools),
    smart: async () => (await smart.summaries()).map((summary) => ({ summary, report: smartReader.lastReport(summary.diskKey) })),
    scan: () => ({
      lastScanAt: watcher.lastScannedAt, errorsTotal: watcher.scanErrors, failing: watcher.lastError !== null,
      lastFullScanSeconds: scanner?.lastFullScanMs != null ? scanner.lastFullScanMs / 1000 : null,
    }),
    notify: () => {
      const counts = stores.notify.counts();
      return { failuresByType: notify.failures, queued: counts.queued, failed: counts.failed };
    },
  });
  const bundle = new BundleService({
    host, snapshot: () => inventory.snapshot(), views: (snap) => viewsOf(snap, clock.now()),
    jobs: (limit) => jobs.list({ limit }), audit: (limit) => stores.audit.list({ limit }), config: () => redactedConfig(config),
    version: POOLWATCH_VERSION, smartctl: config.smart.smartctl, instance: config.notify.instance, now,
  });

  let stopped = false;
  return {
    config, host, clock, db, stores, allowedHosts: config.security.allowedHosts ?? machineHosts(config.host), writes, refusals, auditRetention,
    auth, inventory, watcher, scanner, views, jobs, actions, smart, smartd, identify,
    notify, monitor, scheduler, settings, counters, metrics, bundle,
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
      // Notifications first, so the first scan and the jobs reconciled below are told too; messages queued before a restart go out now.
      notify.syncEnvChannels(config.notify.envChannels);
      monitor.start();
      notify.start();
      watcher.on('error', (err) => log.error(`scan failed: ${err.message}`));
      watcher.start();
      // Jobs the journal says were running when poolwatch last stopped: follow them again or record how they ended.
      for (const job of await jobs.reconcile()) log.info(`job ${job.id} (${job.kind}) after restart: ${job.state}`);
      // SMART: re-applies remembered ERC values, then reads each disk at most every refresh interval.
      smart.start();
      // After reconcile: a scrub that is due waits for a replace the journal says still runs.
      scheduler.start();
      counters.start();
    },
    stop() {
      if (stopped) return;
      stopped = true;
      scheduler.stop();
      counters.stop();
      monitor.stop();
      notify.stop();
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

/**
 * What the support bundle shows of the configuration: every setting, no secret. Any field whose
 * name says password, token or secret (the first admin's password, the setup token, a channel's
 * SMTP password, ntfy/Gotify token, webhook key), at any depth, says only whether it is set.
 */
export function redactedConfig(config: Config): Record<string, unknown> {
  return withoutSecrets(config) as Record<string, unknown>;
}

const SECRET_FIELD = /password|token|secret/i;

function withoutSecrets(value: unknown, field = ''): unknown {
  if (SECRET_FIELD.test(field)) return value === null || value === undefined || value === '' ? null : '(set, not shown)';
  if (Array.isArray(value)) return value.map((v) => withoutSecrets(v));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withoutSecrets(v, k)]));
  return value;
}
