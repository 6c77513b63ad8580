/**
 * Monitoring on a real degraded pool (raid1 of three, devid 3 pulled, mounted degraded,ro), through
 * the HTTP API of the graph the server runs:
 * - GET /metrics: needs a token; a real scrape shows the missing device and the pool's state, and
 *   passes `promtool check metrics`;
 * - the support bundle: every file of the seed's list is in the .tar.gz, with real output; with
 *   redaction the pool's label is nowhere; `poolwatch bundle` writes the same files;
 * - a scrub schedule set to "now + 1 min" runs once when the clock gets there, shows in the jobs
 *   list as started by the schedule, and moves its next run (a clock shifted by the test, so no
 *   one waits a minute).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BundlePlanResponse } from '../contracts/bundle.ts';
import { JobsResponse, type Job } from '../contracts/jobs.ts';
import { SchedulesResponse } from '../contracts/schedules.ts';
import { breakScenario, downScenario, upScenario } from '../lab/cli.ts';
import { waitFor, type Lab } from '../lab/lab.ts';
import { labSkipReason } from '../lab/require-lab.ts';
import { main as cli } from './cli/main.ts';
import { RealHost } from './host/real-host.ts';
import { ShiftedClock } from './test-support/clock.ts';
import { apiTokens, serve, testGraph, type Served, type TestGraph } from './test-support/graph.ts';
import { toolSkipReason } from './test-support/require-tool.ts';

const skip = await labSkipReason();
const promtool = skip === null ? toolSkipReason('promtool', 'prometheus') : null;
const LAB_ROOT = resolve(join(import.meta.dirname, '..', '.lab', `monitoring-${process.pid}`));
const SCENARIO = 'raid1-degraded-ro';

/** Extracts with GNU tar into `<dir>/x`; returns the archive's file names. */
function untar(archive: Buffer, dir: string): string[] {
  const file = join(dir, 'bundle.tar.gz');
  writeFileSync(file, archive);
  mkdirSync(join(dir, 'x'));
  const r = spawnSync('tar', ['-xzf', file, '-C', join(dir, 'x')], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`tar: ${r.stderr}`);
  return spawnSync('tar', ['-tzf', file], { encoding: 'utf8' }).stdout.trim().split('\n');
}

describe.skipIf(skip !== null)('monitoring on a degraded lab pool', () => {
  let lab: Lab;
  let uuid: string;
  let dataDir: string;
  let graph: TestGraph<ShiftedClock>;
  let served: Served;
  let tokens: { admin: string; viewer: string };
  const clock = new ShiftedClock();

  const api = async (path: string, init: { method?: string; body?: unknown; token?: string | null } = {}) => {
    const token = init.token === undefined ? tokens.admin : init.token;
    const res = await fetch(`${served.base}${path}`, {
      method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), 'content-type': 'application/json' },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    return res;
  };

  beforeAll(async () => {
    lab = await upScenario(LAB_ROOT, SCENARIO, { break: false });
    uuid = lab.pool(SCENARIO).uuid;
    dataDir = await mkdtemp(join(tmpdir(), 'poolwatch-monitoring-it-'));
    graph = testGraph({
      host: new RealHost(), clock,
      env: { POOLWATCH_DATA_DIR: dataDir, POOLWATCH_MOUNT_ROOT: join(LAB_ROOT, 'mnt2'), POOLWATCH_INSTANCE_NAME: 'lab-nas' },
      config: { fullScanSeconds: 0, jobPollMs: 300 },
    });
    served = await serve(graph);
    tokens = apiTokens(graph);
    // poolwatch sees the pool whole first (that is how it learns which disk each member is), then it breaks.
    await graph.watcher.check();
    await breakScenario(lab);
    await waitFor(async () => {
      await graph.watcher.check();
      const pool = (await graph.inventory.snapshot({ force: true })).pools.find((p) => p.uuid === uuid);
      return pool?.missingCount === 1 && pool.mounted;
    }, 'poolwatch to see the pool degraded and mounted', 30_000);
  });

  afterAll(async () => {
    await served?.close();
    graph?.stop();
    await downScenario(LAB_ROOT, SCENARIO).catch(() => undefined);
    await downScenario(LAB_ROOT, 'single').catch(() => undefined);
    await rm(LAB_ROOT, { recursive: true, force: true });
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('GET /metrics: refused without a token; a viewer scrape shows the missing device and the degraded state', async () => {
    expect((await api('/metrics', { token: null })).status).toBe(401);
    const res = await api('/metrics', { token: tokens.viewer });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    const text = await res.text();
    expect(text).toContain(`poolwatch_pool_devices_missing{uuid="${uuid}"} 1`);
    expect(text).toContain(`poolwatch_pool_devices{uuid="${uuid}"} 3`);
    expect(text).toContain(`poolwatch_device_missing{uuid="${uuid}",devid="3"} 1`);
    expect(text).toContain(`poolwatch_pool_state{uuid="${uuid}",state="degraded"} 1`);
    expect(text).toContain(`poolwatch_pool_state{uuid="${uuid}",state="healthy"} 0`);
    expect(text).toContain(`poolwatch_pool_maintenance_required{uuid="${uuid}"} 1`);
    expect(text).toMatch(new RegExp(`poolwatch_device_errors_total\\{uuid="${uuid}",devid="1",counter="read"\\} \\d+`));
    expect(text).toContain(`label="pw-${SCENARIO}"`);
    expect(text).toMatch(/poolwatch_scan_duration_seconds \d/);
    if (promtool === null) {
      const check = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
      expect(`${check.stdout}${check.stderr}`).toBe('');
      expect(check.status).toBe(0);
    }
  });

  it('the support bundle of the degraded pool holds every file of the seed\'s list, with what the machine said', async () => {
    // Other labs on this machine come and go between two requests: compare what is about this pool and the machine.
    const ours = (name: string) => (!name.startsWith('pools/') && !name.startsWith('smart/')) || name.startsWith(`pools/${uuid}/`)
      || ['d1', 'd2'].some((d) => name === `smart/${lab.loopOf(d).replace('/dev/', '')}.txt`);
    const plan = BundlePlanResponse.parse(await (await api('/api/bundle?redact=0')).json());
    expect((await api('/api/bundle', { token: tokens.viewer })).status).toBe(403);
    const res = await api('/api/bundle.tar.gz?redact=0');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="poolwatch-bundle-lab-nas-.*\.tar\.gz"$/);
    const dir = await mkdtemp(join(tmpdir(), 'pw-bundle-it-'));
    try {
      const names = untar(Buffer.from(await res.arrayBuffer()), dir);
      expect(names.filter(ours).sort()).toEqual(plan.files.map((f) => f.path).filter(ours).sort());
      const read = (p: string) => readFile(join(dir, 'x', p), 'utf8');
      const seedList = [
        'system/uname.txt', 'btrfs/version.txt', 'btrfs/fi-show.txt', `pools/${uuid}/fi-df.txt`, `pools/${uuid}/fi-usage.txt`, `pools/${uuid}/device-stats.txt`,
        'kernel/dmesg-storage.txt', 'disks/lsblk.txt', 'disks/findmnt.txt', 'system/poolwatch-version.txt', 'system/poolwatch-config.json', 'poolwatch/jobs.json', 'poolwatch/audit.json',
      ];
      for (const p of seedList) expect(names, p).toContain(p);
      expect(await read('system/uname.txt')).toMatch(/^Linux /);
      expect(await read('btrfs/version.txt')).toMatch(/btrfs-progs v/);
      expect(await read('btrfs/fi-show.txt')).toContain(uuid);
      expect(await read(`pools/${uuid}/fi-df.txt`)).toMatch(/Data, RAID1/);
      expect(await read(`pools/${uuid}/fi-usage.txt`)).toMatch(/Device size/);
      expect(await read(`pools/${uuid}/device-stats.txt`)).toMatch(/\.write_io_errs\s+\d+/);
      expect(await read('kernel/dmesg-storage.txt')).toMatch(/BTRFS/);
      expect(await read('disks/findmnt.txt')).toContain(lab.pool(SCENARIO).mountPoint);
      expect(JSON.parse(await read('system/poolwatch-config.json'))).toMatchObject({ mountRoot: join(LAB_ROOT, 'mnt2') });
      // smartctl -x of each member (loop devices have no SMART: the file says what smartctl said).
      for (const disk of ['d1', 'd2']) expect(names).toContain(`smart/${lab.loopOf(disk).replace('/dev/', '')}.txt`);
      expect(await read('manifest.txt')).toContain('$ btrfs filesystem usage -T --');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }

    const redacted = await api('/api/bundle.tar.gz?redact=1');
    const rdir = await mkdtemp(join(tmpdir(), 'pw-bundle-it-'));
    try {
      untar(Buffer.from(await redacted.arrayBuffer()), rdir);
      const all: string[] = [];
      const walk = async (d: string): Promise<void> => {
        for (const e of await readdir(d, { withFileTypes: true })) {
          if (e.isDirectory()) await walk(join(d, e.name));
          else all.push(await readFile(join(d, e.name), 'utf8'));
        }
      };
      await walk(join(rdir, 'x'));
      expect(all.join('\n')).not.toMatch(new RegExp(`(?<![\\w.-])pw-${SCENARIO}(?![\\w.-])`));
      expect(all.join('\n')).toContain('LABEL-');
    } finally {
      await rm(rdir, { recursive: true, force: true });
    }

    // The CLI writes the same bundle where the web UI is down.
    const out = join(dataDir, 'cli-bundle.tar.gz');
    const io = { stdin: new PassThrough(), stdout: new PassThrough(), stderr: new PassThrough() };
    const err: string[] = [];
    io.stderr.on('data', (c: Buffer) => err.push(c.toString()));
    const code = await cli(['bundle', '--output', out], io, { POOLWATCH_DATA_DIR: dataDir, POOLWATCH_MOUNT_ROOT: join(LAB_ROOT, 'mnt2'), POOLWATCH_INSTANCE_NAME: 'lab-nas' });
    expect(code, err.join('')).toBe(0);
    const cdir = await mkdtemp(join(tmpdir(), 'pw-bundle-it-'));
    try {
      const names = untar(await readFile(out), cdir);
      expect(names.filter(ours).sort()).toEqual(plan.files.map((f) => f.path).filter(ours).sort());
    } finally {
      await rm(cdir, { recursive: true, force: true });
      await writeFile(out, '');
    }
  });

  it('a scrub schedule set to now + 1 min runs once when that time comes, shows in the jobs list, and moves its next run', async () => {
    // A healthy pool of its own: the kernel stops a scrub of a pool that misses a member by itself.
    const single = await upScenario(LAB_ROOT, 'single');
    const uuid = single.pool('single').uuid;
    await waitFor(async () => Boolean((await graph.inventory.snapshot({ force: true })).pools.find((p) => p.uuid === uuid)?.mounted), 'poolwatch to see the single pool', 30_000);
    // The graph's clock runs 61 s behind while the schedule is made, so "now + 1 min" is already
    // past in real time: returning the clock to the present is the minute going by, and the scrub
    // job then starts at the time the kernel will report (a clock ahead would make it "not ours").
    clock.offsetMs = -61_000;
    const runAt = new Date(clock.now().getTime() + 60_000);
    const created = await api('/api/schedules', {
      body: { kind: 'scrub', poolUuid: uuid, diskKey: null, enabled: true, recurrence: { every: 'month', monthDay: 1, at: '01:00', windowHours: 6 }, speedLimitBytesPerSecond: 64 * 1024 * 1024, nextRunAt: runAt.toISOString() },
    });
    expect(created.status, await created.clone().text()).toBe(201);
    const scheduleId = ((await created.json()) as { schedule: { id: string } }).schedule.id;
    const scrubJobs = async (): Promise<Job[]> => JobsResponse.parse(await (await api(`/api/jobs?pool=${uuid}`)).json()).jobs.filter((j) => j.kind === 'scrub-start');
    const before = (await scrubJobs()).length;

    await graph.scheduler.tick();
    expect(await scrubJobs()).toHaveLength(before);

    clock.offsetMs = 0;
    await graph.scheduler.tick();
    await graph.scheduler.tick();
    const jobs = await scrubJobs();
    expect(jobs).toHaveLength(before + 1);
    const job = jobs[0]!;
    expect(job.createdBy).toBe('schedule');
    const done = await graph.jobs.wait(job.id);
    expect(done.state, `${done.error} ${done.log.join('\n')}`).toBe('succeeded');
    expect(done.argv).toContainEqual(['btrfs', 'scrub', 'start', '--', single.pool('single').mountPoint]);
    expect(done.result?.scrub).toMatchObject({ state: 'finished', errorsFound: 0 });

    const schedule = SchedulesResponse.parse(await (await api('/api/schedules', { token: tokens.viewer })).json()).schedules.find((s) => s.id === scheduleId)!;
    expect(schedule.lastJobId).toBe(job.id);
    expect(schedule.lastOutcome).toMatch(/^job succeeded/);
    expect(Date.parse(schedule.nextRunAt!)).toBeGreaterThan(clock.now().getTime() + 24 * 3600_000);
    expect(new Date(schedule.nextRunAt!).getDate()).toBe(1);
    const stored = graph.stores.schedules.get(scheduleId)!;
    expect(stored.lastOutcome).toMatch(/started scrub job .*(limited to 64 MiB\/s per member|no scrub_speed_max)/);

    await graph.scheduler.tick();
    expect(await scrubJobs()).toHaveLength(before + 1);
    // The limit is lifted once the scheduled scrub is over (present members only: devid 3 is gone).
    if (/limited to/.test(stored.lastOutcome ?? '')) {
      await waitFor(async () => (await readFile(`/sys/fs/btrfs/${uuid}/devinfo/1/scrub_speed_max`, 'utf8')).trim() === '0', 'the speed limit to be lifted', 10_000);
    }
    await downScenario(LAB_ROOT, 'single');
  });
});
