/**
 * `npm start` ends here: load the config, take the data dir (one server per data dir), compose the
 * graph (server/compose.ts), serve the API and UI over http or https, and stop cleanly on a signal.
 * Nothing is built here: compose() builds everything.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { basename, dirname, join } from 'node:path';
import { systemClock } from './clock.ts';
import { compose, StartupError, type Graph } from './compose.ts';
import { ConfigError, loadConfig, type Config } from './config.ts';
import { ValidationError } from './errors.ts';
import { RealHost } from './host/real-host.ts';
import { createApp } from './http/app.ts';
import { listenCockpitSockets } from './listeners.ts';
import { metricsOnlyApp } from './http/routes/metrics.ts';
import { log } from './log.ts';
import { DataDirLockedError, lockDataDir } from './store/data-dir-lock.ts';

/** dist/: this file's parent when it runs compiled (dist/server/main.mjs), else the checkout's dist/. */
function distDir(): string {
  const here = import.meta.dirname;
  return basename(here) === 'server' && basename(dirname(here)) === 'dist' ? dirname(here) : join(here, '..', 'dist');
}

/** Exit 2: a configuration or start-up problem that a restart will not fix (the unit does not restart on it). */
function fatal(message: string): never {
  log.error(message);
  process.exit(2);
}

/** The TLS key pair, read once at start; a missing or unreadable file stops the start with its name. */
function tlsOptions(tls: NonNullable<Config['security']['tls']>): { cert: Buffer; key: Buffer } {
  const read = (variable: string, path: string) => {
    try {
      return readFileSync(path);
    } catch (err) {
      return fatal(`${variable}: cannot read ${path}: ${(err as Error).message}`);
    }
  };
  return { cert: read('POOLWATCH_TLS_CERT', tls.cert), key: read('POOLWATCH_TLS_KEY', tls.key) };
}

function listenError(err: NodeJS.ErrnoException, config: Config): string {
  const where = `${config.host}:${config.port}`;
  if (err.code === 'EADDRINUSE') return `cannot listen on ${where}: the port is in use by another program (set PORT to a free one)`;
  if (err.code === 'EACCES') return `cannot listen on ${where}: permission denied (ports below 1024 need root)`;
  if (err.code === 'EADDRNOTAVAIL') return `cannot listen on ${where}: ${config.host} is not an address of this machine (set HOST)`;
  return `cannot listen on ${where}: ${err.message}`;
}

async function start(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) fatal(err.message);
    throw err;
  }
  // The folder must exist before it can be locked; openDb (in compose) gives it mode 0700.
  let lock;
  try {
    mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
    lock = await lockDataDir(config.dataDir, { port: config.port });
  } catch (err) {
    if (err instanceof DataDirLockedError) fatal(err.message);
    fatal(`cannot use the data dir ${config.dataDir}: ${(err as Error).message}; set POOLWATCH_DATA_DIR to a writable folder`);
  }
  let graph: Graph;
  try {
    graph = compose(config, new RealHost(config.commands), systemClock);
  } catch (err) {
    if (err instanceof StartupError) fatal(err.message);
    throw err;
  }
  const builtUi = config.uiDir ?? join(distDir(), 'ui');
  const uiDir = existsSync(join(builtUi, 'index.html')) ? builtUi : undefined;
  if (!uiDir) log.warn(`no built UI in ${builtUi} (run npm run build); serving the API only`);
  try {
    await graph.start(log);
  } catch (err) {
    // POOLWATCH_ADMIN_PASSWORD refused by the password policy (a common password …).
    if (err instanceof ValidationError) fatal(`POOLWATCH_ADMIN_PASSWORD: ${err.message.replace(/^password: /, '')}`);
    throw err;
  }
  const app = createApp(graph, { uiDir });
  const server: Server = config.security.tls ? createHttpsServer(tlsOptions(config.security.tls), app) : createHttpServer(app);
  await new Promise<void>((resolve) => {
    server.once('error', (err: NodeJS.ErrnoException) => {
      log.error(listenError(err, config));
      process.exit(1);
    });
    server.listen(config.port, config.host, () => resolve());
  });
  const scheme = config.security.tls ? 'https' : 'http';
  log.info(`serving on ${scheme}://${config.host.includes(':') ? `[${config.host}]` : config.host}:${config.port} (data in ${config.dbFile})`);
  if (config.security.trustProxy) log.info(`trusting X-Forwarded-For/-Proto/-Host from ${config.security.trustProxy.join(', ')}`);
  if (!config.security.allowedHosts) log.info(`answering to the host names ${graph.allowedHosts.join(', ')} (others get 421; add names with POOLWATCH_ALLOWED_HOSTS)`);
  // For Cockpit (ADR 016): the same app on two Unix sockets whose modes decide the role.
  let sockets: Awaited<ReturnType<typeof listenCockpitSockets>> = [];
  if (config.socket) {
    try {
      sockets = await listenCockpitSockets(app, config.socket, { groupIsDefault: !process.env.POOLWATCH_SOCKET_GROUP, warn: log.warn });
      log.info(`serving Cockpit on ${config.socket.viewer} (read-only, group ${config.socket.group}) and ${config.socket.admin} (admin, root only)`);
    } catch (err) {
      log.error((err as Error).message);
      process.exit(2);
    }
  }
  // POOLWATCH_METRICS_LISTEN: GET /metrics only, without login, for a scraper on a private network.
  const metricsServer = config.metricsListen
    ? metricsOnlyApp(graph.metrics).listen(config.metricsListen.port, config.metricsListen.host, () => {
      log.info(`serving /metrics without login on http://${config.metricsListen!.host}:${config.metricsListen!.port}`);
    })
    : null;
  metricsServer?.on('error', (err) => {
    log.error(`cannot listen on POOLWATCH_METRICS_LISTEN ${config.metricsListen!.host}:${config.metricsListen!.port}: ${err.message}`);
    process.exit(1);
  });
  const stop = () => {
    for (const s of sockets) s.close();
    metricsServer?.close();
    server.close();
    graph.stop();
    void lock.release().finally(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

await start();
