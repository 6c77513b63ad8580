/**
 * Tests build the graph the server runs (server/compose.ts), with a strict fake host and a fake
 * clock unless they ask for the real ones (integration tests on lab pools).
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Clock } from '../clock.ts';
import { compose, type Graph } from '../compose.ts';
import { loadConfig, type Config } from '../config.ts';
import type { ConfigFiles } from '../host/config-files.ts';
import type { Host } from '../host/host.ts';
import { createApp } from '../http/app.ts';
import type { SnapshotSource } from '../inventory/inventory-service.ts';
import { FakeClock } from './clock.ts';
import { FakeHost } from './fake-host.ts';

export interface TestGraphOptions<C extends Clock = FakeClock> {
  /** Default: a FakeHost that answers nothing (any command or read fails the test). */
  host?: Host;
  /** Default: a FakeClock at TEST_NOW that moves as the code sleeps (polls run at once). */
  clock?: C;
  /** Environment the config is loaded from (as the server reads it). */
  env?: Record<string, string>;
  /** Set after loading: default an in-memory database (unless env names a data folder). */
  config?: Partial<Config>;
  inventory?: SnapshotSource;
  files?: ConfigFiles;
}

/** The config a test server runs with: `env` as the environment, then `over` (in-memory database by default). */
export function testConfig(env: Record<string, string> = {}, over: Partial<Config> = {}): Config {
  const c = loadConfig({ POOLWATCH_DATA_DIR: '/nonexistent/poolwatch-test', ...env });
  return { ...c, dbFile: env.POOLWATCH_DATA_DIR ? c.dbFile : ':memory:', ...over };
}

export type TestGraph<C extends Clock = FakeClock> = Graph & { clock: C };

export function testGraph<C extends Clock = FakeClock>(opts: TestGraphOptions<C> = {}): TestGraph<C> {
  const clock = (opts.clock ?? new FakeClock()) as C;
  const seams = { ...(opts.inventory ? { inventory: opts.inventory } : {}), ...(opts.files ? { files: opts.files } : {}) };
  return compose(testConfig(opts.env, opts.config), opts.host ?? new FakeHost([]), clock, seams) as TestGraph<C>;
}

export interface Served {
  server: Server;
  base: string;
  close(): Promise<void>;
}

/** The graph's Express app on an ephemeral port of 127.0.0.1. close() stops the server (not the graph). */
export async function serve(graph: Graph): Promise<Served> {
  const server = createApp(graph).listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    server,
    base,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

/** An admin and a viewer API token (named admin-token and viewer-token, created by `test`). */
export function apiTokens(graph: Graph): { admin: string; viewer: string } {
  return {
    admin: graph.auth.createToken('test', 'admin-token', 'admin').secret,
    viewer: graph.auth.createToken('test', 'viewer-token', 'viewer').secret,
  };
}
