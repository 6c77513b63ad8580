/**
 * Shared by the jobs integration tests (server/jobs/*.int.test.ts): the real app on an ephemeral port with an
 * admin API token, its own database, and a mount root inside the test's lab folder.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JobResponse, type Job } from '../contracts/jobs.ts';
import type { Disk } from '../contracts/api.ts';
import type { PoolView } from '../contracts/views.ts';
import { teardown } from './lab.ts';
import { systemClock, type Clock } from '../server/clock.ts';
import type { Host } from '../server/host/host.ts';
import { RealHost } from '../server/host/real-host.ts';
import { serve, testGraph, type Served, type TestGraph } from '../server/test-support/graph.ts';

/** Status polls in tests: fast enough to see a throttled operation move. */
export const TEST_POLL_MS = 300;

export interface TestServer {
  /** The graph serving now (a new one after restart()). */
  readonly graph: TestGraph<Clock>;
  dataDir: string;
  mountRoot: string;
  readonly base: string;
  /**
   * What a restart of poolwatch gives: the running graph's job runner stops (the journal keeps
   * its jobs as running), and a new graph on the same database serves from now on. Nothing is
   * reconciled: the test calls graph.jobs.reconcile() when it wants to.
   */
  restart(): Promise<TestGraph<Clock>>;
  api(path: string, init?: { method?: string; body?: unknown }): Promise<{ status: number; body: Record<string, unknown> }>;
  action(uuid: string, action: string, body?: Record<string, unknown>): Promise<{ status: number; body: Record<string, unknown> }>;
  pool(uuid: string): Promise<PoolView>;
  disks(): Promise<Disk[]>;
  /** Waits until the job ended; records every progress the runner emitted meanwhile. */
  waitJob(id: string, timeoutMs?: number): Promise<{ job: Job; seen: Job[] }>;
  /** Unmounts whatever the actions mounted under the mount root (before the lab detaches its loops). */
  unmountAll(): Promise<void>;
  close(): Promise<void>;
}

/** `host`: a RealHost of the test's own (e.g. one that garbles one pool's output, to test isolation). */
export async function startTestServer(labRoot: string, opts: { host?: Host } = {}): Promise<TestServer> {
  const dataDir = await mkdtemp(join(tmpdir(), 'poolwatch-jobs-it-'));
  const mountRoot = join(labRoot, 'mnt2');
  const host = opts.host ?? new RealHost();
  const make = () => testGraph({
    host, clock: systemClock,
    env: { POOLWATCH_DATA_DIR: dataDir, POOLWATCH_MOUNT_ROOT: mountRoot },
    config: { fullScanSeconds: 0, jobPollMs: TEST_POLL_MS },
  });
  const seen = new Map<string, Job[]>();
  const open = async (): Promise<{ graph: TestGraph<Clock>; served: Served }> => {
    const graph = make();
    graph.jobs.on('job', (job) => {
      const list = seen.get(job.id) ?? [];
      list.push(job);
      seen.set(job.id, list);
    });
    return { graph, served: await serve(graph) };
  };
  let current = await open();
  const retired: TestGraph<Clock>[] = [];
  const token = current.graph.auth.createToken('jobs-int-test', 'jobs-int-test', 'admin').secret;

  const api: TestServer['api'] = async (path, init = {}) => {
    const res = await fetch(`${current.served.base}${path}`, {
      method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  const t: TestServer = {
    get graph() {
      return current.graph;
    },
    get base() {
      return current.served.base;
    },
    dataDir, mountRoot,
    async restart() {
      current.graph.jobs.stop();
      await current.served.close();
      // Its database stays open until close(): late callbacks of the old graph write nothing, but must not crash.
      retired.push(current.graph);
      current = await open();
      return current.graph;
    },
    api,
    action: (uuid, action, body = {}) => api(`/api/pools/${uuid}/actions/${action}`, { body }),
    async pool(uuid) {
      const r = await api(`/api/pools/${uuid}`);
      if (r.status !== 200) throw new Error(`GET pool ${uuid}: ${r.status} ${JSON.stringify(r.body)}`);
      return r.body.pool as PoolView;
    },
    async disks() {
      return (await api('/api/disks')).body.disks as Disk[];
    },
    async waitJob(id, timeoutMs = 60_000) {
      const until = Date.now() + timeoutMs;
      for (;;) {
        const r = await api(`/api/jobs/${id}`);
        const job = JobResponse.parse(r.body).job;
        if (job.state !== 'queued' && job.state !== 'running') return { job, seen: seen.get(id) ?? [] };
        if (Date.now() > until) throw new Error(`job ${id} (${job.kind}) still ${job.state} after ${timeoutMs} ms: ${JSON.stringify(job.progress)}`);
        await new Promise((res) => setTimeout(res, 200));
      }
    },
    async unmountAll() {
      await teardown(mountRoot);
    },
    async close() {
      await current.served.close();
      current.graph.stop();
      for (const g of retired) g.stop();
      // Pools the actions mounted under the test's mount root come off before the lab detaches loops.
      await teardown(mountRoot).catch(() => undefined);
      await rm(dataDir, { recursive: true, force: true });
    },
  };
  return t;
}

export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export const MIB = 1024 * 1024;
