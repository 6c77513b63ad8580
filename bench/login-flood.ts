/**
 * Issue 9: "a login flood cannot slow reads" (ADR 020: per-address and per-account limits before
 * any hashing, at most POOLWATCH_MAX_PARALLEL_HASHES scrypt hashes at once). Measured against the
 * real compiled server (dist/server/main.mjs, built when stale) on this machine: `GET /api/pools`
 * latency (p50/p99) alone, then while wrong-password logins flood the port
 *  - from one address (what the per-address limit stops before hashing), and
 *  - from many addresses (a botnet; the server trusts the loopback proxy here, so each request
 *    names its own X-Forwarded-For): only the hash gate stands between the flood and the reads.
 * Before ADR 020 a flood took `GET /api/pools` to 16–28 s.
 *
 * `npm run bench` calls loginFloodBench(); `tsx bench/login-flood.ts` runs it alone and prints rows.
 */
import { loadavg } from 'node:os';
import { startCompiledServer } from './compiled-server.ts';

/** Reads per measurement; kept small: the flood phases run as long as the reads take. */
const READS = 40;
const FLOOD_WORKERS = 16;

export type RecordRow = (what: string, result: string, target: string, ok: boolean | null) => void;

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
}

/** `GET /api/pools` READS times in a row: latencies in ms. */
async function readLatencies(base: string, token: string): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < READS; i++) {
    const t = performance.now();
    const r = await fetch(`${base}/api/pools`, { headers: { authorization: `Bearer ${token}` } });
    await r.arrayBuffer();
    if (r.status !== 200) throw new Error(`GET /api/pools answered ${r.status}`);
    out.push(performance.now() - t);
  }
  return out;
}

/** Wrong-password logins from FLOOD_WORKERS loops until `stop`; answers counted by status. */
function flood(base: string, spread: boolean): { stop(): Promise<{ sent: number; statuses: { [s: string]: number }; seconds: number }> } {
  let running = true;
  const statuses: { [s: string]: number } = {};
  let sent = 0;
  const t0 = performance.now();
  const worker = async (w: number) => {
    while (running) {
      const ip = spread ? `10.${w}.${(sent >> 8) & 255}.${sent & 255}` : '10.0.0.1';
      sent++;
      try {
        const r = await fetch(`${base}/api/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-forwarded-for': ip },
          body: JSON.stringify({ username: spread ? `user${sent % 50}` : 'admin', password: `wrong password ${sent}` }),
        });
        await r.arrayBuffer();
        statuses[r.status] = (statuses[r.status] ?? 0) + 1;
      } catch {
        statuses.error = (statuses.error ?? 0) + 1;
      }
    }
  };
  const workers = Array.from({ length: FLOOD_WORKERS }, (_, w) => worker(w));
  return {
    async stop() {
      running = false;
      await Promise.all(workers);
      return { sent, statuses, seconds: (performance.now() - t0) / 1000 };
    },
  };
}

const fmt = (xs: number[]) => `p50 ${percentile(xs, 50).toFixed(0)} ms, p99 ${percentile(xs, 99).toFixed(0)} ms`;

export async function loginFloodBench(record: RecordRow): Promise<void> {
  const server = await startCompiledServer({ POOLWATCH_TRUST_PROXY: 'loopback' });
  const { base, token: secret } = server;
  try {
    await readLatencies(base, secret); // warm: the first scan, SMART reads
    const load = loadavg().map((l) => l.toFixed(2)).join(' ');
    const quiet = await readLatencies(base, secret);
    record('GET /api/pools, compiled server, no flood', `${fmt(quiet)} (${READS} reads; load average ${load})`, 'reference', null);

    for (const spread of [false, true]) {
      const f = flood(base, spread);
      const during = await readLatencies(base, secret);
      const r = await f.stop();
      const answers = Object.entries(r.statuses).map(([s, n]) => `${s} ×${n}`).join(', ');
      const p99 = percentile(during, 99);
      record(
        `GET /api/pools during a wrong-password login flood from ${spread ? 'many addresses (via a trusted proxy)' : 'one address'}, ${FLOOD_WORKERS} concurrent`,
        `${fmt(during)}; ${r.sent} logins in ${r.seconds.toFixed(1)} s (${answers}); load average ${loadavg()[0]!.toFixed(2)}`,
        'p99 < 1000 ms', p99 < 1000,
      );
    }
  } finally {
    await server.stop();
  }
}

if (import.meta.filename === process.argv[1]) {
  await loginFloodBench((what, result, target, ok) => console.log(`${ok === null ? '  ' : ok ? 'ok' : 'NO'} ${what}: ${result} (target ${target})`));
  process.exit(0);
}
