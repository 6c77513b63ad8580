/**
 * `npm start` ends here: validate the environment, open the database, serve the API and UI.
 */
import { existsSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { AuthService } from './auth/auth-service.ts';
import { ConfigError, loadConfig } from './config.ts';
import { RealHost } from './host/real-host.ts';
import { createApp } from './http/app.ts';
import { InventoryService } from './inventory/inventory-service.ts';
import { createJobs } from './jobs/action-service.ts';
import { log } from './log.ts';
import { loadSmartConfig } from './smart/smart-config.ts';
import { createSmartFeature } from './smart/smart-feature.ts';
import { openDb } from './store/db.ts';
import { InventoryStore } from './store/inventory-store.ts';
import { ManagedPoolStore } from './store/managed-store.ts';
import { PoolWatcher } from './watch/watcher.ts';

/** dist/: this file's parent when it runs compiled (dist/server/main.mjs), else the checkout's dist/. */
function distDir(): string {
  const here = import.meta.dirname;
  return basename(here) === 'server' && basename(dirname(here)) === 'dist' ? dirname(here) : join(here, '..', 'dist');
}

async function start(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      log.error(err.message);
      process.exit(2);
    }
    throw err;
  }
  let db;
  try {
    db = openDb(config.dbFile);
  } catch (err) {
    log.error(`cannot open the database ${config.dbFile}: ${(err as Error).message}`);
    log.error('set POOLWATCH_DATA_DIR to a writable folder');
    process.exit(2);
  }
  const auth = new AuthService(db);
  if (config.bootstrapAdmin && (await auth.bootstrapAdmin(config.bootstrapAdmin.username, config.bootstrapAdmin.password))) {
    log.info(`created admin user "${config.bootstrapAdmin.username}" from POOLWATCH_ADMIN_PASSWORD`);
  } else if (auth.setupRequired()) {
    log.warn('no user yet: open the web UI to create the first admin (or set POOLWATCH_ADMIN_PASSWORD)');
  } else if (config.bootstrapAdmin) {
    log.info('users exist, so POOLWATCH_ADMIN_PASSWORD is ignored (it never resets a password)');
  }
  const host = new RealHost();
  const inventory = new InventoryService(host, new InventoryStore(db), { fullScanMs: config.fullScanSeconds * 1000 });
  const builtUi = config.uiDir ?? join(distDir(), 'ui');
  const uiDir = existsSync(join(builtUi, 'index.html')) ? builtUi : undefined;
  if (!uiDir) log.warn(`no built UI in ${builtUi} (run npm run build); serving the API only`);
  const watcher = new PoolWatcher(inventory);
  watcher.on('error', (err) => log.error(`scan failed: ${err.message}`));
  watcher.start();
  const jobs = createJobs({ host, db, inventory, mountRoot: config.mountRoot });
  // Jobs the journal says were running when poolwatch last stopped: follow them again or record how they ended.
  for (const job of await jobs.runner.reconcile()) log.info(`job ${job.id} (${job.kind}) after restart: ${job.state}`);
  let smartConfig;
  try {
    smartConfig = loadSmartConfig();
  } catch (err) {
    log.error((err as Error).message);
    process.exit(2);
  }
  // SMART: re-applies remembered ERC values, then reads each disk at most every refresh interval.
  const smart = createSmartFeature({ host, db, inventory, jobs: jobs.runner, config: smartConfig, mountRoot: config.mountRoot });
  smart.service.start();
  const app = createApp({ host, db, inventory, managed: new ManagedPoolStore(db), watcher, now: () => new Date(), mountRoot: config.mountRoot, auth, jobs, smart }, { uiDir });
  const server = app.listen(config.port, config.host, () => {
    log.info(`serving on http://${config.host}:${config.port} (data in ${config.dbFile})`);
  });
  server.on('error', (err) => {
    log.error(`cannot listen on ${config.host}:${config.port}: ${err.message}`);
    process.exit(1);
  });
  const stop = () => {
    watcher.stop();
    smart.service.stop();
    jobs.runner.stop();
    server.close();
    db.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

await start();
