/**
 * The compiled server (dist/server/main.mjs, built when stale) in its own process, as `npm start`
 * runs it: what the load, start and memory measures of `npm run bench` talk to. The load itself
 * comes from yet another process (wrk, bench/wrk.ts), so the client's work never shares the
 * server's event loop.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request as httpRequest } from 'node:http';

const ROOT = join(import.meta.dirname, '..');
const PASSWORD = 'bench has a long password 31';

export interface CompiledServer {
  base: string;
  pid: number;
  /** Spawn → `/api/health` answering, in ms. */
  startMs: number;
  /** A viewer API token. */
  token: string;
  /** Resident memory now and the peak so far (VmHWM), in MiB. */
  rss(): { now: number; peak: number };
  /** CPU time the server used so far (user + system), in ms. */
  cpuMs(): number;
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export async function buildIfStale(): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const p = spawn(process.execPath, [join(ROOT, 'scripts', 'build.mjs'), '--if-stale'], { cwd: ROOT, stdio: 'inherit' });
    p.on('error', reject);
    p.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`npm run build exited with ${code}`))));
  });
}

function statusKiB(pid: number, field: string): number {
  const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) : Number.NaN;
}

/** utime + stime of a process, in ms (USER_HZ is 100 on Linux). */
function procCpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(f[11]) + Number(f[12])) * 10;
}

/** Whether something answers on host:port (the server is listening). */
function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ host: '127.0.0.1', port }, () => {
      s.destroy();
      resolve(true);
    });
    s.on('error', () => resolve(false));
  });
}

export async function startCompiledServer(env: Record<string, string> = {}, nodeArgs: string[] = [], stdout: 'ignore' | 'inherit' = 'ignore'): Promise<CompiledServer> {
  await buildIfStale();
  const dataDir = mkdtempSync(join(tmpdir(), 'poolwatch-bench-'));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const t0 = performance.now();
  const server: ChildProcess = spawn(process.execPath, [...nodeArgs, join(ROOT, 'dist', 'server', 'main.mjs')], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', POOLWATCH_DATA_DIR: dataDir, POOLWATCH_ADMIN_PASSWORD: PASSWORD, JOURNAL_STREAM: '', ...env },
    stdio: ['ignore', stdout, 'inherit'],
  });
  const stop = async () => {
    if (server.exitCode === null) {
      server.kill('SIGTERM');
      await new Promise((r) => server.once('exit', r));
    }
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    const deadline = Date.now() + 60_000;
    // Poll the port every 10 ms (cheap), then confirm with /api/health.
    while (!(await answers(port))) {
      if (server.exitCode !== null || Date.now() > deadline) throw new Error('the compiled server did not start');
      await new Promise((r) => setTimeout(r, 10));
    }
    while (!(await fetch(`${base}/api/health`).then((r) => r.ok, () => false))) await new Promise((r) => setTimeout(r, 10));
    const startMs = performance.now() - t0;
    const login = await fetch(`${base}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: PASSWORD }) });
    const session = (await login.json()) as { csrfToken: string };
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
    const made = await fetch(`${base}/api/tokens`, {
      method: 'POST', headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': session.csrfToken }, body: JSON.stringify({ name: 'bench', role: 'viewer' }),
    });
    const { secret } = (await made.json()) as { secret: string };
    const pid = server.pid!;
    return {
      base, pid, startMs, token: secret,
      rss: () => ({ now: statusKiB(pid, 'VmRSS') / 1024, peak: statusKiB(pid, 'VmHWM') / 1024 }),
      cpuMs: () => procCpuMs(pid),
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** Opens `n` event streams to the server (kept open, what they send read and dropped); returns their closer. */
export function openStreams(base: string, token: string, n: number): () => void {
  const reqs = Array.from({ length: n }, () => {
    const req = httpRequest(`${base}/api/events`, { headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' } }, (res) => res.resume());
    req.on('error', () => undefined);
    req.end();
    return req;
  });
  return () => {
    for (const r of reqs) r.destroy();
  };
}
