/**
 * `npm start` ends here: validate the environment, open the database, serve the API and UI.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { AuthService } from './auth/auth-service.ts';
import { ConfigError, loadConfig } from './config.ts';
import { RealHost } from './host/real-host.ts';
import { createApp } from './http/app.ts';
import { InventoryService } from './inventory/inventory-service.ts';
import { createJobs } from './jobs/action-service.ts';
import { loadSmartConfig } from './smart/smart-config.ts';
import { createSmartFeature } from './smart/smart-feature.ts';
import { openDb } from './store/db.ts';
import { InventoryStore } from './store/inventory-store.ts';
import { ManagedPoolStore } from './store/managed-store.ts';
import { PoolWatcher } from './watch/watcher.ts';

async function start(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`poolwatch: ${err.message}`);
      process.exit(2);
    }
    throw err;
  }
  let db;
  try {
    db = openDb(config.dbFile);
  } catch (err) {
    console.error(`poolwatch: cannot open the database ${config.dbFile}: ${(err as Error).message}`);
    console.error('poolwatch: set POOLWATCH_DATA_DIR to a writable folder');
    process.exit(2);
  }
  const auth = new AuthService(db);
  if (config.bootstrapAdmin && (await auth.bootstrapAdmin(config.bootstrapAdmin.username, config.bootstrapAdmin.password))) {
    console.log(`poolwatch: created admin user "${config.bootstrapAdmin.username}" from POOLWATCH_ADMIN_PASSWORD`);
  } else if (auth.setupRequired()) {
    console.warn('poolwatch: no user yet: open the web UI to create the first admin (or set POOLWATCH_ADMIN_PASSWORD)');
  } else if (config.bootstrapAdmin) {
    console.log('poolwatch: users exist, so POOLWATCH_ADMIN_PASSWORD is ignored (it never resets a password)');
  }
  const host = new RealHost();
  const inventory = new InventoryService(host, new InventoryStore(db), { fullScanMs: config.fullScanSeconds * 1000 });
  const builtUi = config.uiDir ?? join(import.meta.dirname, '..', 'dist', 'ui');
  const uiDir = existsSync(join(builtUi, 'index.html')) ? builtUi : undefined;
  if (!uiDir) console.warn(`poolwatch: no built UI in ${builtUi} (run npm run build); serving the API only`);
  const watcher = new PoolWatcher(inventory);
  watcher.on('error', (err) => console.error(`poolwatch: scan failed: ${err.message}`));
  watcher.start();
  const jobs = createJobs({ host, db, inventory, mountRoot: config.mountRoot });
  // Jobs the journal says were running when poolwatch last stopped: follow them again or record how they ended.
  for (const job of await jobs.runner.reconcile()) console.log(`poolwatch: job ${job.id} (${job.kind}) after restart: ${job.state}`);
  let smartConfig;
  try {
    smartConfig = loadSmartConfig();
  } catch (err) {
    console.error(`poolwatch: ${(err as Error).message}`);
    process.exit(2);
  }
  // SMART: re-applies remembered ERC values, then reads each disk at most every refresh interval.
  const smart = createSmartFeature({ host, db, inventory, jobs: jobs.runner, config: smartConfig, mountRoot: config.mountRoot });
  smart.service.start();
  const app = createApp({ host, db, inventory, managed: new ManagedPoolStore(db), watcher, now: () => new Date(), mountRoot: config.mountRoot, auth, jobs, smart }, { uiDir });
  const server = app.listen(config.port, config.host, () => {
    console.log(`poolwatch: serving on http://${config.host}:${config.port} (data in ${config.dbFile})`);
  });
  server.on('error', (err) => {
    console.error(`poolwatch: cannot listen on ${config.host}:${config.port}: ${err.message}`);
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
