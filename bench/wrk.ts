/**
 * Load from a separate process: `wrk` (Debian package `wrk`, required by `npm run bench` for the
 * load measures — `apt-get install -y wrk`; not needed by `npm test`). Each connection waits a
 * random time between its requests (wrk's `delay()` hook, exponential with the mean that makes
 * `rate` requests per second over `connections` keep-alive connections): arrivals as independent
 * clients make them, not lock-step bursts.
 * wrk's own latency histogram gives the percentiles; its `done()` hook prints them as JSON.
 */
import { execa } from 'execa';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface WrkResult {
  requests: number;
  /** Non-2xx answers, connect/read/write errors and timeouts. */
  errors: number;
  seconds: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

/** Why wrk cannot run here, or null. */
export async function wrkUnavailable(): Promise<string | null> {
  const r = await execa('wrk', ['--version'], { reject: false });
  return r.failed && r.exitCode !== 1 ? 'wrk is not installed (apt-get install -y wrk)' : null;
}

/** Each connection waits an exponentially distributed time (mean delayMs) between requests: all connections together are a Poisson stream at the rate asked, not bursts of one request per connection at once. */
const script = (delayMs: number, token: string) => `
wrk.headers["Authorization"] = "Bearer ${token}"
math.randomseed(os.time() + tonumber(tostring({}):match("0x(%x+)") or "0", 16) % 100000)
function delay() return math.floor(-${delayMs} * math.log(1 - math.random())) end
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('WRK {"requests":%d,"errors":%d,"seconds":%f,"p50":%f,"p90":%f,"p99":%f,"max":%f}\\n',
    summary.requests, e.connect + e.read + e.write + e.status + e.timeout, summary.duration / 1e6,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
`;

/** `rate` requests per second for `seconds` against `url` (with the token), from wrk. */
export async function wrkLoad(url: string, token: string, o: { rate: number; seconds: number; connections?: number }): Promise<WrkResult> {
  const connections = o.connections ?? Math.max(1, Math.round(o.rate / 10));
  // Each connection: one request every connections/rate seconds (minus the answer's own time, small).
  const delayMs = Math.round((connections * 1000) / o.rate);
  const dir = mkdtempSync(join(tmpdir(), 'poolwatch-wrk-'));
  try {
    const file = join(dir, 'rate.lua');
    writeFileSync(file, script(delayMs, token));
    const r = await execa('wrk', ['-t', '1', '-c', String(connections), '-d', `${o.seconds}s`, '--timeout', '10s', '-s', file, url]);
    const line = r.stdout.split('\n').find((l) => l.startsWith('WRK '));
    if (!line) throw new Error(`wrk printed no result:\n${r.stdout}\n${r.stderr}`);
    return JSON.parse(line.slice(4)) as WrkResult;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
