/**
 * The measures of issue 13 taken against the compiled server in its own process (bench/compiled-
 * server.ts), with the load from a third process (wrk, bench/wrk.ts):
 *  - start: spawn → answering, and resident memory once the first scan is done and it idles;
 *  - `GET /api/pools` at a fixed rate with 50 open event streams, beside `/api/health` at the same
 *    rate (what the machine itself costs a request), the server's CPU per request, the load average;
 *  - memory over a long load run (10 minutes; `--quick`: 1 minute): RSS at the start, the end, the peak;
 *  - cold first contentful paint and time to the header banner in Chromium (/usr/bin/chromium).
 * The machine is shared with other work: every row names the load average it ran under.
 */
import { loadavg } from 'node:os';
import { existsSync } from 'node:fs';
import { chromium } from '@playwright/test';
import { openStreams, startCompiledServer, type CompiledServer } from './compiled-server.ts';
import type { RecordRow } from './login-flood.ts';
import { wrkLoad, wrkUnavailable, type WrkResult } from './wrk.ts';


const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const load1 = () => loadavg()[0]!.toFixed(1);
const mib = (x: number) => `${x.toFixed(0)} MiB`;
const STREAMS = 50;
const RATE = 200;
const CHROMIUM = '/usr/bin/chromium';

/** Waits until the server has scanned (its pools answer) and SMART settled, then lets it idle. */
async function settled(s: CompiledServer): Promise<void> {
  const r = await fetch(`${s.base}/api/pools`, { headers: { authorization: `Bearer ${s.token}` } });
  if (!r.ok) throw new Error(`GET /api/pools answered ${r.status}`);
  await r.arrayBuffer();
  await sleep(5000);
}

/** `rate` req/s on `path` for `seconds`, with the server's CPU per request. */
async function loadOn(s: CompiledServer, path: string, seconds: number): Promise<WrkResult & { cpuPerRequest: number; load: string }> {
  const c0 = s.cpuMs();
  const r = await wrkLoad(`${s.base}${path}`, s.token, { rate: RATE, seconds });
  return { ...r, cpuPerRequest: (s.cpuMs() - c0) / Math.max(1, r.requests), load: load1() };
}

const latency = (r: WrkResult & { cpuPerRequest: number; load: string }) =>
  `${r.requests - r.errors}/${r.requests} answered (${(r.requests / r.seconds).toFixed(0)} req/s), p50 ${r.p50.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms, max ${r.max.toFixed(0)} ms; server CPU ${r.cpuPerRequest.toFixed(2)} ms/request; load average ${r.load}`;

export interface ServedOptions {
  quick: boolean;
  /** What the machine holds (named in the rows): e.g. "3 lab pools". */
  pools: string;
  /** Also run the long memory run and Chromium (the 3-pool run; the 33-pool one only measures load). */
  full: boolean;
}

export async function servedMeasures(record: RecordRow, o: ServedOptions): Promise<{ startMs: number; idleRss: number }> {
  const why = await wrkUnavailable();
  const s = await startCompiledServer({ POOLWATCH_SSE_MAX_PER_PRINCIPAL: String(STREAMS + 5), POOLWATCH_SSE_MAX_TOTAL: String(STREAMS + 10) });
  try {
    await settled(s);
    const idle = s.rss();
    if (o.full) {
      record(
        `compiled server (\`node dist/server/main.mjs\`, no tsx): start and idle RSS, ${o.pools}`,
        `answering after ${s.startMs.toFixed(0)} ms; idle RSS ${mib(idle.now)} after the first scan (peak so far ${mib(idle.peak)}); load average ${load1()}`,
        'start ≤ 1000 ms, idle RSS ≤ 110 MiB', s.startMs <= 1000 && idle.now <= 110,
      );
    }
    if (why) {
      record(`GET /api/pools at ${RATE} req/s with ${STREAMS} open event streams, ${o.pools}`, `not run: ${why}`, 'every request answered, p99 ≤ 20 ms', null);
      return { startMs: s.startMs, idleRss: idle.now };
    }
    const close = openStreams(s.base, s.token, STREAMS);
    try {
      await sleep(500);
      // 5 s of the same load first, unmeasured: the JIT and the young generation settle to the rate.
      await wrkLoad(`${s.base}/api/pools`, s.token, { rate: RATE, seconds: 5 });
      const seconds = o.quick ? 15 : 60;
      const pools = await loadOn(s, '/api/pools', seconds);
      const health = await loadOn(s, '/api/health', seconds);
      record(
        `GET /api/pools at ${RATE} req/s with ${STREAMS} open event streams, ${o.pools} (wrk in its own process, ${seconds} s)`,
        `${latency(pools)} — /api/health at the same rate: p50 ${health.p50.toFixed(1)} ms, p99 ${health.p99.toFixed(1)} ms, ${health.cpuPerRequest.toFixed(2)} ms/request, load average ${health.load}`,
        'every request answered, p99 ≤ 20 ms', pools.errors === 0 && pools.p99 <= 20,
      );
      if (!o.full) return { startMs: s.startMs, idleRss: idle.now };
      // Memory over a long run: RSS sampled every 5 s under the same load. The heap breathes (RSS
      // rises until a full collection, then falls): flat means the second half peaks no higher than the first.
      const minutes = o.quick ? 1 : 10;
      const start = s.rss().now;
      const samples: number[] = [];
      const sampler = setInterval(() => samples.push(s.rss().now), 5000);
      const long = await loadOn(s, '/api/pools', minutes * 60).finally(() => clearInterval(sampler));
      const end = s.rss();
      const half = Math.floor(samples.length / 2);
      const first = Math.max(start, ...samples.slice(0, half));
      const second = Math.max(...samples.slice(half), end.now);
      record(
        `memory over ${minutes} min of GET /api/pools at ${RATE} req/s with ${STREAMS} open streams, ${o.pools}`,
        `RSS ${mib(start)} at the start, ${mib(end.now)} at the end, peak ${mib(first)} in the first half and ${mib(second)} in the second (${samples.length} samples); ${long.requests - long.errors}/${long.requests} answered, p99 ${long.p99.toFixed(1)} ms; load average ${long.load}`,
        'flat: the second half peaks ≤ 16 MiB above the first', second - first <= 16,
      );
      return { startMs: s.startMs, idleRss: idle.now };
    } finally {
      close();
    }
  } finally {
    await s.stop();
  }
}

/** Cold first contentful paint and time to the header banner (a degraded pool is up), in Chromium. */
export async function chromiumMeasures(record: RecordRow, bannerTestId: string): Promise<void> {
  const what = 'cold page load in Chromium: first contentful paint, header banner shown';
  if (!existsSync(CHROMIUM)) {
    record(what, `not run: no ${CHROMIUM} (apt-get install -y chromium)`, 'reference', null);
    return;
  }
  const s = await startCompiledServer();
  const browser = await chromium.launch({ executablePath: CHROMIUM });
  try {
    await settled(s);
    const runs: { fcp: number; banner: number }[] = [];
    for (let i = 0; i < 3; i++) {
      // A new context each time: an empty cache, as a first visit.
      const context = await browser.newContext({ baseURL: s.base });
      const login = await context.request.post('/api/login', { data: { username: 'admin', password: 'bench has a long password 31' } });
      if (!login.ok()) throw new Error(`login answered ${login.status()}`);
      const page = await context.newPage();
      await page.addInitScript((id: string) => {
        const w = window as unknown as { __bannerAt?: number };
        new MutationObserver((_m, obs) => {
          if (document.querySelector(`[data-testid="${id}"]`)) {
            w.__bannerAt = performance.now();
            obs.disconnect();
          }
        }).observe(document, { childList: true, subtree: true });
      }, bannerTestId);
      await page.goto('/');
      await page.getByTestId(bannerTestId).first().waitFor({ timeout: 15_000 });
      const m = await page.evaluate(() => ({
        fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? Number.NaN,
        banner: (window as unknown as { __bannerAt?: number }).__bannerAt ?? Number.NaN,
      }));
      runs.push(m);
      await context.close();
    }
    const worst = (k: 'fcp' | 'banner') => Math.max(...runs.map((r) => r[k]));
    record(
      what,
      `first contentful paint ${runs.map((r) => r.fcp.toFixed(0)).join(', ')} ms; banner ${runs.map((r) => r.banner.toFixed(0)).join(', ')} ms after navigation start (3 cold loads, compiled server); load average ${load1()}`,
      'banner ≤ 2000 ms', worst('banner') <= 2000,
    );
  } finally {
    await browser.close();
    await s.stop();
  }
}
