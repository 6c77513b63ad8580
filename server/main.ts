/**
 * `npm start` ends here: load the config, compose the graph (server/compose.ts), serve the API and
 * UI, and stop cleanly on a signal. Nothing is built here: compose() builds everything.
 */
import { existsSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { systemClock } from './clock.ts';
import { compose, StartupError, type Graph } from './compose.ts';
import { ConfigError, loadConfig } from './config.ts';
import { RealHost } from './host/real-host.ts';
import { createApp } from './http/app.ts';
import { log } from './log.ts';

/** dist/: this file's parent when it runs compiled (dist/server/main.mjs), else the checkout's dist/. */
function distDir(): string {
  const here = import.meta.dirname;
  return basename(here) === 'server' && basename(dirname(here)) === 'dist' ? dirname(here) : join(here, '..', 'dist');
}

async function start(): Promise<void> {
  let graph: Graph;
  try {
    const config = loadConfig();
    graph = compose(config, new RealHost(config.commands), systemClock);
  } catch (err) {
    if (err instanceof ConfigError || err instanceof StartupError) {
      log.error(err.message);
      process.exit(2);
    }
    throw err;
  }
  const { config } = graph;
  const builtUi = config.uiDir ?? join(distDir(), 'ui');
  const uiDir = existsSync(join(builtUi, 'index.html')) ? builtUi : undefined;
  if (!uiDir) log.warn(`no built UI in ${builtUi} (run npm run build); serving the API only`);
  await graph.start(log);
  const server = createApp(graph, { uiDir }).listen(config.port, config.host, () => {
    log.info(`serving on http://${config.host}:${config.port} (data in ${config.dbFile})`);
  });
  server.on('error', (err) => {
    log.error(`cannot listen on ${config.host}:${config.port}: ${err.message}`);
    process.exit(1);
  });
  const stop = () => {
    server.close();
    graph.stop();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

await start();
