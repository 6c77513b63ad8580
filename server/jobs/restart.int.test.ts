/**
 * Restart safety with a real process kill (issue 4, decision 008): the real server (`server/main.ts`)
 * runs as a child process, starts a replace and a balance, is SIGKILLed mid-operation, and a new
 * server process on the same data dir finds the operation in the kernel and the journal, shows
 * it running with progress, and records how it ended (job state and audit log).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, rmdir, stat, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditResponse, type AuditEntry } from '../../contracts/audit.ts';
import { Job, JobResponse } from '../../contracts/jobs.ts';
import type { Disk } from '../../contracts/api.ts';
import type { PoolView } from '../../contracts/views.ts';
import { downScenario, upScenario } from '../../lab/cli.ts';
import { sh, teardown, type Lab } from '../../lab/lab.ts';
import { sha256File } from '../../lab/jobs-test-server.ts';
import { labSkipReason } from '../../lab/require-lab.ts';
import { testGraph } from '../test-support/graph.ts';
import { parseFiShow } from '../parsers/fi-show.ts';

const skip = await labSkipReason();
const REPO = resolve(join(import.meta.dirname, '..', '..'));
const LAB_ROOT = join(REPO, '.lab', `restart-${process.pid}`);
const MOUNT_ROOT = join(LAB_ROOT, 'mnt2');
const SCENARIOS = ['spare', 'raid1-healthy'];
const MIB = 1024 * 1024;
const CGROUP_ROOT = '/sys/fs/cgroup/blkio';
const CGROUP = join(CGROUP_ROOT, `poolwatch-restart-${process.pid}`);
/** The replace copies ~130 MiB per member: at this rate it runs about half a minute, long enough to kill and restart around. */
const REPLACE_BYTES_PER_SECOND = 4 * MIB;
/** Balance reads through the blkio cgroup: slow enough that the full balance outlives a restart. */
const BALANCE_READ_BYTES_PER_SECOND = 2 * MIB;
/** tsx compiles the server on start: allow for a busy two-core machine. */
const SERVER_START_MS = 60_000;

interface PoolwatchProcess {
  proc: ChildProcess;
  output: string[];
  exited: Promise<number | null>;
}

describe.skipIf(skip !== null)('restart safety: the server process is killed mid-operation', () => {
  let dataDir: string;
  let token: string;
  let port: number;
  const servers: PoolwatchProcess[] = [];
  /** Members throttled through scrub_speed_max, lifted in afterAll. */
  const throttled: { uuid: string; mountPoint: string; devid: number }[] = [];

  const base = () => `http://127.0.0.1:${port}`;

  async function api(path: string, init: { method?: string; body?: unknown } = {}): Promise<{ status: number; body: Record<string, unknown> }> {
    const res = await fetch(`${base()}${path}`, {
      method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  }

  async function job(id: string): Promise<Job> {
    const r = await api(`/api/jobs/${id}`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return JobResponse.parse(r.body).job;
  }

  /** Polls the job until it ended; returns it and every running state seen meanwhile. */
  async function waitJob(id: string, timeoutMs = 60_000): Promise<{ job: Job; seen: Job[] }> {
    const seen: Job[] = [];
    const end = Date.now() + timeoutMs;
    for (;;) {
      const j = await job(id);
      if (j.state !== 'queued' && j.state !== 'running') return { job: j, seen };
      seen.push(j);
      if (Date.now() > end) throw new Error(`job ${id} still ${j.state} after ${timeoutMs} ms: ${JSON.stringify(j.progress)}`);
      await sleep(250);
    }
  }

  async function auditOf(uuid: string): Promise<AuditEntry[]> {
    const r = await api(`/api/audit?pool=${uuid}&limit=500`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return AuditResponse.parse(r.body).entries;
  }

  /** The real server as a child process; `inCgroup` starts it inside the blkio cgroup (its children inherit it). */
  async function startServer(opts: { inCgroup?: boolean } = {}): Promise<PoolwatchProcess> {
    const env = {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      POOLWATCH_DATA_DIR: dataDir,
      POOLWATCH_MOUNT_ROOT: MOUNT_ROOT,
      POOLWATCH_FULL_SCAN_SECONDS: '1',
      POOLWATCH_SMARTD_CONF: join(LAB_ROOT, 'smartd.conf'),
      POOLWATCH_ADMIN_PASSWORD: '',
    };
    const node = [process.execPath, '--import', 'tsx', 'server/main.ts'];
    // `exec` keeps the pid: the process we kill is the server itself, not a shell around it.
    const proc = opts.inCgroup
      ? spawn('sh', ['-c', `echo $$ > "$0/cgroup.procs" && exec "$@"`, CGROUP, ...node], { cwd: REPO, env, stdio: ['ignore', 'pipe', 'pipe'] })
      : spawn(node[0]!, node.slice(1), { cwd: REPO, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const output: string[] = [];
    proc.stdout!.on('data', (b: Buffer) => output.push(b.toString()));
    proc.stderr!.on('data', (b: Buffer) => output.push(b.toString()));
    const exited = new Promise<number | null>((r) => proc.once('exit', (code) => r(code)));
    const s: PoolwatchProcess = { proc, output, exited };
    servers.push(s);
    const end = Date.now() + SERVER_START_MS;
    for (;;) {
      if (proc.exitCode !== null || proc.signalCode !== null) throw new Error(`the server exited on start:\n${output.join('')}`);
      const ok = await fetch(`${base()}/api/health`).then((r) => r.ok, () => false);
      if (ok) return s;
      if (Date.now() > end) throw new Error(`the server did not answer /api/health within ${SERVER_START_MS} ms:\n${output.join('')}`);
      await sleep(200);
    }
  }

  async function killServer(s: PoolwatchProcess, signal: NodeJS.Signals): Promise<void> {
    if (s.proc.exitCode === null && s.proc.signalCode === null) s.proc.kill(signal);
    await s.exited;
    servers.splice(servers.indexOf(s), 1);
  }

  /** Throttles a replace/scrub on one member — only devids `fi show` lists as present (devinfo of others oopses this kernel). */
  async function throttleMember(uuid: string, mountPoint: string, devid: number, bytesPerSecond: number): Promise<void> {
    const show = parseFiShow((await sh('btrfs', ['filesystem', 'show', '--raw', mountPoint])).stdout).pools.find((p) => p.uuid === uuid);
    const present = (show?.devices ?? []).filter((d) => !d.missing && d.devid !== 0).map((d) => d.devid);
    if (!present.includes(devid)) throw new Error(`devid ${devid} is not a present member of ${uuid} (present: ${present.join(', ')})`);
    await writeFile(`/sys/fs/btrfs/${uuid}/devinfo/${devid}/scrub_speed_max`, String(bytesPerSecond));
    if (bytesPerSecond > 0) throttled.push({ uuid, mountPoint, devid });
  }

  beforeAll(async () => {
    await mkdir(LAB_ROOT, { recursive: true });
    dataDir = await mkdtemp(join(tmpdir(), 'poolwatch-restart-it-'));
    const graph = testGraph({ env: { POOLWATCH_DATA_DIR: dataDir } });
    try {
      token = graph.auth.createToken('restart-int-test', 'restart-int-test', 'admin').secret;
    } finally {
      graph.stop();
    }
    port = await freePort();
  });

  afterAll(async () => {
    for (const t of throttled) {
      // Still only a present member: after a replace the devid names the new disk, which is fine to write.
      await throttleMember(t.uuid, t.mountPoint, t.devid, 0).catch(() => undefined);
    }
    for (const s of [...servers]) await killServer(s, 'SIGKILL');
    await liftCgroup();
    await teardown(MOUNT_ROOT).catch(() => undefined);
    for (const s of SCENARIOS) await downScenario(LAB_ROOT, s).catch(() => undefined);
    await rm(LAB_ROOT, { recursive: true, force: true });
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('replace: SIGKILL mid-replace, a new server follows the kernel\'s replace, reports progress and records success', async () => {
    const name = 'spare';
    const lab = await upScenario(LAB_ROOT, name);
    const uuid = lab.pool(name).uuid;
    const mountPoint = lab.pool(name).mountPoint;
    const label = lab.pool(name).label;
    // Not more: a replace needs unallocated room to set block groups read-only (ENOSPC, -28, otherwise).
    await lab.writeFile(name, 'big.bin', 100);
    const spare = lab.state.disks.spare!;

    const first = await startServer();
    const disks = (await api('/api/disks')).body.disks as Disk[];
    const target = disks.find((d) => d.path === spare.loop);
    expect(target, `the spare ${spare.loop} in GET /api/disks`).toMatchObject({ role: 'unused', identity: { key: `loop:${spare.file}` } });

    await throttleMember(uuid, mountPoint, 2, REPLACE_BYTES_PER_SECOND);
    const started = await api(`/api/pools/${uuid}/actions/replace`, { body: { devid: 2, targetDisk: target!.identity.key, confirmLabel: `${label} ${spare.loop}` } });
    expect(started.status, JSON.stringify(started.body)).toBe(202);
    const id = Job.parse(started.body.job).id;
    await until(async () => {
      const j = await job(id);
      return j.state === 'running' && (j.progress.percent ?? 0) > 0 && (await exclusiveOperation(uuid)) === 'device replace';
    }, 'the replace to run and report progress', async () => `${JSON.stringify(await job(id))} exclusive_operation=${await exclusiveOperation(uuid)}`);
    const before = await job(id);
    expect(before.argv).toContainEqual(['btrfs', 'replace', 'start', '-r', '--', '2', spare.loop, mountPoint]);

    await killServer(first, 'SIGKILL');
    // poolwatch is gone; the kernel carries on.
    expect(await exclusiveOperation(uuid)).toBe('device replace');
    expect((await sh('btrfs', ['replace', 'status', '-1', mountPoint])).stdout).toMatch(/% done/);

    const second = await startServer();
    expect(second.output.join('')).toContain(`job ${id} (replace) after restart: running`);
    const reattached = await job(id);
    expect(reattached.state).toBe('running');
    expect(reattached.progress.percent, 'progress right after the restart').not.toBeNull();
    expect(reattached.log.join('\n')).toMatch(/poolwatch restarted; the kernel still runs the replace: following it again/);
    // A second exclusive operation is still refused: the new server knows the pool is busy.
    const busy = await api(`/api/pools/${uuid}/actions/balance-start`, { body: { mode: 'full' } });
    expect(busy.status).toBe(409);

    await throttleMember(uuid, mountPoint, 2, 0);
    const { job: done, seen } = await waitJob(id);
    expect(done.state, `${done.error} ${done.log.join('\n')}`).toBe('succeeded');
    expect(seen.every((j) => j.progress.percent !== null), 'every running state after the restart carries a percent').toBe(true);
    expect(done.progress.percent).toBe(100);
    expect(done.result?.summary).toMatch(/replace of devid 2 finished: 0 write errors, 0 uncorrectable read errors/);

    await until(async () => {
      const pool = (await api(`/api/pools/${uuid}`)).body.pool as PoolView;
      return pool.devices.find((d) => d.devid === 2)?.path === spare.loop;
    }, 'the pool view to show the spare as devid 2', async () => JSON.stringify((await api(`/api/pools/${uuid}`)).body.pool));
    const pool = (await api(`/api/pools/${uuid}`)).body.pool as PoolView;
    expect(pool.missingCount).toBe(0);
    expect(pool.missingDevids).toEqual([]);
    expect(pool.devices.map((d) => [d.devid, d.path])).toEqual([[1, lab.loopOf('d1')], [2, spare.loop]]);
    await expectChecksums(lab, name);

    // The audit log: the first server's start command, and the outcome the second one recorded.
    const audit = await auditOf(uuid);
    expect(audit.find((e) => e.action === 'pool.replace' && e.argv?.[1] === 'replace' && e.argv[2] === 'start'))
      .toMatchObject({ actor: 'token:restart-int-test', exitCode: 0, outcome: 'ok' });
    expect(audit.find((e) => e.action === 'pool.replace' && e.argv === null && detailsOf(e).jobId === id))
      .toMatchObject({ actor: 'token:restart-int-test', outcome: 'ok', details: { jobId: id, state: 'succeeded' } });

    await killServer(second, 'SIGTERM');
  });

  it('balance: SIGKILL mid-balance, a new server follows the kernel\'s balance, cancels it and records the cancel', async (ctx) => {
    if (!existsSync(CGROUP_ROOT)) {
      ctx.skip(`no cgroup-v1 blkio controller at ${CGROUP_ROOT}: a balance cannot be slowed down here`);
      return;
    }
    const name = 'raid1-healthy';
    const lab = await upScenario(LAB_ROOT, name);
    const uuid = lab.pool(name).uuid;
    const mountPoint = lab.pool(name).mountPoint;
    await lab.writeFile(name, 'more.bin', 64);

    // The server (and so the backgrounded `btrfs balance start --bg` it runs) reads the pool's disks through a throttled cgroup.
    await mkdir(CGROUP, { recursive: true });
    for (const d of lab.pool(name).disks) {
      const dev = await majorMinor(lab.loopOf(d));
      await writeFile(join(CGROUP, 'blkio.throttle.read_bps_device'), `${dev} ${BALANCE_READ_BYTES_PER_SECOND}`);
      cgroupDevices.push(dev);
    }
    const first = await startServer({ inCgroup: true });
    const started = await api(`/api/pools/${uuid}/actions/balance-start`, { body: { mode: 'full' } });
    expect(started.status, JSON.stringify(started.body)).toBe(202);
    const id = Job.parse(started.body.job).id;
    await until(async () => {
      const j = await job(id);
      return j.state === 'running' && j.progress.percent !== null && (await exclusiveOperation(uuid)) === 'balance';
    }, 'the balance to run and report progress', async () => `${JSON.stringify(await job(id))} exclusive_operation=${await exclusiveOperation(uuid)}`);
    expect((await job(id)).argv).toContainEqual(['btrfs', 'balance', 'start', '--bg', '--full-balance', '--', mountPoint]);

    await killServer(first, 'SIGKILL');
    expect(await exclusiveOperation(uuid)).toBe('balance');
    expect((await sh('btrfs', ['balance', 'status', mountPoint], { okExitCodes: [1] })).stdout).toMatch(/is running/);

    const second = await startServer();
    expect(second.output.join('')).toContain(`job ${id} (balance-start) after restart: running`);
    const reattached = await job(id);
    expect(reattached.state).toBe('running');
    expect(reattached.progress.percent, 'progress right after the restart').not.toBeNull();
    expect(reattached.progress.detail).toMatch(/chunks balanced/);
    expect(reattached.log.join('\n')).toMatch(/poolwatch restarted; the kernel still runs the balance: following it again/);

    const cancel = await api(`/api/jobs/${id}/cancel`, { body: {} });
    expect(cancel.status, JSON.stringify(cancel.body)).toBe(202);
    // The cancel waits for the chunk in flight: let it finish at full speed.
    await liftCgroup();
    const { job: done } = await waitJob(id);
    expect(done.state, `${done.error} ${done.log.join('\n')}`).toBe('cancelled');
    expect(done.argv).toContainEqual(['btrfs', 'balance', 'cancel', '--', mountPoint]);
    expect((await sh('btrfs', ['balance', 'status', mountPoint], { okExitCodes: [1] })).stdout).toMatch(/No balance found/);
    expect(await exclusiveOperation(uuid)).toBeNull();
    await expectChecksums(lab, name);

    const audit = await auditOf(uuid);
    expect(audit.find((e) => e.action === 'pool.balance-start' && e.argv?.[2] === 'start')).toMatchObject({ exitCode: 0, outcome: 'ok' });
    expect(audit.find((e) => e.action === 'job.cancel' && e.target === id)).toMatchObject({ actor: 'token:restart-int-test', outcome: 'ok' });
    expect(audit.find((e) => e.action === 'pool.balance-start' && e.argv?.[2] === 'cancel')).toMatchObject({ exitCode: 0, outcome: 'ok' });
    expect(audit.find((e) => e.action === 'pool.balance-start' && e.argv === null && detailsOf(e).jobId === id))
      .toMatchObject({ outcome: 'cancelled', details: { jobId: id, state: 'cancelled' } });

    await killServer(second, 'SIGTERM');
  });
});

async function exclusiveOperation(uuid: string): Promise<string | null> {
  const op = (await readFile(`/sys/fs/btrfs/${uuid}/exclusive_operation`, 'utf8').catch(() => '')).trim();
  return op === '' || op === 'none' ? null : op;
}

async function expectChecksums(lab: Lab, poolName: string): Promise<void> {
  const p = lab.pool(poolName);
  for (const [file, digest] of Object.entries(p.files)) expect(await sha256File(join(p.mountPoint, file)), file).toBe(digest);
}

function detailsOf(e: AuditEntry): Record<string, unknown> {
  return typeof e.details === 'object' && e.details !== null ? (e.details as Record<string, unknown>) : {};
}

/** Loop devices (major:minor) with a read limit in the test's cgroup. */
const cgroupDevices: string[] = [];

async function majorMinor(device: string): Promise<string> {
  const rdev = (await stat(device)).rdev;
  return `${Math.floor(rdev / 256)}:${rdev % 256}`;
}

/**
 * Drops the read limits (which releases bios already held back), moves every process out of the
 * test's cgroup (the balance worker may still be in it) and removes it.
 */
async function liftCgroup(): Promise<void> {
  if (!existsSync(CGROUP)) return;
  for (const dev of cgroupDevices.splice(0)) await writeFile(join(CGROUP, 'blkio.throttle.read_bps_device'), `${dev} 0`).catch(() => undefined);
  const pids = (await readFile(join(CGROUP, 'cgroup.procs'), 'utf8').catch(() => '')).split('\n').filter(Boolean);
  for (const pid of pids) await writeFile(join(CGROUP_ROOT, 'cgroup.procs'), pid).catch(() => undefined);
  await rmdir(CGROUP).catch(() => undefined);
}

async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const addr = srv.address();
  await new Promise((r) => srv.close(r));
  if (!addr || typeof addr === 'string') throw new Error('no free port');
  return addr.port;
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** `describe` says what was seen last, for the failure message. */
async function until(check: () => Promise<boolean>, what: string, describe: () => Promise<string> = async () => '', timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await check()) return;
    await sleep(200);
  }
  throw new Error(`timed out waiting for ${what}; last seen: ${await describe().catch((err: unknown) => String(err))}`);
}
