/**
 * The real poolwatch server (`server/main.ts`) as a child process, for integration tests that stop
 * and start it: started with the environment given, ready once /api/health answers, signed in as
 * the admin the environment creates (POOLWATCH_ADMIN_PASSWORD).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';
import { waitFor } from '../../lab/lab.ts';

const ROOT = resolve(join(import.meta.dirname, '..', '..'));

export interface ServerProcess {
  /** Everything it printed. */
  output(): string;
  /** GET/POST … with the admin's session cookie; the parsed JSON and the status. */
  api(path: string, init?: { method?: string; body?: unknown }): Promise<{ status: number; body: unknown }>;
  /** Sends the signal and waits for the process to exit. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

export async function startServerProcess(port: number, env: Record<string, string>): Promise<ServerProcess> {
  let output = '';
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'server', 'main.ts')], {
    cwd: ROOT, env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', ...env }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const base = `http://127.0.0.1:${port}`;
  const stop = async (signal: NodeJS.Signals = 'SIGTERM') => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill(signal);
    await exited;
  };
  try {
    await waitFor(async () => child.exitCode === null && (await fetch(`${base}/api/health`).catch(() => null))?.ok === true, `poolwatch to answer on port ${port}`, 60_000);
  } catch (err) {
    await stop('SIGKILL');
    throw new Error(`${(err as Error).message}; it said:\n${output}`);
  }
  const login = await fetch(`${base}/api/login`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: env.POOLWATCH_ADMIN_USER ?? 'admin', password: env.POOLWATCH_ADMIN_PASSWORD }),
  });
  if (login.status !== 200) throw new Error(`login answered ${login.status}: ${await login.text()}`);
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  return {
    output: () => output,
    async api(path, init = {}) {
      const res = await fetch(`${base}${path}`, {
        method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
        headers: { cookie, 'content-type': 'application/json', 'x-csrf-token': csrfToken },
        ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
      });
      const text = await res.text();
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {
        // not JSON: the text
      }
      return { status: res.status, body };
    },
    stop,
  };
}
