/**
 * Real Cockpit for the e2e tests (e2e/cockpit.spec.ts): Debian's cockpit-ws on a free port, test
 * users and a socket group made by the test (and removed after), poolwatch's Cockpit package
 * installed where Cockpit really reads it, /usr/share/cockpit/poolwatch, with the documented
 * command (`poolwatch cockpit install --socket … --group …`), and a poolwatch server of its own
 * listening on the Cockpit sockets. Everything it makes it records, and undo() removes exactly
 * that: its users' processes by pid, the users, the group, the sudoers file, the package (with the
 * documented `poolwatch cockpit uninstall`); a package that was installed before is set aside in
 * the test's temporary folder meanwhile (not under /usr/share/cockpit, where Cockpit would load it
 * as a second page) and put back.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { type AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const COCKPIT_WS = '/usr/lib/cockpit/cockpit-ws';
/** Where Cockpit reads system-wide packages (the default of `poolwatch cockpit install`). */
export const SYSTEM_PACKAGE_DIR = '/usr/share/cockpit/poolwatch';

/** Why real Cockpit cannot run here, or null (the packages scripts/test.mjs installs on CI). */
export function cockpitUnavailableReason(): string | null {
  if (process.getuid?.() !== 0) return 'Cockpit tests need root (they create users and start cockpit-ws)';
  for (const path of [COCKPIT_WS, '/usr/bin/cockpit-bridge', '/usr/share/cockpit/shell/manifest.json', '/usr/bin/sudo']) {
    if (!existsSync(path)) return `${path} is missing (apt-get install cockpit-ws cockpit-bridge cockpit-system sudo)`;
  }
  return null;
}

export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
  const { port } = probe.address() as AddressInfo;
  await new Promise((r) => probe.close(r));
  return port;
}

async function waitUntil(what: string, ok: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await ok().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** GET/POST on a Unix socket as root (the admin socket): the test's own view of poolwatch. */
export function socketJson(socketPath: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }> {
  return new Promise((resolvePromise, reject) => {
    const data = body === undefined ? undefined : JSON.stringify(body);
    const req = request({ socketPath, method, path, headers: { 'x-poolwatch-user': 'e2e-test', ...(data ? { 'content-type': 'application/json' } : {}) } }, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString()));
      res.on('end', () => resolvePromise({ status: res.statusCode ?? 0, body: text ? JSON.parse(text) : null }));
    });
    req.on('error', reject);
    req.end(data);
  });
}

export interface CockpitUser {
  name: string;
  password: string;
}

export interface RealCockpit {
  url: string;
  group: string;
  admin: CockpitUser;
  viewer: CockpitUser;
  socket: string;
  adminSocket: string;
  undo(): Promise<void>;
}

function run(file: string, args: string[], input?: string): string {
  return execFileSync(file, args, { encoding: 'utf8', input, stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
}

/** Pids of every process running as `uid` (sessions Cockpit started for a test user). */
function pidsOf(uid: number): number[] {
  const out: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const m = /^Uid:\s+(\d+)/m.exec(readFileSync(`/proc/${entry}/status`, 'utf8'));
      if (m && Number(m[1]) === uid) out.push(Number(entry));
    } catch {
      // Gone meanwhile.
    }
  }
  return out;
}

/** Moves a folder (copies and removes it across file systems: /usr and /tmp may differ). */
function renameOrCopy(from: string, to: string): void {
  try {
    renameSync(from, to);
  } catch {
    cpSync(from, to, { recursive: true, preserveTimestamps: true });
    rmSync(from, { recursive: true, force: true });
  }
}

export async function startRealCockpit(opts: { root: string; poolwatchEnv: Record<string, string> }): Promise<RealCockpit> {
  const tag = `${process.pid}`.slice(-6);
  const group = `pwcock${tag}`;
  const users: CockpitUser[] = [
    { name: `pwcadm${tag}`, password: `cockpit-e2e-admin-${tag}-pw` },
    { name: `pwcview${tag}`, password: `cockpit-e2e-viewer-${tag}-pw` },
  ];
  const sudoers = `/etc/sudoers.d/poolwatch-e2e-${tag}`;
  const made: { users: string[]; group: boolean; sudoers: boolean; pkg: boolean; setAside: string | null } = { users: [], group: false, sudoers: false, pkg: false, setAside: null };
  const children: ChildProcess[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'poolwatch-cockpit-'));
  // Cockpit's bridges run as the test users: they must be able to reach the socket's folder.
  chmodSync(dir, 0o755);
  const socket = join(dir, 'poolwatch.sock');
  const adminSocket = join(dir, 'poolwatch-admin.sock');

  const undo = async () => {
    for (const c of children) c.kill('SIGTERM');
    for (const name of made.users) {
      const uid = Number(run('id', ['-u', name]).trim());
      for (const pid of pidsOf(uid)) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // Already gone.
        }
      }
    }
    await new Promise((r) => setTimeout(r, 300));
    for (const name of made.users) run('userdel', ['--remove', '--force', name]);
    if (made.group) run('groupdel', [group]);
    if (made.sudoers) rmSync(sudoers, { force: true });
    if (made.pkg) {
      try {
        run(process.execPath, [resolve('bin/poolwatch.mjs'), 'cockpit', 'uninstall']);
      } catch {
        rmSync(SYSTEM_PACKAGE_DIR, { recursive: true, force: true });
      }
    }
    if (made.setAside) renameOrCopy(made.setAside, SYSTEM_PACKAGE_DIR);
    rmSync(dir, { recursive: true, force: true });
  };

  try {
    run('groupadd', [group]);
    made.group = true;
    for (const u of users) {
      run('useradd', ['--create-home', '--shell', '/bin/bash', u.name]);
      made.users.push(u.name);
      run('chpasswd', [], `${u.name}:${u.password}\n`);
    }
    // The admin may use sudo (Cockpit's administrative access); the viewer may read the socket.
    writeFileSync(sudoers, `${users[0]!.name} ALL=(ALL) ALL\n`, { mode: 0o440 });
    made.sudoers = true;
    run('usermod', ['-aG', group, users[1]!.name]);

    // The documented install command, into the folder Cockpit reads for every user.
    if (existsSync(SYSTEM_PACKAGE_DIR)) {
      made.setAside = join(dir, 'installed-before');
      renameOrCopy(SYSTEM_PACKAGE_DIR, made.setAside);
    }
    made.pkg = true;
    run(process.execPath, [resolve('bin/poolwatch.mjs'), 'cockpit', 'install', '--socket', socket, '--group', group]);

    const poolwatchPort = await freePort();
    const server = spawn(process.execPath, [resolve('dist/server/main.mjs')], {
      env: { ...process.env, ...opts.poolwatchEnv, PORT: String(poolwatchPort), HOST: '127.0.0.1', POOLWATCH_SOCKET: socket, POOLWATCH_SOCKET_GROUP: group, JOURNAL_STREAM: '' },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    children.push(server);
    await waitUntil('poolwatch on its sockets', async () => (await socketJson(adminSocket, 'GET', '/api/health')).status === 200);

    const port = await freePort();
    const ws = spawn(COCKPIT_WS, ['--no-tls', '--port', String(port), '--address', '127.0.0.1'], { stdio: ['ignore', 'ignore', 'inherit'] });
    children.push(ws);
    const url = `http://127.0.0.1:${port}`;
    await waitUntil('cockpit-ws', async () => (await fetch(`${url}/`)).ok);
    return { url, group, admin: users[0]!, viewer: users[1]!, socket, adminSocket, undo };
  } catch (err) {
    await undo().catch(() => undefined);
    throw err;
  }
}
