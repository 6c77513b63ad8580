/**
 * The live measures of issue 13 on real lab pools, in one run (bench/run.ts calls it with the lab
 * scenario several-pools up): idle CPU and processes per minute of poolwatch's watcher with one
 * open event stream against the sysfs floor (the same kernel facts read once a second, nothing
 * else); and `GET /api/pools` latency at a fixed request rate with 50 open event streams against
 * `/api/health` at the same rate. Same process, same pools, one after the other.
 */
import { request } from 'node:http';
import type { Clock } from '../server/clock.ts';
import { RealHost } from '../server/host/real-host.ts';
import { readWatchFacts } from '../server/host/watch-facts.ts';
import { serve, testGraph } from '../server/test-support/graph.ts';

export interface LiveOptions {
  /** Seconds each idle window lasts. */
  idleSeconds: number;
  /** Seconds of load at `rate` requests per second. */
  loadSeconds: number;
  rate: number;
  streams: number;
  clock: Clock;
}

export interface IdleResult { cpuMsPerMin: number; processesPerMin: number }
export interface LoadResult { sent: number; answered: number; p50: number; p99: number }
export interface LiveResult { floor: IdleResult; poolwatch: IdleResult; pools: LoadResult; health: LoadResult }

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

function percentile(xs: number[], p: number): number {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
}

/** One GET with keep-alive off (each request its own connection, as browsers' first loads are). */
function get(base: string, path: string, token: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const t = performance.now();
    const req = request(`${base}${path}`, { headers: { authorization: `Bearer ${token}` } }, (res) => {
      res.resume();
      res.on('end', () => (res.statusCode === 200 ? resolve(performance.now() - t) : reject(new Error(`${path}: ${res.statusCode}`))));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Requests at a fixed rate (not one after another): latency as a client sees it under that load. */
async function load(base: string, path: string, token: string, rate: number, seconds: number): Promise<LoadResult> {
  const latencies: number[] = [];
  const pending: Promise<void>[] = [];
  const total = rate * seconds;
  const start = performance.now();
  for (let i = 0; i < total; i++) {
    const due = start + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    pending.push(get(base, path, token).then((ms) => void latencies.push(ms), () => undefined));
  }
  await Promise.all(pending);
  return { sent: total, answered: latencies.length, p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
}

/** Opens an event stream and keeps it open (reads and drops what it sends). */
function openStream(base: string, token: string): () => void {
  const req = request(`${base}/api/events`, { headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' } }, (res) => res.resume());
  req.on('error', () => undefined);
  req.end();
  return () => req.destroy();
}

export async function liveMeasures(o: LiveOptions): Promise<LiveResult> {
  const host = new RealHost();
  const graph = testGraph({
    host, clock: o.clock, config: { fullScanSeconds: 3600 },
    env: { POOLWATCH_SSE_MAX_PER_PRINCIPAL: String(o.streams + 5), POOLWATCH_SSE_MAX_TOTAL: String(o.streams + 10) },
  });
  const served = await serve(graph);
  const token = graph.auth.createToken('bench', 'bench', 'viewer').secret;
  try {
    await graph.watcher.check();
    const known = graph.watcher.peek()?.watch?.known ?? [];

    // The sysfs floor: the same kernel facts, read once a second, nothing else.
    let c0 = cpuMs();
    for (let i = 0; i < o.idleSeconds; i++) {
      readWatchFacts(host, known);
      await sleep(1000);
    }
    const floor: IdleResult = { cpuMsPerMin: ((cpuMs() - c0) * 60) / o.idleSeconds, processesPerMin: 0 };

    // poolwatch: its watcher with one open event stream, nothing changing.
    const close = openStream(served.base, token);
    graph.watcher.start();
    await sleep(1500);
    c0 = cpuMs();
    const p0 = host.activity().started;
    await sleep(o.idleSeconds * 1000);
    const poolwatch: IdleResult = {
      cpuMsPerMin: ((cpuMs() - c0) * 60) / o.idleSeconds,
      processesPerMin: ((host.activity().started - p0) * 60) / o.idleSeconds,
    };
    close();

    // Load: `rate` requests per second with `streams` event streams open.
    const closers = Array.from({ length: o.streams }, () => openStream(served.base, token));
    await sleep(500);
    const pools = await load(served.base, '/api/pools', token, o.rate, o.loadSeconds);
    const health = await load(served.base, '/api/health', token, o.rate, o.loadSeconds);
    for (const c of closers) c();
    return { floor, poolwatch, pools, health };
  } finally {
    graph.watcher.stop();
    await served.close();
    graph.stop();
  }
}
